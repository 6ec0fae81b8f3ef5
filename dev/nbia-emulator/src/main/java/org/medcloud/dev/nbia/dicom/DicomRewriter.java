package org.medcloud.dev.nbia.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A minimal DICOM Part 10 element rewriter for little-endian data sets (implicit and explicit VR,
 * native or encapsulated pixel data). It parses the top-level elements as byte ranges, then writes
 * a copy in which chosen elements are replaced or inserted (kept in tag order) and the File Meta
 * group length is recomputed. Data-set group length elements (retired) are dropped because
 * replaced values change them. Everything else, pixel data included, is copied byte for byte.
 * <p>
 * It is used by the collection generator only; reading for the index goes through libs/dicom.
 */
public final class DicomRewriter {

    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    private static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    private static final Set<String> LONG_VRS = Set.of("OB", "OW", "OF", "OD", "OL", "OV", "SQ", "UT", "UN", "UC", "UR", "SV", "UV");

    /** One top-level element: tag, VR (null in implicit data sets), byte range in the source. */
    public record Element(int tag, String vr, int start, int valueStart, int valueLength, int end) {
    }

    private final byte[] data;
    private final boolean hasPreamble;
    private final List<Element> meta;
    private final List<Element> dataset;
    private final boolean explicit;
    private final String transferSyntax;

    private DicomRewriter(byte[] data, boolean headerOnly) throws IOException {
        this.data = data;
        int pos = 0;
        hasPreamble = data.length > 132 && data[128] == 'D' && data[129] == 'I' && data[130] == 'C' && data[131] == 'M';
        List<Element> m = new ArrayList<>();
        String ts = null;
        if (hasPreamble) {
            pos = 132;
            while (pos + 8 <= data.length && u16(pos) == 0x0002) {
                Element e = readElement(pos, true);
                m.add(e);
                if (e.tag == 0x00020010) {
                    ts = new String(data, e.valueStart, e.valueLength, StandardCharsets.US_ASCII).replace("\0", "").trim();
                }
                pos = e.end;
            }
        }
        if (ts == null) {
            // Raw data set: explicit if bytes 4..5 look like a VR.
            ts = pos + 6 <= data.length && Character.isUpperCase(data[pos + 4]) && Character.isUpperCase(data[pos + 5])
                    ? EXPLICIT_LE : IMPLICIT_LE;
        }
        if (ts.equals(EXPLICIT_BE) || ts.equals(DEFLATED)) {
            throw new IOException("transfer syntax " + ts + " is not supported by the rewriter");
        }
        this.transferSyntax = ts;
        this.explicit = !ts.equals(IMPLICIT_LE);
        this.meta = m;
        List<Element> d = new ArrayList<>();
        while (pos + 8 <= data.length) {
            if (headerOnly && Integer.compareUnsigned(u16(pos) << 16 | u16(pos + 2), 0x7FE00010) >= 0) {
                break;
            }
            Element e = readElement(pos, explicit);
            d.add(e);
            pos = e.end;
        }
        this.dataset = d;
    }

    public static DicomRewriter parse(Path file) throws IOException {
        return new DicomRewriter(Files.readAllBytes(file), false);
    }

    public static DicomRewriter parse(byte[] bytes) throws IOException {
        return new DicomRewriter(bytes, false);
    }

    /** Parses the elements before Pixel Data only, reading the first 64 KiB (or the whole file if needed). */
    public static DicomRewriter parseHeader(Path file) throws IOException {
        long size = Files.size(file);
        if (size > 65536) {
            byte[] head = new byte[65536];
            try (var in = Files.newInputStream(file)) {
                int n = in.readNBytes(head, 0, head.length);
                if (n == head.length) {
                    try {
                        return new DicomRewriter(head, true);
                    } catch (IOException truncated) {
                        // header longer than 64 KiB: read it all below
                    }
                }
            }
        }
        return new DicomRewriter(Files.readAllBytes(file), true);
    }

    public String transferSyntax() {
        return transferSyntax;
    }

    public List<Element> dataset() {
        return Collections.unmodifiableList(dataset);
    }

    /** The string value of a top-level element (ISO-8859-1, padding trimmed), or null. */
    public String getString(int tag) {
        for (Element e : (tag >>> 16) == 2 ? meta : dataset) {
            if (e.tag == tag && e.valueLength >= 0) {
                String s = new String(data, e.valueStart, e.valueLength, StandardCharsets.ISO_8859_1);
                int end = s.length();
                while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
                    end--;
                }
                return end == 0 ? null : s.substring(0, end);
            }
        }
        return null;
    }

    /**
     * Writes a copy with the given replacements (tag -> string value; null value removes the
     * element). VRs of inserted elements come from {@link #vrOf(int)}.
     */
    public byte[] rewrite(Map<Integer, String> replacements) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 1024);
        // Always write a proper Part 10 file: preamble, DICM, meta group (explicit LE).
        out.write(new byte[128]);
        out.write(new byte[] {'D', 'I', 'C', 'M'});
        TreeMap<Integer, byte[]> metaOut = new TreeMap<>();
        for (Element e : meta) {
            if (e.tag != 0x00020000) {
                metaOut.put(e.tag, copy(e));
            }
        }
        String sopClass = replacements.getOrDefault(0x00080016, getString(0x00080016));
        String sopInst = replacements.getOrDefault(0x00080018, getString(0x00080018));
        putIfAbsent(metaOut, 0x00020001, encode(0x00020001, "OB", new byte[] {0, 1}, true));
        if (sopClass != null) {
            metaOut.put(0x00020002, encode(0x00020002, "UI", pad(sopClass, "UI"), true));
        }
        if (sopInst != null) {
            metaOut.put(0x00020003, encode(0x00020003, "UI", pad(sopInst, "UI"), true));
        }
        metaOut.put(0x00020010, encode(0x00020010, "UI", pad(transferSyntax, "UI"), true));
        putIfAbsent(metaOut, 0x00020012, encode(0x00020012, "UI", pad("2.25.1", "UI"), true));
        int groupLen = metaOut.values().stream().mapToInt(b -> b.length).sum();
        out.write(encode(0x00020000, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(groupLen).array(), true));
        for (byte[] b : metaOut.values()) {
            out.write(b);
        }
        TreeMap<Integer, String> pending = new TreeMap<>(Integer::compareUnsigned);
        pending.putAll(replacements);
        for (Element e : dataset) {
            // insert replacements that sort before this element
            while (!pending.isEmpty() && Integer.compareUnsigned(pending.firstKey(), e.tag) < 0) {
                Map.Entry<Integer, String> p = pending.pollFirstEntry();
                writeNew(out, p.getKey(), p.getValue());
            }
            if ((e.tag & 0xFFFF) == 0 && (e.tag >>> 16) != 0xFFFE) {
                continue; // group length: dropped
            }
            if (!pending.isEmpty() && pending.firstKey() == e.tag) {
                Map.Entry<Integer, String> p = pending.pollFirstEntry();
                writeNew(out, p.getKey(), p.getValue());
                continue;
            }
            out.write(data, e.start, e.end - e.start);
        }
        while (!pending.isEmpty()) {
            Map.Entry<Integer, String> p = pending.pollFirstEntry();
            writeNew(out, p.getKey(), p.getValue());
        }
        return out.toByteArray();
    }

    private void writeNew(ByteArrayOutputStream out, int tag, String value) throws IOException {
        if (value == null) {
            return;
        }
        String vr = vrOf(tag);
        out.write(encode(tag, vr, pad(value, vr), explicit));
    }

    private static void putIfAbsent(TreeMap<Integer, byte[]> m, int tag, byte[] b) {
        m.putIfAbsent(tag, b);
    }

    private byte[] copy(Element e) {
        byte[] b = new byte[e.end - e.start];
        System.arraycopy(data, e.start, b, 0, b.length);
        return b;
    }

    static byte[] pad(String value, String vr) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        if (v.length % 2 == 0) {
            return v;
        }
        byte[] p = new byte[v.length + 1];
        System.arraycopy(v, 0, p, 0, v.length);
        p[v.length] = (byte) ("UI".equals(vr) ? 0 : ' ');
        return p;
    }

    static byte[] encode(int tag, String vr, byte[] value, boolean explicitVr) {
        boolean lng = LONG_VRS.contains(vr);
        int header = explicitVr ? (lng ? 12 : 8) : 8;
        ByteBuffer b = ByteBuffer.allocate(header + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16)).putShort((short) tag);
        if (explicitVr) {
            b.put((byte) vr.charAt(0)).put((byte) vr.charAt(1));
            if (lng) {
                b.putShort((short) 0).putInt(value.length);
            } else {
                b.putShort((short) value.length);
            }
        } else {
            b.putInt(value.length);
        }
        b.put(value);
        return b.array();
    }

    /** VR of the elements the generator writes. */
    public static String vrOf(int tag) {
        return switch (tag) {
            case 0x00080016, 0x00080018, 0x0020000D, 0x0020000E, 0x00200052, 0x00080014 -> "UI";
            case 0x00080020, 0x00080021, 0x00080022, 0x00080023 -> "DA";
            case 0x00080030, 0x00080031, 0x00080032, 0x00080033 -> "TM";
            case 0x00080060, 0x00180015, 0x00100040 -> "CS";
            case 0x00100010, 0x00080090 -> "PN";
            case 0x00101010 -> "AS";
            case 0x00200010, 0x00080050 -> "SH";
            case 0x00200011, 0x00200012, 0x00200013 -> "IS";
            case 0x00200032, 0x00201041, 0x00180050 -> "DS";
            case 0x00080080 -> "LO";
            default -> "LO"; // Manufacturer, ManufacturerModelName, SeriesDescription, StudyDescription, PatientID, ProtocolName, SoftwareVersions
        };
    }

    private int u16(int pos) {
        return (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
    }

    private int i32(int pos) {
        return (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8 | (data[pos + 2] & 0xFF) << 16 | (data[pos + 3] & 0xFF) << 24;
    }

    private Element readElement(int pos, boolean explicitVr) throws IOException {
        if (pos + 8 > data.length) {
            throw new IOException("truncated element header at " + pos);
        }
        int tag = u16(pos) << 16 | u16(pos + 2);
        String vr = null;
        int len;
        int valueStart;
        if ((tag >>> 16) == 0xFFFE) {
            len = i32(pos + 4);
            valueStart = pos + 8;
        } else if (explicitVr) {
            vr = new String(data, pos + 4, 2, StandardCharsets.US_ASCII);
            if (LONG_VRS.contains(vr)) {
                len = i32(pos + 8);
                valueStart = pos + 12;
            } else {
                len = u16(pos + 6);
                valueStart = pos + 8;
            }
        } else {
            len = i32(pos + 4);
            valueStart = pos + 8;
        }
        if (len == -1) {
            int end = skipUndefined(valueStart, explicitVr);
            return new Element(tag, vr, pos, valueStart, -1, end);
        }
        if (len < 0 || (long) valueStart + len > data.length) {
            throw new IOException("element " + String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF)
                    + " at " + pos + " runs past the end of the file");
        }
        return new Element(tag, vr, pos, valueStart, len, valueStart + len);
    }

    /** Skips items of an undefined-length value up to and including the sequence delimiter. */
    private int skipUndefined(int pos, boolean explicitVr) throws IOException {
        while (pos + 8 <= data.length) {
            int tag = u16(pos) << 16 | u16(pos + 2);
            int len = i32(pos + 4);
            pos += 8;
            if (tag == 0xFFFEE0DD) {
                return pos;
            }
            if (tag != 0xFFFEE000) {
                throw new IOException("expected an item at " + (pos - 8));
            }
            if (len == -1) {
                // item of undefined length: nested data set up to the item delimiter
                while (true) {
                    if (pos + 8 > data.length) {
                        throw new IOException("unterminated item");
                    }
                    int t = u16(pos) << 16 | u16(pos + 2);
                    if (t == 0xFFFEE00D) {
                        pos += 8;
                        break;
                    }
                    pos = readElement(pos, explicitVr).end;
                }
            } else {
                pos += len;
            }
        }
        throw new IOException("unterminated sequence");
    }
}
