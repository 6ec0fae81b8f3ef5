package org.medcloud.dicom.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;
import org.medcloud.dicom.render.PngEncoder;
import org.medcloud.dicom.render.RenderOptions;
import org.medcloud.dicom.render.RenderedFrame;
import org.medcloud.dicom.render.Renderer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread costs from in-memory bytes (no disk I/O): header-only parse, and read + decode + render + PNG of a
 * frame at native size with the file's first window.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class DicomBenchmarks {

    static Path dataDir() {
        String p = System.getProperty("medcloud.testdata");
        if (p != null && Files.isDirectory(Paths.get(p))) return Paths.get(p);
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared/testdata/dicom");
            if (Files.isDirectory(c)) return c;
        }
        throw new IllegalStateException("set -Dmedcloud.testdata=.../shared/testdata/dicom");
    }

    @State(Scope.Benchmark)
    public static class HeaderState {
        @Param({"ct_implicit_le_ge_signed_rescale_cornerstone.dcm", "pt_signed_rescale_tcia_suyashkumar_1.dcm",
                "us_multiframe_jpeg_baseline_ybr422_pydicom.dcm", "mr_enhanced_multiframe_explicit_le_pydicomdata.dcm"})
        public String file;
        byte[] bytes;

        @Setup
        public void load() throws IOException { bytes = Files.readAllBytes(dataDir().resolve(file)); }
    }

    @Benchmark
    public DicomObject headerOnly(HeaderState s) throws IOException {
        return DicomReader.readHeader(new ByteArrayInputStream(s.bytes));
    }

    @State(Scope.Benchmark)
    public static class RenderState {
        @Param({"ct_implicit_le_ge_signed_rescale_cornerstone.dcm", "ct_jpeg_lossless_p14_cornerstone.dcm",
                "mr_j2k_lossless_pydicom.dcm", "us_j2k_lossy_ybr_ict_pydicomdata.dcm"})
        public String file;
        byte[] bytes;

        @Setup
        public void load() throws IOException { bytes = Files.readAllBytes(dataDir().resolve(file)); }
    }

    /** Full read + decode + VOI + 8-bit PNG (Deflater BEST_SPEED), 512x512 for the CT files. */
    @Benchmark
    public byte[] readDecodeRenderPng(RenderState s) throws IOException {
        DicomObject o = DicomReader.read(new ByteArrayInputStream(s.bytes));
        RenderedFrame r = Renderer.render(o, 1, RenderOptions.defaults());
        ByteArrayOutputStream out = new ByteArrayOutputStream(r.pixels().length / 2);
        PngEncoder.encode(r, out);
        return out.toByteArray();
    }
}
