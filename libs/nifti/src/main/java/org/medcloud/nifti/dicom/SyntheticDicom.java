package org.medcloud.nifti.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes minimal but valid single-frame CT images (Part 10, Explicit VR Little Endian, 16-bit signed) with a given
 * geometry: the synthetic series of tests, development data and benchmarks.
 */
public final class SyntheticDicom {

    private SyntheticDicom() {
    }

    /**
     * @param stored row-major {@code rows * columns} stored values; HU = stored - 1024 (Rescale Intercept -1024)
     */
    public static byte[] ctSlice(String studyUid, String seriesUid, String sopUid, int instanceNumber,
                                 double[] position, double[] orientation, double[] pixelSpacing,
                                 int rows, int columns, short[] stored) {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        put(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
        put(meta, 0x0002, 0x0002, "UI", ui("1.2.840.10008.5.1.4.1.1.2"));
        put(meta, 0x0002, 0x0003, "UI", ui(sopUid));
        put(meta, 0x0002, 0x0010, "UI", ui(DicomSliceReader.EXPLICIT_LE));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        put(out, 0x0002, 0x0000, "UL", le32(meta.size()));
        out.writeBytes(meta.toByteArray());
        put(out, 0x0008, 0x0016, "UI", ui("1.2.840.10008.5.1.4.1.1.2"));
        put(out, 0x0008, 0x0018, "UI", ui(sopUid));
        put(out, 0x0008, 0x0060, "CS", text("CT"));
        put(out, 0x0010, 0x0010, "PN", text("SYNTHETIC^PHANTOM"));
        put(out, 0x0010, 0x0020, "LO", text("SYN-0001"));
        put(out, 0x0020, 0x000D, "UI", ui(studyUid));
        put(out, 0x0020, 0x000E, "UI", ui(seriesUid));
        put(out, 0x0020, 0x0013, "IS", text(Integer.toString(instanceNumber)));
        put(out, 0x0020, 0x0032, "DS", text(ds(position)));
        put(out, 0x0020, 0x0037, "DS", text(ds(orientation)));
        put(out, 0x0028, 0x0002, "US", le16(1));
        put(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
        put(out, 0x0028, 0x0010, "US", le16(rows));
        put(out, 0x0028, 0x0011, "US", le16(columns));
        put(out, 0x0028, 0x0030, "DS", text(ds(pixelSpacing)));
        put(out, 0x0028, 0x0100, "US", le16(16));
        put(out, 0x0028, 0x0101, "US", le16(16));
        put(out, 0x0028, 0x0102, "US", le16(15));
        put(out, 0x0028, 0x0103, "US", le16(1));
        put(out, 0x0028, 0x1050, "DS", text("40"));
        put(out, 0x0028, 0x1051, "DS", text("400"));
        put(out, 0x0028, 0x1052, "DS", text("-1024"));
        put(out, 0x0028, 0x1053, "DS", text("1"));
        ByteBuffer px = ByteBuffer.allocate(stored.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : stored) {
            px.putShort(s);
        }
        put(out, 0x7FE0, 0x0010, "OW", px.array());
        return out.toByteArray();
    }

    private static String ds(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append('\\');
            }
            String s = String.format(Locale.ROOT, "%.6f", v[i]);
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            sb.append(s.equals("-0") ? "0" : s);
        }
        return sb.toString();
    }

    private static byte[] ui(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] p = new byte[b.length + 1];
        System.arraycopy(b, 0, p, 0, b.length);
        return p;
    }

    private static byte[] text(String s) {
        return (s.length() % 2 == 0 ? s : s + " ").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static void put(ByteArrayOutputStream out, int group, int elem, String vr, byte[] value) {
        out.writeBytes(le16(group));
        out.writeBytes(le16(elem));
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if ("OB OW OF SQ UT UN".contains(vr)) {
            out.writeBytes(new byte[2]);
            out.writeBytes(le32(value.length));
        } else {
            out.writeBytes(le16(value.length));
        }
        out.writeBytes(value);
    }
}
