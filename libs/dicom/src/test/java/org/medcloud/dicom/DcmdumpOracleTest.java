package org.medcloud.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every corpus file: each element (meta and data set, nested items, encapsulated fragments; not the top-level
 * Pixel Data value) must have the tag, VR and value that DCMTK's dcmdump prints. dcmdump must be installed.
 */
class DcmdumpOracleTest {

    record Rec(int depth, String tag, String vr, String value) {
        @Override public String toString() { return "  ".repeat(depth) + tag + " " + vr + " " + abbreviate(value); }
    }

    static String abbreviate(String v) { return v.length() > 200 ? v.substring(0, 200) + "...(" + v.length() + ")" : v; }

    record Dump(int rc, String out, String err) {}

    static Dump dcmdump(Path f, boolean utf8) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dcmdump", "+L", "-Un"));
        if (utf8) cmd.add("+U8");
        cmd.add(f.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new AssertionError("dcmdump is required for this test (apt-get install -y dcmtk): " + e.getMessage(), e);
        }
        Charset cs = utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = new Thread(() -> { try { p.getErrorStream().transferTo(err); } catch (IOException ignored) { } });
        t.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        t.join();
        return new Dump(p.exitValue(), new String(out, cs), err.toString(StandardCharsets.UTF_8));
    }

    static final Pattern START = Pattern.compile("^( *)\\(([0-9a-f]{4}),([0-9a-f]{4})\\) (\\S\\S) ");
    static final Pattern FULL = Pattern.compile("^( *)\\(([0-9a-f]{4}),([0-9a-f]{4})\\) (\\S\\S) (.*) +#\\s*(u/l|\\d+),\\s*(\\d+) [^\\n]*$", Pattern.DOTALL);

    static List<Rec> parseDump(String out) {
        List<Rec> recs = new ArrayList<>();
        String[] lines = out.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!START.matcher(lines[i]).find()) continue;
            StringBuilder sb = new StringBuilder(lines[i]);
            Matcher m = FULL.matcher(sb);
            // a value with embedded line breaks continues on the next lines
            while (!(m.matches() && valueComplete(m.group(5).trim())) && i + 1 < lines.length) {
                sb.append('\n').append(lines[++i]);
                m = FULL.matcher(sb);
            }
            if (!m.matches()) throw new AssertionError("cannot parse dcmdump line: " + sb);
            String tag = (m.group(2) + m.group(3)).toUpperCase();
            String vr = m.group(4);
            String value = m.group(5).trim();
            recs.add(new Rec(m.group(1).length() / 2, tag, vr, value));
        }
        return recs;
    }

    static boolean valueComplete(String v) { return !v.startsWith("[") || v.endsWith("]"); }

    /** Flattens our object like dcmdump: items and delimiters are skipped, fragments become "pi" records. */
    static void flatten(DicomObject o, int depth, List<Rec> out, boolean raw, boolean top) {
        for (DicomElement e : o) {
            String tag = String.format("%08X", e.tag());
            if (e.isSequence()) {
                out.add(new Rec(depth, tag, e.vr().name(), "(seq)"));
                for (DicomObject item : e.items()) flatten(item, depth + 2, out, raw, false);
            } else if (e.fragments() != null) {
                out.add(new Rec(depth, tag, e.vr().name(), "(frags)"));
                out.add(new Rec(depth + 1, "FFFEE000", "pi", hexBytes(e.fragments().basicOffsetTable())));
                for (byte[] f : e.fragments().fragments()) out.add(new Rec(depth + 1, "FFFEE000", "pi", hexBytes(f)));
            } else {
                out.add(new Rec(depth, tag, e.vr().name(), format(e, o, raw, top)));
            }
        }
    }

    static String hexBytes(byte[] b) {
        if (b.length == 0) return "(no value available)";
        StringBuilder sb = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) sb.append('\\');
            sb.append(Character.forDigit((b[i] >> 4) & 15, 16)).append(Character.forDigit(b[i] & 15, 16));
        }
        return sb.toString();
    }

    static String format(DicomElement e, DicomObject owner, boolean raw, boolean top) {
        byte[] b = e.bytes();
        if (b == null) return "(not read)";
        if (top && e.tag() == Tags.PixelData) return "(pixel data)";
        if (b.length == 0) return "(no value available)";
        VR vr = e.vr();
        ByteBuffer bb = ByteBuffer.wrap(b).order(e.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        switch (vr) {
            case OB: case UN: return hexBytes(b);
            case OW: {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i + 1 < b.length; i += 2) {
                    if (i > 0) sb.append('\\');
                    sb.append(String.format("%04x", bb.getShort(i) & 0xFFFF));
                }
                return sb.toString();
            }
            case AT: {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i + 3 < b.length; i += 4) {
                    if (i > 0) sb.append('\\');
                    sb.append(String.format("(%04x,%04x)", bb.getShort(i) & 0xFFFF, bb.getShort(i + 2) & 0xFFFF));
                }
                return sb.toString();
            }
            default:
        }
        if (vr.isString()) {
            String[] parts = raw ? Values.split(new String(b, StandardCharsets.ISO_8859_1)) : Values.strings(e, owner);
            for (int i = 0; i < parts.length; i++) parts[i] = Values.trimText(vr, parts[i]);
            String s = String.join("\\", parts);
            return s.isEmpty() ? "(no value available)" : "[" + s + "]";
        }
        return String.join("\\", Values.strings(e, owner));
    }

    static boolean sameValue(Rec exp, Rec act) {
        String a = exp.value, b = act.value;
        if (a.equals(b)) return true;
        if (a.startsWith("[") && b.startsWith("[")) {
            String[] x = Values.split(a.substring(1, a.length() - 1)), y = Values.split(b.substring(1, b.length() - 1));
            if (x.length != y.length) {
                // dcmdump keeps an empty trailing value that we drop (or vice versa)
                return normJoin(x).equals(normJoin(y));
            }
            for (int i = 0; i < x.length; i++) if (!x[i].strip().equals(y[i].strip())) return false;
            return true;
        }
        if (exp.vr.equals("FL") || exp.vr.equals("FD") || exp.vr.equals("OF") || exp.vr.equals("OD")) {
            String[] x = a.split("\\\\"), y = b.split("\\\\");
            if (x.length != y.length) return false;
            for (int i = 0; i < x.length; i++) {
                double p = Double.parseDouble(x[i]), q = Double.parseDouble(y[i]);
                if (!(p == q || Math.abs(p - q) <= 1e-6 * Math.max(Math.abs(p), Math.abs(q)) || Math.abs(p) < 1e-30 && Math.abs(q) < 1e-30 && (float) p == (float) q)) return false;
            }
            return true;
        }
        return false;
    }

    static String normJoin(String[] v) {
        StringBuilder sb = new StringBuilder();
        for (String s : v) if (!s.strip().isEmpty()) sb.append(s.strip()).append('|');
        return sb.toString();
    }

    static boolean sameVr(String dcmtk, String ours) {
        if (dcmtk.equals(ours)) return true;
        switch (dcmtk) {
            case "xs": return ours.equals("US") || ours.equals("SS");
            case "ox": case "lt": case "px": return ours.equals("OW") || ours.equals("OB");
            case "up": return ours.equals("UL");
            case "na": return ours.equals("UN");
            default: return false;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusFileMatchesDcmdump() throws IOException {
        return TestData.allFiles().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    static void check(Path f) throws Exception {
        String name = f.getFileName().toString();
        Dump d = dcmdump(f, true);
        boolean raw = false;
        if (d.rc != 0 && d.err.contains("not supported by the utilized character set conversion")) {
            d = dcmdump(f, false);
            raw = true;
        }
        if (d.rc != 0) {
            assertTrue(TestData.isNegative(name), "dcmdump fails on a file not marked NEGATIVE TEST: " + d.err);
            DicomParseException ex = assertTimeoutPreemptively(Duration.ofSeconds(1),
                    () -> assertThrows(DicomParseException.class, () -> DicomReader.read(f)));
            assertTrue(ex.getMessage().contains("offset"), ex.getMessage());
            return;
        }
        List<Rec> expected = parseDump(d.out);
        DicomObject o = DicomReader.read(f);
        List<Rec> actual = new ArrayList<>();
        flatten(o.fileMeta(), 0, actual, raw, true);
        flatten(o, 0, actual, raw, true);
        if (!raw) actual.removeIf(r -> r.depth == 0 && r.tag.equals("00080005"));
        // dcmdump prints delimitation items and item headers: drop those
        List<Rec> exp = new ArrayList<>();
        for (Rec r : expected) {
            if (r.tag.startsWith("FFFE") && !r.vr.equals("pi")) continue;
            if (!raw && r.depth == 0 && r.tag.equals("00080005")) continue; // +U8 rewrites Specific Character Set
            exp.add(r);
        }
        int n = Math.min(exp.size(), actual.size());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < n && problems.size() < 10; i++) {
            Rec e = exp.get(i), a = actual.get(i);
            if (!e.tag.equals(a.tag) || e.depth != a.depth) {
                problems.add("#" + i + " structure differs: dcmdump " + e + " / ours " + a);
                break;
            }
            if (!sameVr(e.vr, a.vr)) problems.add("#" + i + " VR differs: dcmdump " + e + " / ours " + a);
            else if (e.vr.equals("SQ") || a.value.equals("(frags)") || a.value.equals("(pixel data)")) continue;
            else if (!sameValue(e, a)) problems.add("#" + i + " value differs: dcmdump " + e + " / ours " + a);
        }
        if (problems.isEmpty() && exp.size() != actual.size()) {
            problems.add("element count differs: dcmdump " + exp.size() + " ours " + actual.size()
                    + " next dcmdump " + (n < exp.size() ? exp.get(n) : "-") + " next ours " + (n < actual.size() ? actual.get(n) : "-"));
        }
        if (!problems.isEmpty()) fail(name + ":\n" + String.join("\n", problems));

        // header-only read sees the same elements before Pixel Data and records where it is
        DicomObject h = DicomReader.readHeader(f);
        List<Rec> ha = new ArrayList<>();
        flatten(h, 0, ha, raw, true);
        List<Rec> fa = new ArrayList<>();
        flatten(o, 0, fa, raw, true);
        int pix = -1;
        for (int i = 0; i < fa.size(); i++) if (fa.get(i).depth == 0 && fa.get(i).tag.equals("7FE00010")) { pix = i; break; }
        if (o.contains(Tags.PixelData)) {
            assertEquals("(not read)", ha.get(ha.size() - 1).value, "header-only Pixel Data placeholder");
            assertEquals(fa.subList(0, pix), ha.subList(0, ha.size() - 1), "header-only elements");
            PixelDataInfo pi = h.pixelDataInfo();
            assertTrue(pi != null, "pixel data info");
            assertEquals(o.get(Tags.PixelData).fragments() != null, pi.encapsulated());
            assertEquals(o.pixelDataInfo(), pi);
        }
    }
}
