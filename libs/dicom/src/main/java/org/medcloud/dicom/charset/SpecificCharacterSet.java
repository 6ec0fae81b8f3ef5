package org.medcloud.dicom.charset;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes text values by Specific Character Set (0008,0005): single-byte ISO_IR sets, UTF-8, GB18030, GBK, and
 * ISO 2022 code extensions (escape sequences switching G0/G1 inside a value, reset at PN delimiters and line ends).
 */
public final class SpecificCharacterSet {

    /** Default repertoire. Bytes above 0x7F are decoded as ISO 8859-1 (lenient, as most toolkits do). */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(new String[0]);

    private enum G { ASCII, JIS_ROMAN, JIS_X0208, JIS_X0212, SINGLE_GR, KATAKANA, KSX1001, GB2312 }

    private final String[] terms;
    private final Charset simple;      // non-null when no code extension is in use
    private final boolean iso2022;
    private final G initialG0;
    private final G initialG1;
    private final Charset initialG1Charset;

    private SpecificCharacterSet(String[] terms) {
        this.terms = terms;
        String first = terms.length == 0 ? "" : norm(terms[0]);
        boolean ext = terms.length > 1 || first.startsWith("ISO 2022");
        this.iso2022 = ext;
        if (!ext) {
            this.simple = simpleCharset(first);
            this.initialG0 = G.ASCII;
            this.initialG1 = null;
            this.initialG1Charset = null;
        } else {
            this.simple = null;
            String code = first.replace("ISO 2022 ", "").replace("ISO_IR ", "IR ");
            switch (code) {
                case "IR 13":
                    initialG0 = G.JIS_ROMAN; initialG1 = G.KATAKANA; initialG1Charset = null; break;
                case "":
                case "IR 6":
                    initialG0 = G.ASCII; initialG1 = null; initialG1Charset = null; break;
                case "IR 149":
                    initialG0 = G.ASCII; initialG1 = G.KSX1001; initialG1Charset = null; break;
                case "IR 58":
                    initialG0 = G.ASCII; initialG1 = G.GB2312; initialG1Charset = null; break;
                default:
                    initialG0 = G.ASCII;
                    Charset c = simpleCharset(code.replace("IR ", "ISO_IR "));
                    initialG1 = G.SINGLE_GR; initialG1Charset = c;
            }
        }
    }

    private static String norm(String s) { return s == null ? "" : s.trim().toUpperCase(Locale.ROOT); }

    /** Character set from the values of (0008,0005); unknown terms fall back to the default repertoire. */
    public static SpecificCharacterSet of(String... terms) {
        if (terms == null || terms.length == 0 || (terms.length == 1 && norm(terms[0]).isEmpty())) return DEFAULT;
        return new SpecificCharacterSet(terms.clone());
    }

    public String[] terms() { return terms.clone(); }

    /** True when the set uses ISO 2022 code extensions. */
    public boolean usesCodeExtensions() { return iso2022; }

    private static Charset simpleCharset(String term) {
        switch (term) {
            case "": case "ISO_IR 6": return StandardCharsets.ISO_8859_1;
            case "ISO_IR 100": return StandardCharsets.ISO_8859_1;
            case "ISO_IR 101": return Charset.forName("ISO-8859-2");
            case "ISO_IR 109": return Charset.forName("ISO-8859-3");
            case "ISO_IR 110": return Charset.forName("ISO-8859-4");
            case "ISO_IR 144": return Charset.forName("ISO-8859-5");
            case "ISO_IR 127": return Charset.forName("ISO-8859-6");
            case "ISO_IR 126": return Charset.forName("ISO-8859-7");
            case "ISO_IR 138": return Charset.forName("ISO-8859-8");
            case "ISO_IR 148": return Charset.forName("ISO-8859-9");
            case "ISO_IR 166": return Charset.forName("TIS-620");
            case "ISO_IR 13": return Charset.forName("JIS_X0201");
            case "ISO_IR 192": return StandardCharsets.UTF_8;
            case "GB18030": return Charset.forName("GB18030");
            case "GBK": return Charset.forName("GBK");
            default: return StandardCharsets.ISO_8859_1;
        }
    }

    /** Decodes one text value (may contain backslash delimiters; they are never produced from multi-byte characters). */
    public String decode(byte[] b, int off, int len) {
        boolean ascii = true;
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] < 0 || b[i] == 0x1B) { ascii = false; break; }
        }
        if (ascii) return new String(b, off, len, StandardCharsets.ISO_8859_1);
        if (!iso2022) return decodeWith(simple, b, off, len);
        return decode2022(b, off, len);
    }

    public String decode(byte[] b) { return decode(b, 0, b.length); }

    private static String decodeWith(Charset cs, byte[] b, int off, int len) {
        CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return d.decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(b, off, len, cs);
        }
    }

    private static final Charset EUC_JP = Charset.forName("EUC-JP");
    private static final Charset EUC_KR = Charset.forName("EUC-KR");
    private static final Charset GB2312 = Charset.forName("GB2312");
    private static final Charset JIS0201 = Charset.forName("JIS_X0201");

    private String decode2022(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        G g0 = initialG0, g1 = initialG1;
        Charset g1cs = initialG1Charset;
        int i = off, end = off + len;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == 0x1B) {
                int n = escape(b, i, end);
                if (n > 0) {
                    String seq = new String(b, i + 1, n - 1, StandardCharsets.ISO_8859_1);
                    switch (seq) {
                        case "(B": g0 = G.ASCII; break;
                        case "(J": g0 = G.JIS_ROMAN; break;
                        case ")I": g1 = G.KATAKANA; break;
                        case "$B": case "$@": g0 = G.JIS_X0208; break;
                        case "$(D": g0 = G.JIS_X0212; break;
                        case "$)C": g1 = G.KSX1001; break;
                        case "$)A": g1 = G.GB2312; break;
                        default:
                            if (seq.length() == 2 && seq.charAt(0) == '-') {
                                Charset cs = grCharset(seq.charAt(1));
                                if (cs != null) { g1 = G.SINGLE_GR; g1cs = cs; }
                            }
                    }
                    i += n;
                    continue;
                }
                sb.append((char) c);
                i++;
                continue;
            }
            if (c < 0x21 || c == 0x7F) {
                // controls and space: line ends, tab and form feed return to the initial state
                if (c == '\r' || c == '\n' || c == '\t' || c == '\f') { g0 = initialG0; g1 = initialG1; g1cs = initialG1Charset; }
                sb.append((char) c);
                i++;
                continue;
            }
            if (c < 0x80) {
                if (g0 == G.JIS_X0208 || g0 == G.JIS_X0212) {
                    int start = i;
                    while (i + 1 < end && (b[i] & 0xFF) >= 0x21 && (b[i] & 0xFF) < 0x7F && (b[i + 1] & 0xFF) >= 0x21 && (b[i + 1] & 0xFF) < 0x7F) i += 2;
                    if (i == start) { sb.append((char) c); i++; continue; }
                    int pairs = (i - start) / 2;
                    byte[] e = new byte[(g0 == G.JIS_X0212 ? 3 : 2) * pairs];
                    int k = 0;
                    for (int p = start; p < i; p += 2) {
                        if (g0 == G.JIS_X0212) e[k++] = (byte) 0x8F;
                        e[k++] = (byte) (b[p] | 0x80);
                        e[k++] = (byte) (b[p + 1] | 0x80);
                    }
                    sb.append(decodeWith(EUC_JP, e, 0, e.length));
                    continue;
                }
                sb.append((char) c);
                if (c == '\\' || c == '^' || c == '=') { g0 = initialG0; g1 = initialG1; g1cs = initialG1Charset; }
                i++;
                continue;
            }
            // GR byte (or C1): decode through G1
            if (g1 == G.KSX1001 || g1 == G.GB2312) {
                int start = i;
                while (i + 1 < end && (b[i] & 0xFF) >= 0xA1 && (b[i + 1] & 0xFF) >= 0xA1) i += 2;
                if (i == start) { sb.append('\uFFFD'); i++; continue; }
                sb.append(decodeWith(g1 == G.KSX1001 ? EUC_KR : GB2312, b, start, i - start));
                continue;
            }
            if (g1 == G.KATAKANA) {
                sb.append(decodeWith(JIS0201, b, i, 1));
                i++;
                continue;
            }
            Charset cs = g1cs != null ? g1cs : StandardCharsets.ISO_8859_1;
            sb.append(decodeWith(cs, b, i, 1));
            i++;
        }
        return sb.toString();
    }

    private static Charset grCharset(char f) {
        switch (f) {
            case 'A': return StandardCharsets.ISO_8859_1;
            case 'B': return Charset.forName("ISO-8859-2");
            case 'C': return Charset.forName("ISO-8859-3");
            case 'D': return Charset.forName("ISO-8859-4");
            case 'L': return Charset.forName("ISO-8859-5");
            case 'G': return Charset.forName("ISO-8859-6");
            case 'F': return Charset.forName("ISO-8859-7");
            case 'H': return Charset.forName("ISO-8859-8");
            case 'M': return Charset.forName("ISO-8859-9");
            case 'T': return Charset.forName("TIS-620");
            default: return null;
        }
    }

    /** Length of the escape sequence at i (ESC + intermediates 0x20-0x2F + final 0x30-0x7E), 0 if none. */
    private static int escape(byte[] b, int i, int end) {
        int j = i + 1;
        while (j < end && (b[j] & 0xFF) >= 0x20 && (b[j] & 0xFF) <= 0x2F) j++;
        if (j < end && (b[j] & 0xFF) >= 0x30 && (b[j] & 0xFF) <= 0x7E && j > i + 1) return j - i + 1;
        return 0;
    }
}
