package org.medcloud.viewer.dicomweb;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.medcloud.common.problem.ApiException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.Tags;
import org.medcloud.dicom.json.BulkDataPolicy;
import org.medcloud.dicom.json.DicomJson;
import org.medcloud.viewer.catalog.CatalogRepository;
import org.medcloud.viewer.config.ViewerConfig;

/**
 * Series metadata (PS3.18 WADO-RS metadata, DICOM JSON) prepared once at registration: the JSON is stored
 * gzip'd in PostgreSQL with a placeholder where the DICOMweb base URL goes, and kept expanded in a
 * byte-bounded cache, so a request costs one cache look-up.
 */
@ApplicationScoped
public class MetadataService {

    /** Stands for the DICOMweb base URL (e.g. {@code http://host/dicomweb}) inside stored JSON. */
    static final String BASE_TOKEN = "urn:medcloud:dicomweb-base";
    private static final byte[] TOKEN_BYTES = BASE_TOKEN.getBytes(StandardCharsets.US_ASCII);

    /** Values up to this size are inlined (base64); larger ones and Pixel Data get a BulkDataURI. */
    static final int MAX_INLINE_BYTES = 1024;

    @Inject
    CatalogRepository catalog;

    @Inject
    ViewerConfig config;

    @Inject
    MeterRegistry registry;

    private Cache<String, Prepared> expanded;

    /** Expanded JSON and its strong ETag. */
    public record Prepared(byte[] json, byte[] gzip, String etag) {
    }

    @PostConstruct
    void init() {
        expanded = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, config.cache().metadataBytes()))
                .weigher((String k, Prepared v) -> v.json().length + v.gzip().length + 128)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, expanded, "viewer.metadata");
    }

    /** The DICOM JSON of one instance header, BulkDataURIs under the placeholder base. */
    public static byte[] instanceJson(String studyUid, String seriesUid, String sopUid, DicomObject header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        try {
            DicomJson.write(header, out, policy(BASE_TOKEN, studyUid, seriesUid, sopUid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BulkDataPolicy policy(String base, String studyUid, String seriesUid, String sopUid) {
        String prefix = base + "/studies/" + studyUid + "/series/" + seriesUid + "/instances/" + sopUid + "/bulkdata/";
        return BulkDataPolicy.inlineUpTo(MAX_INLINE_BYTES, (el, path) -> prefix + BulkData.encodePath(path));
    }

    /** The series array from per-instance JSON objects, gzip'd for storage. */
    public static byte[] seriesJsonGzip(List<byte[]> instanceJsons) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(instanceJsons.size() * 4096 + 16);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 65536)) {
            gz.write('[');
            for (int i = 0; i < instanceJsons.size(); i++) {
                if (i > 0) {
                    gz.write(',');
                }
                gz.write(instanceJsons.get(i));
            }
            gz.write(']');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Series metadata with BulkDataURIs under {@code base}; 404 when the series is not registered. */
    public Prepared seriesMetadata(String seriesUid, String base) {
        String key = seriesUid + '|' + base;
        Prepared cached = expanded.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        byte[] out;
        byte[] gz = catalog.metadata(seriesUid)
                .orElseThrow(() -> ApiException.notFound("Series", "no stored series " + seriesUid));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 65536)) {
            out = replaceToken(in.readAllBytes(), base.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Prepared p = new Prepared(out, gzip(out), etag(out));
        expanded.put(key, p);
        return p;
    }

    public void evict(String seriesUid) {
        expanded.asMap().keySet().removeIf(k -> k.startsWith(seriesUid + '|'));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 6 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 65536)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String etag(byte[] bytes) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + java.util.HexFormat.of().formatHex(h, 0, 16) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One instance's metadata (as a one-element array) from its header, URIs under {@code base}. */
    public static byte[] instanceMetadata(String studyUid, String seriesUid, String sopUid, DicomObject header,
                                          String base) {
        byte[] json = instanceJson(studyUid, seriesUid, sopUid, header);
        byte[] withBase = replaceToken(json, base.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[withBase.length + 2];
        out[0] = '[';
        System.arraycopy(withBase, 0, out, 1, withBase.length);
        out[out.length - 1] = ']';
        return out;
    }

    public static byte[] replaceToken(byte[] src, byte[] replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length + src.length / 8);
        int from = 0;
        int n = src.length - TOKEN_BYTES.length;
        outer:
        for (int i = 0; i <= n; i++) {
            if (src[i] != 'u') {
                continue;
            }
            for (int k = 1; k < TOKEN_BYTES.length; k++) {
                if (src[i + k] != TOKEN_BYTES[k]) {
                    continue outer;
                }
            }
            out.write(src, from, i - from);
            out.write(replacement, 0, replacement.length);
            from = i + TOKEN_BYTES.length;
            i = from - 1;
        }
        out.write(src, from, src.length - from);
        return out.toByteArray();
    }

    /** Header-level check used to name what a metadata object describes. */
    static boolean hasPixelData(DicomObject d) {
        return d.contains(Tags.PixelData) || d.pixelDataInfo() != null;
    }
}
