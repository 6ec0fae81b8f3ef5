package org.medcloud.viewer.render;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.medcloud.common.problem.ApiException;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.UnsupportedTransferSyntaxException;
import org.medcloud.dicom.pixel.DecodedFrame;
import org.medcloud.dicom.pixel.FrameDecoder;
import org.medcloud.dicom.pixel.Frames;
import org.medcloud.dicom.render.PngEncoder;
import org.medcloud.dicom.render.RenderOptions;
import org.medcloud.dicom.render.RenderedFrame;
import org.medcloud.dicom.render.Renderer;
import org.medcloud.viewer.catalog.InstanceRef;
import org.medcloud.viewer.config.ViewerConfig;
import org.medcloud.viewer.reading.InstanceStore;

/** Renders frames to PNG/JPEG with window/level, presets and size; results cached by bytes. */
@ApplicationScoped
public class RenderService {

    @Inject
    InstanceStore store;

    @Inject
    ViewerConfig config;

    @Inject
    MeterRegistry registry;

    private Cache<String, byte[]> rendered;

    /** Decoded frames (int samples), bounded by bytes: re-windowing a frame does not decode it again. */
    private Cache<String, DecodedFrame> decoded;

    @PostConstruct
    void init() {
        rendered = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, config.cache().renderedBytes()))
                .weigher((String k, byte[] v) -> v.length + 128)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, rendered, "viewer.rendered");
        decoded = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, config.cache().decodedBytes()))
                .weigher((String k, DecodedFrame f) -> f.samples().length * 4 + 128)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, decoded, "viewer.decoded");
    }

    /** Strong ETag of a rendering: stored data never changes, so it depends only on the inputs. */
    public String etag(InstanceRef ref, RenderRequest request) {
        String basis = "r1|" + ref.seriesUid() + "|" + ref.sopUid() + "|" + ref.zipKey() + "|" + ref.dataOffset() + "|"
                + ref.compressedSize() + "|" + ref.zipMd5() + "|" + request.canonical();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(h, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] render(InstanceRef ref, RenderRequest request, String etag) {
        if (request.frame() > ref.frameCount()) {
            throw ApiException.notFound("Frame", "instance " + ref.sopUid() + " has " + ref.frameCount()
                    + " frame(s); frame " + request.frame() + " does not exist");
        }
        byte[] out = rendered.getIfPresent(etag);
        if (out != null) {
            return out;
        }
        DicomObject d = store.parsed(ref);
        try {
            int frames = Frames.count(d);
            if (request.frame() > frames) {
                throw ApiException.notFound("Frame", "instance " + ref.sopUid() + " has " + frames
                        + " frame(s); frame " + request.frame() + " does not exist");
            }
            String frameKey = ref.sopUid() + '#' + request.frame();
            DecodedFrame f = decoded.getIfPresent(frameKey);
            if (f == null) {
                f = FrameDecoder.decode(d, request.frame());
                decoded.put(frameKey, f);
            }
            RenderedFrame r = Renderer.render(d, request.frame(), f, options(ref, d, request));
            out = encode(r, request);
        } catch (UnsupportedTransferSyntaxException e) {
            throw ApiException.unprocessable("unsupported-transfer-syntax", "Instance cannot be rendered",
                    "instance " + ref.sopUid() + ": unsupported transfer syntax " + ref.transferSyntax() + ": "
                            + e.getMessage());
        } catch (DicomException e) {
            throw ApiException.unprocessable("undecodable-instance", "Instance cannot be rendered",
                    "instance " + ref.sopUid() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException a) {
                throw a;
            }
            throw ApiException.unprocessable("undecodable-instance", "Instance cannot be rendered",
                    "instance " + ref.sopUid() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        rendered.put(etag, out);
        return out;
    }

    RenderOptions options(InstanceRef ref, DicomObject d, RenderRequest request) {
        RenderOptions o = RenderOptions.defaults();
        if (request.width() != null) {
            o = o.window(request.center(), request.width());
        } else if (request.preset() != null) {
            String p = request.preset();
            Presets.Window w = "CT".equalsIgnoreCase(ref.modality()) ? Presets.CT.get(p) : null;
            if (w != null) {
                o = o.window(w.center(), w.width());
            } else if (p.equals("minmax")) {
                o = o.minMax();
            } else if (p.startsWith("voi-") && p.substring(4).matches("[1-9][0-9]{0,2}")) {
                int index = Integer.parseInt(p.substring(4)) - 1;
                int stored = d.getDoubles(org.medcloud.dicom.Tags.WindowWidth) == null ? 0
                        : d.getDoubles(org.medcloud.dicom.Tags.WindowWidth).length;
                if (index >= stored) {
                    throw ApiException.badRequest("preset", "instance " + ref.sopUid() + " has " + stored
                            + " stored window(s); " + p + " does not exist");
                }
                o = o.windowIndex(index);
            } else if (!p.equals("default")) {
                throw ApiException.badRequest("preset", "unknown preset '" + p + "' for modality " + ref.modality()
                        + "; known: " + String.join(", ", Presets.describe(ref.modality()).keySet()));
            }
        }
        if (request.size() > 0) {
            o = o.maxSize(request.size());
        }
        return o;
    }

    static byte[] encode(RenderedFrame r, RenderRequest request) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(r.width() * r.height() / 2 + 1024);
        if (request.format().equals(RenderRequest.JPEG)) {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
            ImageWriter writer = writers.next();
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(ios);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(request.quality() / 100f);
                writer.write(null, new IIOImage(r.toBufferedImage(), null, null), param);
            } finally {
                writer.dispose();
            }
        } else {
            PngEncoder.encode(r, bytes);
        }
        return bytes.toByteArray();
    }
}
