package org.medcloud.inference.monai;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses MONAI Label's multipart/form-data RESPONSE on its boundary (many MIME libraries only accept
 * multipart/related or mixed in a response). Parts are keyed by their form name.
 */
public final class FormDataReply {

    public record Part(String name, String fileName, String contentType, byte[] body) {
    }

    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");

    private FormDataReply() {
    }

    public static String boundary(String contentType) {
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = t.substring(9);
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                if (!b.isEmpty()) {
                    return b;
                }
            }
        }
        throw new IllegalArgumentException("the multipart reply has no boundary parameter");
    }

    public static Map<String, Part> parse(byte[] body, String boundary) {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int pos = indexOf(body, delim, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("the multipart reply does not contain its boundary");
        }
        while (true) {
            int after = pos + delim.length;
            if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
                return parts;
            }
            int start = after + 2; // CRLF after the delimiter
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), start);
            if (next < 0) {
                throw new IllegalArgumentException("the multipart reply is truncated (no closing boundary)");
            }
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headerEnd < 0 || headerEnd > next) {
                throw new IllegalArgumentException("a part of the multipart reply has no header block");
            }
            String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            String name = null;
            String fileName = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String h = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String v = line.substring(colon + 1).trim();
                if (h.equals("content-disposition")) {
                    Matcher m = NAME.matcher(v);
                    if (m.find()) {
                        name = m.group(1);
                    }
                    Matcher f = FILENAME.matcher(v);
                    if (f.find()) {
                        fileName = f.group(1);
                    }
                } else if (h.equals("content-type")) {
                    type = v;
                }
            }
            byte[] content = new byte[next - headerEnd - 4];
            System.arraycopy(body, headerEnd + 4, content, 0, content.length);
            parts.put(name == null ? "part" + parts.size() : name, new Part(name, fileName, type, content));
            pos = next + 2;
        }
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
