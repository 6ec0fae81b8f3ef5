package org.medcloud.viewer.reading;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.medcloud.common.problem.ApiException;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;
import org.medcloud.storage.ObjectNotFoundException;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.StorageException;
import org.medcloud.viewer.catalog.InstanceRef;
import org.medcloud.viewer.config.ViewerConfig;

/**
 * Reads instances straight out of the stored ZIPs: one ranged GET of the entry's data
 * ({@code [dataOffset, dataOffset + compressedSize)}), inflated when the entry is deflated. Parsed
 * instances are cached, bounded by their size in bytes.
 */
@ApplicationScoped
public class InstanceStore {

    @Inject
    ObjectStorage storage;

    @Inject
    ViewerConfig config;

    @Inject
    MeterRegistry registry;

    private Cache<String, DicomObject> parsed;

    @PostConstruct
    void init() {
        parsed = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, config.cache().instancesBytes()))
                .weigher((String key, DicomObject d) -> weight(d))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, parsed, "viewer.instances");
    }

    public void evictSeries(java.util.Collection<String> sopUids) {
        parsed.invalidateAll(sopUids);
    }

    private static int weight(DicomObject d) {
        long len = d.pixelDataInfo() == null ? 0 : Math.max(0, d.pixelDataInfo().length());
        if (d.pixelDataInfo() != null && d.pixelDataInfo().encapsulated()) {
            len = Math.max(len, d.get(org.medcloud.dicom.Tags.PixelData) == null ? 0 : 1 << 20);
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(4096, len + 4096));
    }

    /** Raw stream of the stored DICOM file (inflated when needed). The caller closes it. */
    public InputStream openRaw(String zipKey, long dataOffset, long compressedSize, int method) {
        InputStream in;
        try {
            in = storage.getRange(zipKey, dataOffset, compressedSize);
        } catch (ObjectNotFoundException e) {
            throw ApiException.notFound("Stored series", "the stored archive " + zipKey + " is missing");
        } catch (StorageException e) {
            throw ApiException.upstream(502, "storage-failed", "Object storage failed", e.getMessage(), e);
        }
        if (method == 8) {
            return new InflaterInputStream(in, new Inflater(true), 65536) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (!closed) {
                        closed = true;
                        inf.end();
                        super.close();
                    }
                }
            };
        }
        if (method != 0) {
            throw ApiException.unprocessable("unsupported-zip-method", "Unsupported ZIP entry",
                    "ZIP compression method " + method + " is not supported (only 0 stored and 8 deflated)");
        }
        return in;
    }

    public InputStream openRaw(InstanceRef ref) {
        return openRaw(ref.zipKey(), ref.dataOffset(), ref.compressedSize(), ref.method());
    }

    /** The whole stored file in memory. */
    public byte[] readBytes(InstanceRef ref) {
        try (InputStream in = openRaw(ref)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw ApiException.upstream(502, "storage-failed", "Reading the stored instance failed", e.getMessage(), e);
        }
    }

    /** The instance with its pixel data, parsed (cached). */
    public DicomObject parsed(InstanceRef ref) {
        DicomObject d = parsed.getIfPresent(ref.sopUid());
        if (d != null) {
            return d;
        }
        byte[] bytes = readBytes(ref);
        try {
            d = DicomReader.read(new ByteArrayInputStream(bytes));
        } catch (DicomException e) {
            throw ApiException.unprocessable("undecodable-instance", "Instance cannot be read",
                    "instance " + ref.sopUid() + ": " + e.getMessage());
        } catch (IOException e) {
            throw ApiException.unprocessable("undecodable-instance", "Instance cannot be read",
                    "instance " + ref.sopUid() + ": " + e.getMessage());
        }
        parsed.put(ref.sopUid(), d);
        return d;
    }

    /**
     * The header (everything before Pixel Data) of an entry, for registration: a first ranged GET of
     * {@code headerFetchBytes}, the whole entry if the header is longer; deflated entries are streamed.
     */
    public DicomObject header(String zipKey, long dataOffset, long compressedSize, int method) throws IOException {
        long first = Math.min(compressedSize, Math.max(1024, config.catalog().headerFetchBytes()));
        if (method == 0 && first < compressedSize) {
            byte[] head;
            try (InputStream in = openRaw(zipKey, dataOffset, first, 0)) {
                head = in.readAllBytes();
            }
            try {
                DicomObject h = DicomReader.readHeader(new ByteArrayInputStream(head));
                if (h.pixelDataInfo() != null) {
                    return h; // stopped at Pixel Data: the header is complete
                }
            } catch (EOFException | DicomException e) {
                // header longer than the first range (or cut inside an element): read the whole entry
            }
        }
        try (InputStream in = new BufferedInputStream(openRaw(zipKey, dataOffset, compressedSize, method), 65536)) {
            return DicomReader.readHeader(in);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
