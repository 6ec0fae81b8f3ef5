package org.medcloud.dicom.render;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.medcloud.dicom.DicomElement;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.Tags;
import org.medcloud.dicom.pixel.DecodedFrame;
import org.medcloud.dicom.pixel.FrameDecoder;

/**
 * Grey/colour rendering: Modality LUT, VOI (window or VOI LUT), Presentation LUT Shape, MONOCHROME1 inversion,
 * palette colour; then area-averaging resize. Frame numbers are 1-based.
 */
public final class Renderer {
    private Renderer() {}

    public static RenderedFrame render(DicomObject o, int frameNumber, RenderOptions opt) throws DicomException {
        DecodedFrame f = FrameDecoder.decode(o, frameNumber);
        RenderedFrame r = render(o, frameNumber, f, opt);
        return Resize.fit(r, opt);
    }

    /** Renders an already decoded frame at native size (frameNumber selects per-frame functional groups). */
    public static RenderedFrame render(DicomObject o, int frameNumber, DecodedFrame f, RenderOptions opt) throws DicomException {
        String pi = f.photometric();
        if (pi.equals("PALETTE COLOR")) return palette(o, f);
        if (f.samplesPerPixel() == 3) return rgb(f);
        if (f.samplesPerPixel() != 1) throw new DicomException("cannot render " + f.samplesPerPixel() + " samples per pixel");
        return grey(o, frameNumber, f, opt);
    }

    private static RenderedFrame rgb(DecodedFrame f) {
        int[] s = f.samples();
        byte[] out = new byte[s.length];
        int shift = Math.max(0, f.bitsStored() - 8);
        for (int i = 0; i < s.length; i++) out[i] = (byte) Math.min(255, Math.max(0, s[i] >> shift));
        return new RenderedFrame(f.width(), f.height(), 3, out);
    }

    /** Per-frame or shared functional group item holding a macro, or the object itself for classic images. */
    static DicomObject functional(DicomObject o, int frameNumber, int macroSeq) {
        List<DicomObject> pf = o.getSequence(Tags.PerFrameFunctionalGroupsSequence);
        if (frameNumber - 1 < pf.size()) {
            List<DicomObject> m = pf.get(frameNumber - 1).getSequence(macroSeq);
            if (!m.isEmpty()) return m.get(0);
        }
        List<DicomObject> sh = o.getSequence(Tags.SharedFunctionalGroupsSequence);
        if (!sh.isEmpty()) {
            List<DicomObject> m = sh.get(0).getSequence(macroSeq);
            if (!m.isEmpty()) return m.get(0);
        }
        return o;
    }

    /** Modality transform as a function of stored value. */
    private static final class Modality {
        double slope = 1, intercept = 0;
        int[] lut;
        int lutFirst;

        double apply(int v) {
            if (lut != null) {
                int i = v - lutFirst;
                return lut[i < 0 ? 0 : Math.min(i, lut.length - 1)];
            }
            return v * slope + intercept;
        }

        static Modality of(DicomObject o, int frameNumber) {
            Modality m = new Modality();
            List<DicomObject> seq = o.getSequence(Tags.ModalityLUTSequence);
            if (!seq.isEmpty()) {
                Lut l = Lut.of(seq.get(0), Tags.LUTDescriptor, Tags.LUTData);
                if (l != null) { m.lut = l.data; m.lutFirst = l.first; return m; }
            }
            DicomObject src = functional(o, frameNumber, Tags.PixelValueTransformationSequence);
            m.slope = src.getDouble(Tags.RescaleSlope, o.getDouble(Tags.RescaleSlope, 1));
            m.intercept = src.getDouble(Tags.RescaleIntercept, o.getDouble(Tags.RescaleIntercept, 0));
            if (m.slope == 0 || Double.isNaN(m.slope)) m.slope = 1;
            if (Double.isNaN(m.intercept)) m.intercept = 0;
            return m;
        }
    }

    /** A LUT from a descriptor + data (also segmented palette data). */
    static final class Lut {
        int[] data;
        int first;
        int bits;

        static Lut of(DicomObject o, int descTag, int dataTag) {
            int[] desc = descriptor(o, descTag);
            if (desc == null) return null;
            DicomElement de = o.get(dataTag);
            if (de == null || de.bytes() == null) return null;
            int n = desc[0] == 0 ? 65536 : desc[0];
            Lut l = new Lut();
            l.first = desc[1];
            l.bits = desc[2];
            byte[] b = de.bytes();
            ByteBuffer bb = ByteBuffer.wrap(b).order(de.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            l.data = new int[n];
            if (b.length >= 2 * n) {
                for (int i = 0; i < n; i++) l.data[i] = bb.getShort(i * 2) & 0xFFFF;
            } else if (b.length >= n) {
                for (int i = 0; i < n; i++) l.data[i] = b[i] & 0xFF; // 8-bit entries packed in OB/OW
            } else {
                return null;
            }
            return l;
        }

        static int[] descriptor(DicomObject o, int tag) {
            DicomElement e = o.get(tag);
            if (e == null || e.bytes() == null || e.bytes().length < 6) {
                int[] v = o.getInts(tag);
                return v.length >= 3 ? v : null;
            }
            ByteBuffer bb = ByteBuffer.wrap(e.bytes()).order(e.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int n = bb.getShort(0) & 0xFFFF;
            int first = bb.getShort(2); // may be signed (SS): read as signed when it looks negative
            if (e.vr() == org.medcloud.dicom.VR.US) first &= 0xFFFF;
            int bits = bb.getShort(4) & 0xFFFF;
            return new int[] {n, first, bits};
        }
    }

    public static ModalityFrame modalityValues(DicomObject o, int frameNumber) throws DicomException {
        DecodedFrame f = FrameDecoder.decode(o, frameNumber);
        if (f.samplesPerPixel() != 1) throw new DicomException("modality values need a monochrome image");
        Modality m = Modality.of(o, frameNumber);
        int[] s = f.samples();
        float[] v = new float[s.length];
        short[] st = f.bitsStored() <= 16 ? new short[s.length] : null;
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            float x = (float) m.apply(s[i]);
            v[i] = x;
            if (st != null) st[i] = (short) s[i];
            if (x < min) min = x;
            if (x > max) max = x;
        }
        return new ModalityFrame(f.width(), f.height(), f.bitsStored(), f.signed(), st, m.lut == null ? m.slope : 1, m.lut == null ? m.intercept : 0, v, min, max);
    }

    private static RenderedFrame grey(DicomObject o, int frameNumber, DecodedFrame f, RenderOptions opt) throws DicomException {
        int[] s = f.samples();
        int n = s.length;
        Modality m = Modality.of(o, frameNumber);
        int minS = Integer.MAX_VALUE, maxS = Integer.MIN_VALUE;
        for (int v : s) {
            if (v < minS) minS = v;
            if (v > maxS) maxS = v;
        }
        // VOI selection
        DicomObject voiSrc = functional(o, frameNumber, Tags.FrameVOILUTSequence);
        double c = Double.NaN, w = Double.NaN;
        Lut voiLut = null;
        VoiFunction fn = opt.voiFunction;
        if (opt.center != null) {
            c = opt.center;
            w = opt.width;
        } else if (!opt.minMax) {
            double[] cs = voiSrc.getDoubles(Tags.WindowCenter), ws = voiSrc.getDoubles(Tags.WindowWidth);
            int idx = Math.max(0, opt.windowIndex);
            if (cs.length > idx && ws.length > idx && ws[idx] > 0) {
                c = cs[idx];
                w = ws[idx];
                if (fn == null) fn = VoiFunction.of(voiSrc.getString(Tags.VOILUTFunction), VoiFunction.LINEAR);
            } else {
                List<DicomObject> vl = o.getSequence(Tags.VOILUTSequence);
                if (!vl.isEmpty()) voiLut = Lut.of(vl.get(0), Tags.LUTDescriptor, Tags.LUTData);
            }
        }
        if (fn == null) fn = VoiFunction.LINEAR;
        if (Double.isNaN(c) && voiLut == null) {
            // min/max of the modality values (DCMTK's +Wm semantics: center (min+max+1)/2, width max-min+1)
            double a, b;
            if (m.lut == null) {
                a = m.apply(minS);
                b = m.apply(maxS);
            } else {
                a = Double.POSITIVE_INFINITY;
                b = Double.NEGATIVE_INFINITY;
                for (int v : s) { double x = m.apply(v); a = Math.min(a, x); b = Math.max(b, x); }
            }
            double lo = Math.min(a, b), hi = Math.max(a, b);
            c = (lo + hi + 1) / 2;
            w = hi - lo + 1;
        }
        boolean inverse = f.photometric().equals("MONOCHROME1");
        String plut = o.getString(Tags.PresentationLUTShape);
        if (plut != null) inverse = plut.trim().equalsIgnoreCase("INVERSE");
        if (opt.invert != null && opt.invert) inverse = !inverse;

        byte[] out = new byte[n];
        long range = (long) maxS - minS;
        if (range < 1 << 20) {
            // LUT over the stored values present
            byte[] lut = new byte[(int) range + 1];
            for (int i = 0; i <= range; i++) lut[i] = (byte) voi(m.apply(minS + i), c, w, fn, voiLut, inverse);
            for (int i = 0; i < n; i++) out[i] = lut[s[i] - minS];
        } else {
            for (int i = 0; i < n; i++) out[i] = (byte) voi(m.apply(s[i]), c, w, fn, voiLut, inverse);
        }
        return new RenderedFrame(f.width(), f.height(), 1, out);
    }

    private static int voi(double x, double c, double w, VoiFunction fn, Lut voiLut, boolean inverse) {
        double y;
        if (voiLut != null) {
            int i = (int) Math.round(x) - voiLut.first;
            int v = voiLut.data[i < 0 ? 0 : Math.min(i, voiLut.data.length - 1)];
            int bits = voiLut.bits;
            if (bits <= 0 || bits > 16) bits = 16;
            y = v * 255.0 / ((1 << bits) - 1);
        } else {
            y = fn.apply(x, c, w, 255);
        }
        int r = (int) Math.floor(y + 0.5);
        r = r < 0 ? 0 : Math.min(r, 255);
        return inverse ? 255 - r : r;
    }

    private static RenderedFrame palette(DicomObject o, DecodedFrame f) throws DicomException {
        Lut[] l = new Lut[3];
        int[] data = {Tags.RedPaletteColorLookupTableData, Tags.GreenPaletteColorLookupTableData, Tags.BluePaletteColorLookupTableData};
        int[] seg = {Tags.SegmentedRedPaletteColorLookupTableData, Tags.SegmentedGreenPaletteColorLookupTableData, Tags.SegmentedBluePaletteColorLookupTableData};
        int[] desc = {Tags.RedPaletteColorLookupTableDescriptor, Tags.GreenPaletteColorLookupTableDescriptor, Tags.BluePaletteColorLookupTableDescriptor};
        for (int k = 0; k < 3; k++) {
            l[k] = o.contains(data[k]) ? Lut.of(o, desc[k], data[k]) : Segmented.of(o, desc[k], seg[k]);
            if (l[k] == null) throw new DicomException("PALETTE COLOR image without a usable palette");
        }
        int[] s = f.samples();
        byte[] out = new byte[s.length * 3];
        for (int k = 0; k < 3; k++) {
            Lut lut = l[k];
            int max = 0;
            for (int v : lut.data) max = Math.max(max, v);
            // 16-bit palette entries are scaled down; some writers declare 16 bits but store 8-bit values
            int shift = lut.bits == 16 && max > 255 ? 8 : 0;
            for (int i = 0; i < s.length; i++) {
                int idx = s[i] - lut.first;
                int v = lut.data[idx < 0 ? 0 : Math.min(idx, lut.data.length - 1)] >> shift;
                out[i * 3 + k] = (byte) Math.min(255, v);
            }
        }
        return new RenderedFrame(f.width(), f.height(), 3, out);
    }

    /** Segmented palette LUT (C.7.9.2): discrete, linear and indirect segments. */
    static final class Segmented {
        static Lut of(DicomObject o, int descTag, int segTag) {
            int[] desc = Lut.descriptor(o, descTag);
            DicomElement e = o.get(segTag);
            if (desc == null || e == null || e.bytes() == null) return null;
            int n = desc[0] == 0 ? 65536 : desc[0];
            ByteBuffer bb = ByteBuffer.wrap(e.bytes()).order(e.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int words = e.bytes().length / 2;
            int[] w = new int[words];
            for (int i = 0; i < words; i++) w[i] = bb.getShort(i * 2) & 0xFFFF;
            int[] out = new int[n];
            int count = expand(w, 0, words, out, 0, 0);
            if (count <= 0) return null;
            for (int i = count; i < n; i++) out[i] = out[count - 1];
            Lut l = new Lut();
            l.data = out;
            l.first = desc[1];
            l.bits = desc[2];
            return l;
        }

        private static int expand(int[] w, int from, int to, int[] out, int k, int depth) {
            int i = from;
            while (i + 1 < to && k < out.length) {
                int op = w[i], len = w[i + 1];
                i += 2;
                if (op == 0) {
                    for (int j = 0; j < len && i < to && k < out.length; j++) out[k++] = w[i++];
                } else if (op == 1) {
                    if (i >= to || k == 0) return k;
                    int y0 = out[k - 1], y1 = w[i++];
                    for (int j = 1; j <= len && k < out.length; j++) out[k++] = (int) Math.round(y0 + (y1 - y0) * (double) j / len);
                } else if (op == 2) {
                    if (i + 1 >= to || depth > 0) return k;
                    int off = w[i] | (w[i + 1] << 16);
                    i += 2;
                    // copy 'len' segments starting at word offset 'off'
                    int p = off;
                    for (int sgm = 0; sgm < len && p + 1 < to; sgm++) {
                        int sop = w[p], slen = w[p + 1];
                        int segWords = sop == 0 ? 2 + slen : sop == 1 ? 3 : 4;
                        k = expand(w, p, Math.min(to, p + segWords), out, k, depth + 1);
                        p += segWords;
                    }
                } else {
                    return k;
                }
            }
            return k;
        }
    }
}
