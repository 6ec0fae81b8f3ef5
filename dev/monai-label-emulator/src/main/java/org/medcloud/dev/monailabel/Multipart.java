package org.medcloud.dev.monailabel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a MIME multipart body on its boundary (multipart/related or form-data alike). */
public final class Multipart {

    private Multipart() {
    }

    public static String boundary(String contentType) throws IOException {
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = t.substring(9);
                return b.startsWith("\"") && b.endsWith("\"") && b.length() >= 2 ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new IOException("no boundary in content type '" + contentType + "'");
    }

    /** Each part with its headers; the CRLF before the next delimiter is removed. */
    public static List<byte[]> parts(byte[] body, String boundary) throws IOException {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> out = new ArrayList<>();
        int pos = indexOf(body, delim, 0);
        if (pos < 0) {
            throw new IOException("multipart body has no delimiter");
        }
        while (true) {
            int after = pos + delim.length;
            if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
                return out;
            }
            int start = after;
            if (start + 1 < body.length && body[start] == '\r' && body[start + 1] == '\n') {
                start += 2;
            }
            int next = indexOf(body, delim, start);
            if (next < 0) {
                throw new IOException("multipart body is not terminated");
            }
            int end = next;
            if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
                end -= 2;
            }
            byte[] part = new byte[end - start];
            System.arraycopy(body, start, part, 0, part.length);
            out.add(part);
            pos = next;
        }
    }

    /** The content of a part (after its header block). */
    public static byte[] body(byte[] part) {
        for (int i = 0; i + 3 < part.length; i++) {
            if (part[i] == '\r' && part[i + 1] == '\n' && part[i + 2] == '\r' && part[i + 3] == '\n') {
                byte[] b = new byte[part.length - i - 4];
                System.arraycopy(part, i + 4, b, 0, b.length);
                return b;
            }
        }
        return part;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
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
