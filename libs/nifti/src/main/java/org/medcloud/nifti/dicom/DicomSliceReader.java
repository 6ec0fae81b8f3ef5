package org.medcloud.nifti.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.medcloud.nifti.NiftiException;
import org.medcloud.nifti.SeriesVolume;
import org.medcloud.nifti.SlicePlane;

/**
 * Reads what a volume needs from one single-frame DICOM image: the plane geometry and the modality values
 * (stored value x Rescale Slope + Rescale Intercept, i.e. HU for CT).
 *
 * <p>Deliberately small: native (uncompressed) pixel data in Implicit or Explicit VR Little Endian, 8 or 16 bits,
 * one sample per pixel. Anything else is refused with a message naming what is missing. It is the stop-gap until
 * {@code libs/dicom} (DicomReader, Renderer.modalityValues) can be used for the same job.
 */
public final class DicomSliceReader {

    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    private static final int SOP_INSTANCE_UID = 0x00080018;
    private static final int STUDY_UID = 0x0020000D;
    private static final int SERIES_UID = 0x0020000E;
    private static final int INSTANCE_NUMBER = 0x00200013;
    private static final int IPP = 0x00200032;
    private static final int IOP = 0x00200037;
    private static final int SAMPLES = 0x00280002;
    private static final int FRAMES = 0x00280008;
    private static final int ROWS = 0x00280010;
    private static final int COLUMNS = 0x00280011;
    private static final int PIXEL_SPACING = 0x00280030;
    private static final int BITS_ALLOCATED = 0x00280100;
    private static final int PIXEL_REPRESENTATION = 0x00280103;
    private static final int INTERCEPT = 0x00281052;
    private static final int SLOPE = 0x00281053;
    private static final int PIXEL_DATA = 0x7FE00010;

    /** A parsed slice plus the series/study it belongs to. */
    public record DicomSlice(String studyInstanceUid, String seriesInstanceUid, SeriesVolume.Slice slice) {
    }

    private DicomSliceReader() {
    }

    /**
     * Decodes with {@code libs/dicom}: any transfer syntax it supports (native, deflate, RLE, JPEG family, JPEG 2000,
     * JPEG-LS), Modality LUT / rescale applied ({@code Renderer.modalityValues}), geometry from {@code ImagePlane}.
     */
    public static DicomSlice read(byte[] file) throws IOException {
        org.medcloud.dicom.DicomObject d = org.medcloud.dicom.DicomReader.read(new java.io.ByteArrayInputStream(file));
        String sop = d.getString(org.medcloud.dicom.Tags.SOPInstanceUID);
        if (org.medcloud.dicom.pixel.Frames.count(d) > 1) {
            throw new IOException("instance " + sop + " is multi-frame; only single-frame series are supported");
        }
        if (d.pixelDataInfo() == null) {
            throw new IOException("instance " + sop + " has no Pixel Data");
        }
        org.medcloud.dicom.geometry.ImagePlane p = org.medcloud.dicom.geometry.ImagePlane.of(d, 1);
        org.medcloud.dicom.render.ModalityFrame m = org.medcloud.dicom.render.Renderer.modalityValues(d, 1);
        double[] iop = p.rowCosines() == null || p.columnCosines() == null ? null : new double[] {
            p.rowCosines()[0], p.rowCosines()[1], p.rowCosines()[2],
            p.columnCosines()[0], p.columnCosines()[1], p.columnCosines()[2]};
        try {
            SlicePlane plane = new SlicePlane(sop, p.instanceNumber(), p.position(), iop, p.pixelSpacing(), m.height(), m.width());
            return new DicomSlice(d.getString(org.medcloud.dicom.Tags.StudyInstanceUID),
                    d.getString(org.medcloud.dicom.Tags.SeriesInstanceUID), new SeriesVolume.Slice(plane, m.values()));
        } catch (NiftiException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The small built-in decoder: native Implicit/Explicit VR Little Endian, 8/16 bit (no libs/dicom needed). */
    public static DicomSlice readNative(byte[] file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        String ts = null;
        if (file.length > 132 && file[128] == 'D' && file[129] == 'I' && file[130] == 'C' && file[131] == 'M') {
            pos = 132;
            Map<Integer, byte[]> meta = new HashMap<>();
            while (pos + 8 <= file.length && (b.getShort(pos) & 0xffff) == 0x0002) {
                pos = element(b, pos, true, meta, true);
            }
            byte[] t = meta.get(0x00020010);
            ts = t == null ? EXPLICIT_LE : str(t);
        }
        boolean explicit;
        if (ts == null) {
            explicit = pos + 6 <= file.length && Character.isUpperCase(file[pos + 4]) && Character.isUpperCase(file[pos + 5]);
        } else if (ts.equals(EXPLICIT_LE)) {
            explicit = true;
        } else if (ts.equals(IMPLICIT_LE)) {
            explicit = false;
        } else {
            throw new IOException("unsupported transfer syntax " + ts + " (only uncompressed little endian is read)");
        }
        Map<Integer, byte[]> ds = new HashMap<>();
        while (pos + 8 <= file.length && !ds.containsKey(PIXEL_DATA)) {
            pos = element(b, pos, explicit, ds, true);
        }
        int rows = us(ds.get(ROWS));
        int cols = us(ds.get(COLUMNS));
        String sop = str(ds.get(SOP_INSTANCE_UID));
        if (ds.get(PIXEL_DATA) == null) {
            throw new IOException("instance " + sop + " has no (native) Pixel Data");
        }
        if (ds.containsKey(SAMPLES) && us(ds.get(SAMPLES)) != 1) {
            throw new IOException("instance " + sop + " is not a grey-scale image");
        }
        if (ds.containsKey(FRAMES) && parseInt(str(ds.get(FRAMES)), 1) > 1) {
            throw new IOException("instance " + sop + " is multi-frame; only single-frame series are supported");
        }
        int bits = ds.containsKey(BITS_ALLOCATED) ? us(ds.get(BITS_ALLOCATED)) : 16;
        boolean signed = ds.containsKey(PIXEL_REPRESENTATION) && us(ds.get(PIXEL_REPRESENTATION)) == 1;
        double slope = parseDouble(str(ds.get(SLOPE)), 1);
        double intercept = parseDouble(str(ds.get(INTERCEPT)), 0);
        byte[] px = ds.get(PIXEL_DATA);
        int n = rows * cols;
        if (px.length < (long) n * bits / 8) {
            throw new IOException("instance " + sop + ": Pixel Data is shorter than rows x columns");
        }
        float[] values = new float[n];
        ByteBuffer pb = ByteBuffer.wrap(px).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            int v;
            if (bits == 8) {
                v = signed ? px[i] : px[i] & 0xff;
            } else if (bits == 16) {
                v = signed ? pb.getShort(2 * i) : pb.getShort(2 * i) & 0xffff;
            } else {
                throw new IOException("instance " + sop + ": " + bits + " bits allocated is not supported");
            }
            values[i] = (float) (v * slope + intercept);
        }
        try {
            SlicePlane plane = new SlicePlane(sop, parseInt(str(ds.get(INSTANCE_NUMBER)), 0), doubles(ds.get(IPP)),
                    doubles(ds.get(IOP)), doubles(ds.get(PIXEL_SPACING)), rows, cols);
            return new DicomSlice(str(ds.get(STUDY_UID)), str(ds.get(SERIES_UID)), new SeriesVolume.Slice(plane, values));
        } catch (NiftiException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Parses one element at {@code pos}; keeps top-level values in {@code out}; returns the next position. */
    private static int element(ByteBuffer b, int pos, boolean explicit, Map<Integer, byte[]> out, boolean keep)
            throws IOException {
        int limit = b.limit();
        int group = b.getShort(pos) & 0xffff;
        int elem = b.getShort(pos + 2) & 0xffff;
        int tag = (group << 16) | elem;
        long len;
        int valuePos;
        boolean sq = false;
        if (group == 0xFFFE) { // item / delimiters outside a sequence walk: skip header
            return pos + 8;
        }
        if (explicit) {
            String vr = new String(new byte[] {b.get(pos + 4), b.get(pos + 5)}, StandardCharsets.US_ASCII);
            if ("OB OD OF OL OW SQ UC UR UT UN OV SV UV".contains(vr)) {
                len = b.getInt(pos + 8) & 0xffffffffL;
                valuePos = pos + 12;
            } else {
                len = b.getShort(pos + 6) & 0xffff;
                valuePos = pos + 8;
            }
            sq = vr.equals("SQ");
        } else {
            len = b.getInt(pos + 4) & 0xffffffffL;
            valuePos = pos + 8;
        }
        if (len == 0xffffffffL) {
            if (tag == PIXEL_DATA) {
                throw new IOException("encapsulated (compressed) Pixel Data is not supported");
            }
            return skipUndefined(b, valuePos, explicit);
        }
        if (valuePos + len > limit) {
            throw new IOException("truncated DICOM element " + String.format("(%04X,%04X)", group, elem));
        }
        if (keep && !sq) {
            byte[] v = new byte[(int) len];
            b.get(valuePos, v);
            out.put(tag, v);
        }
        return (int) (valuePos + len);
    }

    /** Skips an undefined-length sequence (items until the sequence delimitation item). */
    private static int skipUndefined(ByteBuffer b, int pos, boolean explicit) throws IOException {
        Map<Integer, byte[]> ignore = new HashMap<>();
        while (pos + 8 <= b.limit()) {
            int group = b.getShort(pos) & 0xffff;
            int elem = b.getShort(pos + 2) & 0xffff;
            if (group == 0xFFFE && elem == 0xE0DD) {
                return pos + 8;
            }
            if (group == 0xFFFE && elem == 0xE000) {
                long len = b.getInt(pos + 4) & 0xffffffffL;
                if (len == 0xffffffffL) {
                    pos += 8;
                    while (pos + 8 <= b.limit()) {
                        if ((b.getShort(pos) & 0xffff) == 0xFFFE && (b.getShort(pos + 2) & 0xffff) == 0xE00D) {
                            pos += 8;
                            break;
                        }
                        pos = element(b, pos, explicit, ignore, false);
                    }
                } else {
                    pos += 8 + (int) len;
                }
                continue;
            }
            throw new IOException("malformed sequence at byte " + pos);
        }
        throw new IOException("unterminated sequence");
    }

    private static String str(byte[] v) {
        if (v == null) {
            return null;
        }
        String s = new String(v, StandardCharsets.ISO_8859_1);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(0, end).trim();
    }

    private static int us(byte[] v) throws IOException {
        if (v == null || v.length < 2) {
            throw new IOException("missing required image attribute (Rows/Columns)");
        }
        return (v[0] & 0xff) | ((v[1] & 0xff) << 8);
    }

    private static double[] doubles(byte[] v) {
        String s = str(v);
        if (s == null || s.isEmpty()) {
            return null;
        }
        String[] parts = s.split("\\\\");
        double[] d = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            d[i] = Double.parseDouble(parts[i].trim());
        }
        return d;
    }

    private static int parseInt(String s, int def) {
        try {
            return s == null || s.isEmpty() ? def : (int) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private static double parseDouble(String s, double def) {
        try {
            return s == null || s.isEmpty() ? def : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
