package org.medcloud.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcloud.dicom.pixel.Frames;

/** Hand-built data sets: every VR, both byte orders, encapsulated offset tables, limits. */
class SyntheticEncodingTest {

    /** Minimal explicit/implicit VR writer for tests. */
    static final class W {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final boolean be, explicit;
        W(boolean explicit, boolean be) { this.explicit = explicit; this.be = be; }
        W u16(int v) { if (be) { out.write(v >> 8); out.write(v); } else { out.write(v); out.write(v >> 8); } return this; }
        W u32(long v) { if (be) { u16((int) (v >>> 16)); u16((int) v); } else { u16((int) v); u16((int) (v >>> 16)); } return this; }
        W tag(int t) { return u16(t >>> 16).u16(t & 0xFFFF); }
        W el(int tag, String vr, byte[] v) {
            tag(tag);
            if (explicit) {
                out.write(vr.charAt(0));
                out.write(vr.charAt(1));
                if (VR.valueOf(vr).hasLongLength()) u16(0).u32(v.length); else u16(v.length);
            } else {
                u32(v.length);
            }
            out.writeBytes(v);
            return this;
        }
        W str(int tag, String vr, String s) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            if (b.length % 2 == 1) b = (s + (vr.equals("UI") ? "\0" : " ")).getBytes(StandardCharsets.ISO_8859_1);
            return el(tag, vr, b);
        }
        W raw(byte[] b) { out.writeBytes(b); return this; }
        byte[] bytes() { return out.toByteArray(); }
        ByteBuffer buf(int n) { return ByteBuffer.allocate(n).order(be ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN); }
    }

    static byte[] part10(String ts, byte[] dataset) {
        W m = new W(true, false);
        W body = new W(true, false).str(Tags.TransferSyntaxUID, "UI", ts);
        m.raw(new byte[128]).raw("DICM".getBytes(StandardCharsets.US_ASCII)).el(0x00020000, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(body.bytes().length).array());
        m.raw(body.bytes()).raw(dataset);
        return m.bytes();
    }

    @Test
    void everyVrInBothByteOrders() throws Exception {
        for (boolean be : new boolean[] {false, true}) {
            W w = new W(true, be);
            w.str(0x00080005, "CS", "ISO_IR 100");
            w.str(0x00080020, "DA", "20240102");
            w.str(0x00080030, "TM", "101010.5");
            w.str(0x0008002A, "DT", "20240102101010");
            w.str(0x00080050, "SH", "ACC");
            w.str(0x00080054, "AE", "AET");
            w.str(0x00081030, "LO", "Study");
            w.str(0x00080081, "ST", "Street\\1");
            w.str(0x00081080, "LT", "long\\text");
            w.str(0x00100010, "PN", "Müller^Hans");
            w.str(0x00101010, "AS", "042Y");
            w.str(0x00101020, "DS", " 1.75 ");
            w.str(0x00200013, "IS", "+7");
            w.str(0x00080119, "UC", "unlimited characters");
            w.str(0x00080120, "UR", "http://example.org/x y");
            w.str(0x00180015, "CS", "HEAD");
            w.str(0x00400275, "UT", "unlimited text");
            w.el(0x00280010, "US", w.buf(2).putShort((short) 512).array());
            w.el(0x00281052, "SS", w.buf(2).putShort((short) -1024).array());
            w.el(0x00189219, "SL", w.buf(4).putInt(-5).array());
            w.el(0x00081161, "UL", w.buf(4).putInt(0xFFFFFFFE).array());
            w.el(0x00189089, "FD", w.buf(16).putDouble(1.5).putDouble(-2.25).array());
            w.el(0x00189087, "FL", w.buf(4).putFloat(0.5f).array());
            w.el(0x00209157, "AT", w.buf(4).putShort((short) 0x0020).putShort((short) 0x0032).array());
            w.el(0x0040A13A, "SV", w.buf(8).putLong(-123456789012L).array());
            w.el(0x0040A13B, "UV", w.buf(8).putLong(0xFFFFFFFFFFFFFFFFL).array());
            w.el(0x00660040, "OL", w.buf(8).putInt(1).putInt(2).array());
            w.el(0x00660041, "OD", w.buf(8).putDouble(3.5).array());
            w.el(0x00660042, "OV", w.buf(8).putLong(9).array());
            w.el(0x00660043, "OF", w.buf(4).putFloat(2.5f).array());
            w.el(0x00660044, "OW", w.buf(4).putShort((short) 1).putShort((short) 0xFFFF).array());
            w.el(0x00660045, "OB", new byte[] {1, 2});
            w.el(0x00091010, "UN", new byte[] {'a', 'b'});
            String ts = be ? UID.ExplicitVRBigEndian : UID.ExplicitVRLittleEndian;
            DicomObject o = DicomReader.read(new ByteArrayInputStream(part10(ts, w.bytes())));
            assertEquals(ts, o.transferSyntaxUid());
            assertEquals("Müller^Hans", o.getString(Tags.PatientName));
            assertEquals(1.75, o.getDouble(Tags.PatientSize, 0));
            assertEquals(7, o.getInt(Tags.InstanceNumber, 0));
            assertEquals("Street\\1", o.getString(0x00080081), "ST is single valued");
            assertEquals("http://example.org/x y", o.getString(0x00080120));
            assertEquals(512, o.getInt(Tags.Rows, 0));
            assertEquals(-1024, o.getInt(Tags.RescaleIntercept, 0));
            assertEquals(-5, o.getInt(0x00189219, 0));
            assertEquals(4294967294.0, o.getDouble(0x00081161, 0));
            assertArrayEquals(new double[] {1.5, -2.25}, o.getDoubles(0x00189089));
            assertEquals(0.5, o.getDouble(0x00189087, 0));
            assertEquals("00200032", o.getString(0x00209157));
            assertEquals("-123456789012", o.getString(0x0040A13A));
            assertEquals("18446744073709551615", o.getString(0x0040A13B));
            assertArrayEquals(new String[] {"1", "2"}, o.getStrings(0x00660040));
            assertEquals(3.5, o.getDouble(0x00660041, 0));
            assertEquals("9", o.getString(0x00660042));
            assertEquals(VR.OV, o.get(0x00660042).vr());
            assertArrayEquals(new String[] {"1", "65535"}, o.getStrings(0x00660044));
            assertEquals(VR.UN, o.get(0x00091010).vr());
            assertEquals(33, o.size());
        }
    }

    @Test
    void sequencesOfDefinedAndUndefinedLengthAndCp246() throws Exception {
        W item = new W(true, false).str(Tags.CodeValue, "SH", "123");
        byte[] ib = item.bytes();
        W w = new W(true, false);
        // defined-length sequence with one defined-length item
        w.tag(0x00081032).raw(new byte[] {'S', 'Q', 0, 0}).u32(8 + ib.length).tag(Tags.Item).u32(ib.length).raw(ib);
        // undefined-length sequence, undefined-length item
        w.tag(0x00081140).raw(new byte[] {'S', 'Q', 0, 0}).u32(0xFFFFFFFFL).tag(Tags.Item).u32(0xFFFFFFFFL).raw(ib)
                .tag(Tags.ItemDelimitationItem).u32(0).tag(Tags.SequenceDelimitationItem).u32(0);
        // UN of undefined length = implicit VR sequence (CP-246)
        W impl = new W(false, false).str(Tags.CodeValue, "SH", "456");
        w.tag(0x00091001).raw(new byte[] {'U', 'N', 0, 0}).u32(0xFFFFFFFFL).tag(Tags.Item).u32(impl.bytes().length).raw(impl.bytes())
                .tag(Tags.SequenceDelimitationItem).u32(0);
        w.str(0x00100020, "LO", "after");
        DicomObject o = DicomReader.read(new ByteArrayInputStream(part10(UID.ExplicitVRLittleEndian, w.bytes())));
        assertEquals("123", o.getSequence(0x00081032).get(0).getString(Tags.CodeValue));
        assertEquals("123", o.getSequence(0x00081140).get(0).getString(Tags.CodeValue));
        assertEquals("456", o.getSequence(0x00091001).get(0).getString(Tags.CodeValue));
        assertEquals("after", o.getString(Tags.PatientID));
        assertEquals(o, o.getSequence(0x00081140).get(0).parent());
    }

    static byte[] encapsulated(boolean withBot, boolean withEot) {
        byte[] f1 = {(byte) 0xFF, (byte) 0xD8, 1, 2}, f2a = {(byte) 0xFF, (byte) 0xD8, 3, 4}, f2b = {5, 6};
        W w = new W(true, false);
        w.el(Tags.NumberOfFrames, "IS", "2 ".getBytes(StandardCharsets.US_ASCII));
        w.el(Tags.Rows, "US", w.buf(2).putShort((short) 1).array());
        w.el(Tags.Columns, "US", w.buf(2).putShort((short) 1).array());
        // fragment item offsets relative to the first fragment item: f1 at 0, f2a at 12, f2b at 24
        if (withEot) {
            w.el(Tags.ExtendedOffsetTable, "OV", w.buf(16).putLong(0).putLong(12).array());
            w.el(Tags.ExtendedOffsetTableLengths, "OV", w.buf(16).putLong(4).putLong(4).array());
        }
        w.tag(Tags.PixelData).raw(new byte[] {'O', 'B', 0, 0}).u32(0xFFFFFFFFL);
        if (withBot) w.tag(Tags.Item).u32(8).u32(0).u32(12); else w.tag(Tags.Item).u32(0);
        w.tag(Tags.Item).u32(4).raw(f1).tag(Tags.Item).u32(4).raw(f2a).tag(Tags.Item).u32(2).raw(f2b);
        w.tag(Tags.SequenceDelimitationItem).u32(0);
        return part10(UID.JPEGBaseline8Bit, w.bytes());
    }

    @Test
    void encapsulatedFramesWithBasicOrExtendedOffsetTableOrMarkers() throws Exception {
        DicomObject bot = DicomReader.read(new ByteArrayInputStream(encapsulated(true, false)));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}, Frames.rawFrame(bot, 1));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, 3, 4, 5, 6}, Frames.rawFrame(bot, 2));
        DicomObject none = DicomReader.read(new ByteArrayInputStream(encapsulated(false, false)));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, 3, 4, 5, 6}, Frames.rawFrame(none, 2), "split at SOI markers");
        DicomObject eot = DicomReader.read(new ByteArrayInputStream(encapsulated(false, true)));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8, 3, 4}, Frames.rawFrame(eot, 2), "EOT length bounds the frame");
        DicomObject header = DicomReader.readHeader(new ByteArrayInputStream(encapsulated(true, false)));
        assertTrue(header.pixelDataInfo().encapsulated());
        assertEquals(-1, header.pixelDataInfo().length());
        assertNull(header.get(Tags.PixelData).bytes());
    }

    @Test
    void aFewBytesClaimingAFrameOverTheSampleCapAreRefusedBeforeDecoding() throws Exception {
        // 6000 x 6000 grey = 36M samples > 2^25: the few-KB JPEG-LS stream is never decoded
        W w = new W(true, false);
        w.el(Tags.SamplesPerPixel, "US", w.buf(2).putShort((short) 1).array());
        w.el(Tags.Rows, "US", w.buf(2).putShort((short) 6000).array());
        w.el(Tags.Columns, "US", w.buf(2).putShort((short) 6000).array());
        w.el(Tags.BitsAllocated, "US", w.buf(2).putShort((short) 16).array());
        w.el(Tags.BitsStored, "US", w.buf(2).putShort((short) 16).array());
        w.tag(Tags.PixelData).raw(new byte[] {'O', 'B', 0, 0}).u32(0xFFFFFFFFL);
        w.tag(Tags.Item).u32(0).tag(Tags.Item).u32(4).raw(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        w.tag(Tags.SequenceDelimitationItem).u32(0);
        DicomObject o = DicomReader.read(new ByteArrayInputStream(part10(UID.JPEGLSLossless, w.bytes())));
        DicomException e = assertThrows(DicomException.class,
                () -> org.medcloud.dicom.pixel.FrameDecoder.decode(o, 1));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    private static DicomObject encapsulated(String ts, byte[] frame) throws Exception { return encapsulated(ts, 64, frame); }

    /** A size x size grey data set whose only fragment is the given codestream. */
    private static DicomObject encapsulated(String ts, int size, byte[] frame) throws Exception {
        W w = new W(true, false);
        w.el(Tags.SamplesPerPixel, "US", w.buf(2).putShort((short) 1).array());
        w.el(Tags.Rows, "US", w.buf(2).putShort((short) size).array());
        w.el(Tags.Columns, "US", w.buf(2).putShort((short) size).array());
        w.el(Tags.BitsAllocated, "US", w.buf(2).putShort((short) 16).array());
        w.el(Tags.BitsStored, "US", w.buf(2).putShort((short) 16).array());
        byte[] padded = java.util.Arrays.copyOf(frame, frame.length + (frame.length & 1));
        w.tag(Tags.PixelData).raw(new byte[] {'O', 'B', 0, 0}).u32(0xFFFFFFFFL);
        w.tag(Tags.Item).u32(0).tag(Tags.Item).u32(padded.length).raw(padded);
        w.tag(Tags.SequenceDelimitationItem).u32(0);
        return DicomReader.read(new ByteArrayInputStream(part10(ts, w.bytes())));
    }

    /** SOC + SIZ for a grey image with the given size, tile size and component count, then EOC. */
    private static byte[] j2k(int width, int height, int tile, int components) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 40 + 3 * components + 2);
        b.putShort((short) 0xFF4F).putShort((short) 0xFF51).putShort((short) (38 + 3 * components)).putShort((short) 0)
                .putInt(width).putInt(height).putInt(0).putInt(0).putInt(tile).putInt(tile).putInt(0).putInt(0)
                .putShort((short) components);
        for (int c = 0; c < components; c++) b.put((byte) 15).put((byte) 1).put((byte) 1);
        b.putShort((short) 0xFFD9);
        return b.array();
    }

    @Test
    void jpeg2000HeadersThatWouldMakeTheCodecAllocateForMoreThanTheDataSetAreRefusedBeforeDecoding() throws Exception {
        // 300 components on a one-sample data set
        DicomException comps = assertThrows(DicomException.class,
                () -> org.medcloud.dicom.pixel.FrameDecoder.decode(encapsulated(UID.JPEG2000Lossless, j2k(64, 64, 64, 300)), 1));
        assertTrue(comps.getMessage().contains("300 components"), comps.getMessage());
        // a size other than the data set's
        DicomException size = assertThrows(DicomException.class,
                () -> org.medcloud.dicom.pixel.FrameDecoder.decode(encapsulated(UID.JPEG2000Lossless, j2k(65536, 65536, 64, 1)), 1));
        assertTrue(size.getMessage().contains("65536x65536"), size.getMessage());
        // zero-sized tiles
        DicomException zero = assertThrows(DicomException.class,
                () -> org.medcloud.dicom.pixel.FrameDecoder.decode(encapsulated(UID.JPEG2000Lossless, j2k(64, 64, 0, 1)), 1));
        assertTrue(zero.getMessage().contains("tile grid"), zero.getMessage());
    }

    @Test
    void jpeg2000TileCountIsCapped() throws Exception {
        // 200 x 200 one-pixel tiles = 40,000 tiles > 16,384, on a data set of that size
        DicomObject o = encapsulated(UID.JPEG2000Lossless, 200, j2k(200, 200, 1, 1));
        DicomException e = assertThrows(DicomException.class,
                () -> org.medcloud.dicom.pixel.FrameDecoder.decode(o, 1));
        assertTrue(e.getMessage().contains("40000 tiles"), e.getMessage());
    }

    @Test
    void rleWithBitsAllocatedOutsideOneEightSixteenThirtyTwoIsRefusedBeforeSizingItsOutput() throws Exception {
        // 15 segments of a 120-bit sample would size the output at 15 bytes per pixel (480 MB at the sample cap)
        W w = new W(true, false);
        w.el(Tags.SamplesPerPixel, "US", w.buf(2).putShort((short) 1).array());
        w.el(Tags.Rows, "US", w.buf(2).putShort((short) 64).array());
        w.el(Tags.Columns, "US", w.buf(2).putShort((short) 64).array());
        w.el(Tags.BitsAllocated, "US", w.buf(2).putShort((short) 120).array());
        byte[] rle = new byte[64];
        java.nio.ByteBuffer.wrap(rle).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 15);
        w.tag(Tags.PixelData).raw(new byte[] {'O', 'B', 0, 0}).u32(0xFFFFFFFFL);
        w.tag(Tags.Item).u32(0).tag(Tags.Item).u32(rle.length).raw(rle);
        w.tag(Tags.SequenceDelimitationItem).u32(0);
        DicomObject o = DicomReader.read(new ByteArrayInputStream(part10(UID.RLELossless, w.bytes())));
        UnsupportedTransferSyntaxException e = assertThrows(UnsupportedTransferSyntaxException.class,
                () -> org.medcloud.dicom.pixel.FrameDecoder.decode(o, 1));
        assertTrue(e.getMessage().contains("Bits Allocated 120"), e.getMessage());
    }

    @Test
    void jpegFrameHeaderWithMoreComponentsThanTheDataSetIsRefusedBeforeDecoding() throws Exception {
        // SOI, SOF3 (lossless) 64 x 64 with 4 components, EOI
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2 + 2 + 2 + 6 + 4 * 3 + 2);
        b.putShort((short) 0xFFD8).putShort((short) 0xFFC3).putShort((short) (8 + 4 * 3)).put((byte) 16)
                .putShort((short) 64).putShort((short) 64).put((byte) 4);
        for (int c = 0; c < 4; c++) b.put((byte) (c + 1)).put((byte) 0x11).put((byte) 0);
        b.putShort((short) 0xFFD9);
        DicomException e = assertThrows(DicomException.class,
                () -> org.medcloud.dicom.pixel.FrameDecoder.decode(encapsulated(UID.JPEGLossless, b.array()), 1));
        assertTrue(e.getMessage().contains("4 components"), e.getMessage());
    }

    @Test
    void noPreambleNoMetaImplicitAndBigEndianDetection() throws Exception {
        W imp = new W(false, false).str(Tags.Modality, "CS", "CT").str(Tags.PatientName, "PN", "A^B");
        DicomObject o = DicomReader.read(new ByteArrayInputStream(imp.bytes()));
        assertEquals(UID.ImplicitVRLittleEndian, o.transferSyntaxUid());
        assertEquals("A^B", o.getString(Tags.PatientName));
        assertEquals(VR.PN, o.get(Tags.PatientName).vr());
        W be = new W(true, true).str(Tags.Modality, "CS", "MR").el(Tags.Rows, "US", new byte[] {1, 0});
        DicomObject b = DicomReader.read(new ByteArrayInputStream(be.bytes()));
        assertEquals(UID.ExplicitVRBigEndian, b.transferSyntaxUid());
        assertEquals(256, b.getInt(Tags.Rows, 0));
    }

    @Test
    void limitsAndLyingLengthsFailFast() throws Exception {
        // a 2 GB value length on a tiny stream: no big allocation, clear error
        W w = new W(true, false).str(Tags.Modality, "CS", "CT").tag(Tags.PixelData).raw(new byte[] {'O', 'W', 0, 0}).u32(0x7FFFFF00L).raw(new byte[100]);
        byte[] bytes = w.bytes();
        DicomParseException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(DicomParseException.class, () -> DicomReader.read(new ByteArrayInputStream(bytes))));
        assertEquals(Tags.PixelData, e.tag());
        assertTrue(e.getMessage().contains("(7FE0,0010)") && e.getMessage().contains("offset"), e.getMessage());
        // configured value limit
        DicomReader small = new DicomReader(ReadLimits.DEFAULT.withMaxValueLength(50));
        assertThrows(DicomParseException.class, () -> small.read(new ByteArrayInputStream(bytes), false));
        // nesting deeper than the limit
        W deep = new W(true, false);
        int depth = 100;
        for (int i = 0; i < depth; i++) deep.tag(0x00081140).raw(new byte[] {'S', 'Q', 0, 0}).u32(0xFFFFFFFFL).tag(Tags.Item).u32(0xFFFFFFFFL);
        byte[] d = deep.bytes();
        DicomParseException de = assertThrows(DicomParseException.class, () -> DicomReader.read(new ByteArrayInputStream(d)));
        assertTrue(de.getMessage().contains("deeper"), de.getMessage());
        // endless stream of elements stops at the element limit
        DicomReader few = new DicomReader(ReadLimits.DEFAULT.withMaxElements(1000));
        InputStream endless = new InputStream() {
            final byte[] el = new W(true, false).str(0x00091010, "LO", "xx").bytes();
            long n;
            @Override public int read() { return el[(int) (n++ % el.length)] & 0xFF; }
        };
        assertThrows(DicomParseException.class, () -> few.read(endless, false));
    }

    @Test
    void deflatedBombIsBounded() throws Exception {
        // 50 MB of zeros deflate to ~50 KB: the total-bytes limit stops it
        java.util.zip.Deflater def = new java.util.zip.Deflater(9, true);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (var dos = new java.util.zip.DeflaterOutputStream(z, def)) {
            W w = new W(true, false).tag(0x00091010).raw(new byte[] {'U', 'N', 0, 0}).u32(50_000_000L);
            dos.write(w.bytes());
            dos.write(new byte[50_000_000]);
        }
        byte[] file = part10(UID.DeflatedExplicitVRLittleEndian, z.toByteArray());
        DicomReader r = new DicomReader(ReadLimits.DEFAULT.withMaxTotalBytes(1 << 20));
        DicomParseException e = assertThrows(DicomParseException.class, () -> r.read(new ByteArrayInputStream(file), false));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        assertEquals(List.of(), List.of());
    }
}
