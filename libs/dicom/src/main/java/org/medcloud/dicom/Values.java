package org.medcloud.dicom;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Value decoding shared by {@link DicomObject} and the JSON writer. */
public final class Values {
    private Values() {}

    /** Text of all values of a string VR (charset applied, split on backslash unless single-valued, padding trimmed). */
    public static String[] strings(DicomElement e, DicomObject owner) {
        VR vr = e.vr();
        byte[] b = e.bytes();
        if (b == null) return new String[0];
        if (vr.isString()) {
            String s = vr.usesSpecificCharacterSet() ? owner.specificCharacterSet().decode(b) : new String(b, StandardCharsets.ISO_8859_1);
            if (s.isEmpty()) return new String[0];
            if (vr.isSingleValuedText()) return new String[] {trimText(vr, s)};
            String[] parts = split(s);
            for (int i = 0; i < parts.length; i++) parts[i] = trimText(vr, parts[i]);
            return parts;
        }
        ByteBuffer bb = DicomObject.wrap(e);
        int w = vr.binaryWidth();
        switch (vr) {
            case AT: {
                String[] r = new String[b.length / 4];
                for (int i = 0; i < r.length; i++) r[i] = String.format("%04X%04X", bb.getShort() & 0xFFFF, bb.getShort() & 0xFFFF);
                return r;
            }
            case FL: case OF: {
                String[] r = new String[b.length / 4];
                for (int i = 0; i < r.length; i++) r[i] = Float.toString(bb.getFloat());
                return r;
            }
            case FD: case OD: {
                String[] r = new String[b.length / 8];
                for (int i = 0; i < r.length; i++) r[i] = Double.toString(bb.getDouble());
                return r;
            }
            case UV: case OV: {
                String[] r = new String[b.length / 8];
                for (int i = 0; i < r.length; i++) r[i] = Long.toUnsignedString(bb.getLong());
                return r;
            }
            case SV: {
                String[] r = new String[b.length / 8];
                for (int i = 0; i < r.length; i++) r[i] = Long.toString(bb.getLong());
                return r;
            }
            case SS: case US: case OW: case SL: case UL: case OL: {
                String[] r = new String[b.length / w];
                for (int i = 0; i < r.length; i++) r[i] = Long.toString(integer(bb, vr));
                return r;
            }
            default: {
                String[] r = new String[b.length];
                for (int i = 0; i < r.length; i++) r[i] = Integer.toString(b[i] & 0xFF);
                return r;
            }
        }
    }

    private static long integer(ByteBuffer bb, VR vr) {
        switch (vr) {
            case SS: return bb.getShort();
            case US: case OW: return bb.getShort() & 0xFFFF;
            case SL: return bb.getInt();
            case UL: case OL: return bb.getInt() & 0xFFFFFFFFL;
            default: return 0;
        }
    }

    static String[] split(String s) {
        if (s.indexOf('\\') < 0) return new String[] {s};
        List<String> r = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\') { r.add(s.substring(start, i)); start = i + 1; }
        }
        r.add(s.substring(start));
        return r.toArray(new String[0]);
    }

    /** Removes padding: trailing spaces (and NULs), and leading spaces where the VR makes them insignificant. */
    public static String trimText(VR vr, String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) end--;
        int start = 0;
        switch (vr) {
            case LT: case ST: case UT: case UC:
                break;
            default:
                while (start < end && s.charAt(start) == ' ') start++;
        }
        return s.substring(start, end);
    }

    /** Numeric values; text VRs are parsed (invalid entries skipped). */
    public static double[] doubles(DicomElement e, DicomObject owner) {
        VR vr = e.vr();
        byte[] b = e.bytes();
        if (b == null) return new double[0];
        if (vr.isString()) {
            String[] s = strings(e, owner);
            double[] r = new double[s.length];
            int n = 0;
            for (String v : s) {
                try {
                    r[n] = Double.parseDouble(v.trim());
                    n++;
                } catch (NumberFormatException ignored) {
                    // skip values that are no numbers
                }
            }
            return n == r.length ? r : java.util.Arrays.copyOf(r, n);
        }
        ByteBuffer bb = DicomObject.wrap(e);
        int w = vr.binaryWidth();
        if (w == 0) return new double[0];
        double[] r = new double[b.length / w];
        for (int i = 0; i < r.length; i++) {
            switch (vr) {
                case FL: case OF: r[i] = bb.getFloat(); break;
                case FD: case OD: r[i] = bb.getDouble(); break;
                case SV: r[i] = bb.getLong(); break;
                case UV: case OV: long l = bb.getLong(); r[i] = l >= 0 ? l : (double) (l >>> 1) * 2.0; break;
                case OB: case UN: r[i] = bb.get() & 0xFF; break;
                case AT: r[i] = bb.getInt(); break;
                default: r[i] = integer(bb, vr);
            }
        }
        return r;
    }
}
