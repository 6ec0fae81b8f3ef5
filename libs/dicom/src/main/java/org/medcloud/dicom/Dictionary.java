package org.medcloud.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Data dictionary for Implicit VR data sets: VR and keyword by tag, including private tags by creator.
 * Loaded from the DCMTK dictionary files shipped as resources (standard PS3.6 content plus vendor private tags),
 * so implicit-VR files get the same VRs DCMTK gives them. Ambiguous dictionary VRs map to: US or SS → US
 * (SS for pixel value tags when Pixel Representation is 1), OB or OW → OW, LUT data → OW, pointers → UL.
 */
public final class Dictionary {
    private record Entry(VR vr, String keyword, String rawVr) {}
    private record Range(int gLo, int gHi, int gMode, int eLo, int eHi, int eMode, Entry entry) {}

    private static final Map<Integer, Entry> STD = new HashMap<>(8192);
    private static final List<Range> RANGES = new ArrayList<>();
    private static final Map<String, Entry> PRIVATE = new HashMap<>(4096);
    private static final List<Object[]> PRIVATE_RANGES = new ArrayList<>(); // {gLo,gHi,mode,creator,lowByte,Entry}

    static {
        load("dict/dicom.dic", false);
        load("dict/private.dic", true);
    }

    private Dictionary() {}

    private static void load(String res, boolean priv) {
        try (InputStream in = Dictionary.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("missing dictionary resource " + res);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.charAt(0) != '(') continue;
                String[] f = line.split("\t");
                if (f.length < 3) continue;
                String key = f[0].substring(1, f[0].length() - 1);
                Entry e = new Entry(mapVr(f[1]), f[2], f[1]);
                try {
                    if (priv) {
                        int q1 = key.indexOf('"'), q2 = key.lastIndexOf('"');
                        String g = key.substring(0, q1 - 1);
                        String creator = key.substring(q1 + 1, q2);
                        int low = Integer.parseInt(key.substring(q2 + 2), 16) & 0xFF;
                        if (g.length() == 4) {
                            PRIVATE.putIfAbsent(Integer.parseInt(g, 16) + "|" + creator + "|" + low, e);
                        } else {
                            int[] gr = range(g, true);
                            PRIVATE_RANGES.add(new Object[] {gr[0], gr[1], gr[2], creator, low, e});
                        }
                    } else {
                        int comma = key.indexOf(',');
                        String g = key.substring(0, comma), el = key.substring(comma + 1);
                        if (g.length() == 4 && el.length() == 4) {
                            STD.putIfAbsent((Integer.parseInt(g, 16) << 16) | Integer.parseInt(el, 16), e);
                        } else {
                            int[] gr = range(g, true), er = range(el, false);
                            RANGES.add(new Range(gr[0], gr[1], gr[2], er[0], er[1], er[2], e));
                        }
                    }
                } catch (RuntimeException ignored) {
                    // an entry form we do not understand: skip it
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {lo, hi, mode} mode 0 any, 1 odd, 2 even */
    private static int[] range(String s, boolean group) {
        if (s.length() == 4) {
            int v = Integer.parseInt(s, 16);
            return new int[] {v, v, 0};
        }
        int mode = group ? 2 : 0;
        String lo, hi;
        if (s.contains("-o-")) { mode = 1; lo = s.substring(0, 4); hi = s.substring(s.length() - 4); }
        else if (s.contains("-u-")) { mode = 0; lo = s.substring(0, 4); hi = s.substring(s.length() - 4); }
        else { lo = s.substring(0, 4); hi = s.substring(5); }
        return new int[] {Integer.parseInt(lo, 16), Integer.parseInt(hi, 16), mode};
    }

    private static boolean in(int v, int lo, int hi, int mode) {
        return v >= lo && v <= hi && (mode == 0 || (mode == 1 ? (v & 1) == 1 : (v & 1) == 0));
    }

    private static VR mapVr(String s) {
        switch (s) {
            case "xs": return VR.US;
            case "ox": case "px": case "lt": return VR.OW;
            case "up": return VR.UL;
            case "na": return VR.UN;
            default:
                VR v = VR.of((s.charAt(0) << 8) | s.charAt(1));
                return v == null ? VR.UN : v;
        }
    }

    private static Entry lookup(int tag, String privateCreator) {
        int group = tag >>> 16, elem = tag & 0xFFFF;
        if ((group & 1) == 1 && group > 8 && elem >= 0x1000 && privateCreator != null) {
            int low = elem & 0xFF;
            Entry e = PRIVATE.get(group + "|" + privateCreator + "|" + low);
            if (e != null) return e;
            for (Object[] r : PRIVATE_RANGES) {
                if (in(group, (int) r[0], (int) r[1], (int) r[2]) && r[3].equals(privateCreator) && (int) r[4] == low) return (Entry) r[5];
            }
        }
        Entry e = STD.get(tag);
        if (e != null) return e;
        for (Range r : RANGES) {
            if (in(group, r.gLo, r.gHi, r.gMode) && in(elem, r.eLo, r.eHi, r.eMode)) return r.entry;
        }
        return null;
    }

    /** VR for an implicit-VR element; UN when unknown. */
    public static VR vrOf(int tag, String privateCreator) {
        Entry e = lookup(tag, privateCreator);
        return e == null ? VR.UN : e.vr;
    }

    /** True when the dictionary VR is "US or SS" (resolved by the reader with Pixel Representation). */
    public static boolean isUsOrSs(int tag, String privateCreator) {
        Entry e = lookup(tag, privateCreator);
        return e != null && e.rawVr.equals("xs");
    }

    /** Keyword of a tag (e.g. "PatientName"), or null when unknown. */
    public static String keywordOf(int tag, String privateCreator) {
        Entry e = lookup(tag, privateCreator);
        return e == null ? null : e.keyword;
    }
}
