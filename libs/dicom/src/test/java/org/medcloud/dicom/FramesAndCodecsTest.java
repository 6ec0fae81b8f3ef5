package org.medcloud.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.medcloud.dicom.pixel.DecodedFrame;
import org.medcloud.dicom.pixel.FrameDecoder;
import org.medcloud.dicom.pixel.Frames;
import org.medcloud.dicom.pixel.RleDecoder;
import org.medcloud.dicom.render.PngEncoder;
import org.medcloud.dicom.render.RenderOptions;
import org.medcloud.dicom.render.RenderedFrame;
import org.medcloud.dicom.render.Renderer;

class FramesAndCodecsTest {

    static DicomObject read(String f) throws Exception { return DicomReader.read(TestData.file(f)); }

    @Test
    void losslessCodecsGiveTheSameSamplesAsTheUncompressedOriginal() throws Exception {
        int[] ref = FrameDecoder.decode(read("mr_explicit_le_small_pydicom.dcm"), 1).samples();
        for (String f : new String[] {"mr_explicit_be_small_pydicom.dcm", "mr_rle_lossless_pydicom.dcm", "mr_jpegls_lossless_pydicom.dcm", "mr_j2k_lossless_pydicom.dcm"}) {
            DecodedFrame d = FrameDecoder.decode(read(f), 1);
            assertTrue(d.signed(), f);
            assertArrayEquals(ref, d.samples(), f);
        }
        int[] ct = FrameDecoder.decode(read("ct_implicit_le_ge_signed_rescale_cornerstone.dcm"), 1).samples();
        assertArrayEquals(ct, FrameDecoder.decode(read("ct_jpeg_lossless_p14_cornerstone.dcm"), 1).samples(), "JPEG lossless .57");
    }

    @Test
    void multiFrameRawFramesNativeEncapsulatedAndOneBit() throws Exception {
        DicomObject us = read("us_multiframe_jpeg_baseline_ybr422_pydicom.dcm");
        assertEquals(30, Frames.count(us));
        byte[] f1 = Frames.rawFrame(us, 1), f30 = Frames.rawFrame(us, 30);
        assertEquals(0xFF, f1[0] & 0xFF);
        assertEquals(0xD8, f1[1] & 0xFF);
        assertEquals(0xD8, f30[1] & 0xFF);
        assertNotEquals(Arrays.hashCode(f1), Arrays.hashCode(f30));
        DecodedFrame d30 = FrameDecoder.decode(us, 30);
        assertEquals("RGB", d30.photometric());
        assertThrows(DicomException.class, () -> Frames.rawFrame(us, 31));

        DicomObject mr = read("mr_enhanced_multiframe_explicit_le_pydicomdata.dcm");
        assertEquals(10, Frames.count(mr));
        assertEquals(64 * 64 * 2, Frames.rawFrame(mr, 10).length);

        DicomObject seg = read("seg_ct_binary_highdicom.dcm");
        assertEquals(3, Frames.count(seg));
        assertEquals(32, Frames.rawFrame(seg, 2).length);
        DecodedFrame s = FrameDecoder.decode(seg, 2);
        assertTrue(Arrays.stream(s.samples()).allMatch(v -> v == 0 || v == 1));
    }

    @Test
    void rleSegmentsAndPackBits() throws Exception {
        // 2x2 16-bit: values 0x0102, 0x0304, 0x0506, 0x0708 -> high-byte segment then low-byte segment
        byte[] hi = {3, 1, 3, 5, 7};          // literal run of 4
        byte[] lo = {(byte) -3, 9};            // replicate 9 four times
        byte[] f = new byte[64 + hi.length + lo.length];
        f[0] = 2;
        f[4] = 64;
        f[8] = (byte) (64 + hi.length);
        System.arraycopy(hi, 0, f, 64, hi.length);
        System.arraycopy(lo, 0, f, 64 + hi.length, lo.length);
        byte[] out = RleDecoder.decode(f, 2, 2, 1, 16);
        assertArrayEquals(new byte[] {9, 1, 9, 3, 9, 5, 9, 7}, out);
        assertThrows(DicomException.class, () -> RleDecoder.decode(Arrays.copyOf(f, 10), 2, 2, 1, 16));
    }

    @Test
    void pngEncoderRoundTripsThroughImageIo() throws Exception {
        RenderedFrame r = Renderer.render(read("us_rgb_explicit_le_pydicom.dcm"), 1, RenderOptions.defaults());
        var img = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(r)));
        assertEquals(r.width(), img.getWidth());
        int rgb = img.getRGB(100, 100);
        int i = (100 * r.width() + 100) * 3;
        assertEquals(r.pixels()[i] & 255, (rgb >> 16) & 255);
        assertEquals(r.pixels()[i + 2] & 255, rgb & 255);
        RenderedFrame g = Renderer.render(read("ct_implicit_le_ge_signed_rescale_cornerstone.dcm"), 1, RenderOptions.defaults().maxSize(128));
        assertEquals(128, g.width());
        assertEquals(1, g.channels());
        var gi = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(g)));
        assertEquals(g.pixels()[64 * 128 + 64] & 255, gi.getRaster().getSample(64, 64, 0));
    }

    @Test
    void modalityValuesApplyRescale() throws Exception {
        var m = Renderer.modalityValues(read("ct_implicit_le_ge_signed_rescale_cornerstone.dcm"), 1);
        assertEquals(-1024, m.rescaleIntercept());
        assertEquals(m.stored()[1000] * m.rescaleSlope() + m.rescaleIntercept(), m.values()[1000], 1e-3);
    }

    @Test
    void undecodableInputGivesClearErrors() throws Exception {
        DicomObject header = DicomReader.readHeader(TestData.file("ct_implicit_le_ge_signed_rescale_cornerstone.dcm"));
        DicomException notRead = assertThrows(DicomException.class, () -> FrameDecoder.decode(header, 1));
        assertTrue(notRead.getMessage().contains("not read"), notRead.getMessage());
        DicomObject j = read("ct_jpeg_baseline_8bit_cornerstone.dcm");
        j.setTransferSyntaxUid("1.2.840.10008.1.2.4.100"); // MPEG2: no decoder
        UnsupportedTransferSyntaxException u = assertThrows(UnsupportedTransferSyntaxException.class, () -> FrameDecoder.decode(j, 1));
        assertEquals("1.2.840.10008.1.2.4.100", u.transferSyntaxUid());
        // 12-bit DCT (JPEG extended, .51): clear unsupported error, not a codec stack trace
        byte[] sof12 = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC1, 0, 11, 12, 0, 1, 0, 1, 1, 1, 0x11, 0};
        UnsupportedTransferSyntaxException u12 = assertThrows(UnsupportedTransferSyntaxException.class,
                () -> org.medcloud.dicom.pixel.FrameDecoder.checkJpegPrecision(sof12, UID.JPEGExtended12Bit));
        assertTrue(u12.getMessage().contains("12-bit"), u12.getMessage());
        DicomObject noPixels = DicomReader.read(new ByteArrayInputStream(new byte[] {8, 0, 0x20, 0, 'D', 'A', 8, 0, '2', '0', '2', '4', '0', '1', '0', '1'}));
        assertEquals("20240101", noPixels.getString(Tags.StudyDate));
        assertThrows(DicomException.class, () -> FrameDecoder.decode(noPixels, 1));
    }

    @Test
    void negativeCorpusFilesFailFastWithOffsetAndTag() throws Exception {
        Map<String, Map<String, String>> m = TestData.manifest();
        int n = 0;
        for (String name : m.keySet()) {
            if (!TestData.isNegative(name)) continue;
            n++;
            Path f = TestData.file(name);
            DicomParseException e = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertThrows(DicomParseException.class, () -> DicomReader.read(f)));
            assertTrue(e.offset() >= 0 && e.getMessage().contains("offset"), e.getMessage());
            // streaming input (no file size known) must fail the same way
            byte[] bytes = Files.readAllBytes(f);
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertThrows(DicomParseException.class, () -> DicomReader.read(new ByteArrayInputStream(bytes))));
        }
        assertTrue(n >= 1, "corpus has NEGATIVE TEST files");
    }

    @Test
    void streamingReadMatchesPathReadAndHeaderIsBounded() throws Exception {
        Path f = TestData.file("ot_deflated_explicit_le_clunie_pydicom.dcm");
        DicomObject a = DicomReader.read(f);
        DicomObject b = DicomReader.read(new ByteArrayInputStream(Files.readAllBytes(f)));
        assertEquals(a.toString(), b.toString());
        assertArrayEquals(Frames.rawFrame(a, 1), Frames.rawFrame(b, 1));
        // a header-only read must not consume the pixel data
        byte[] all = Files.readAllBytes(TestData.file("ct_implicit_le_ge_signed_rescale_cornerstone.dcm"));
        CountingStream cs = new CountingStream(all);
        DicomObject h = DicomReader.readHeader(cs);
        assertTrue(cs.count < all.length / 2, "read " + cs.count + " of " + all.length);
        assertEquals(512 * 512 * 2, h.pixelDataInfo().length());
        assertEquals(all.length - 512 * 512 * 2, h.pixelDataInfo().valueOffset());
    }

    static final class CountingStream extends java.io.InputStream {
        final byte[] b;
        int pos, count;
        CountingStream(byte[] b) { this.b = b; }
        @Override public int read() { if (pos >= b.length) return -1; count++; return b[pos++] & 255; }
        @Override public int read(byte[] d, int o, int l) {
            if (pos >= b.length) return -1;
            int n = Math.min(l, Math.min(4096, b.length - pos));
            System.arraycopy(b, pos, d, o, n);
            pos += n;
            count += n;
            return n;
        }
    }

    @SuppressWarnings("unused")
    private static ByteArrayOutputStream unused() { return null; }
}
