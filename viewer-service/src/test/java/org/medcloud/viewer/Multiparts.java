package org.medcloud.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict multipart/related parser for the tests (RFC 2046 framing with CRLF). */
final class Multiparts {

    record Part(Map<String, String> headers, byte[] body) {
    }

    static String boundary(String contentType) {
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.startsWith("boundary=")) {
                return t.substring("boundary=".length()).replace("\"", "");
            }
        }
        throw new AssertionError("no boundary in " + contentType);
    }

    static List<Part> parse(String contentType, byte[] body) {
        String boundary = boundary(contentType);
        byte[] first = ("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        assertTrue(startsWith(body, first, 0), "body starts with --boundary CRLF");
        byte[] close = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        assertTrue(startsWith(body, close, body.length - close.length), "body ends with CRLF --boundary-- CRLF");
        List<Part> parts = new ArrayList<>();
        int pos = first.length;
        while (true) {
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
            String headerText = new String(body, pos, headerEnd - pos, StandardCharsets.US_ASCII);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : headerText.split("\r\n")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
            int start = headerEnd + 4;
            int end = indexOf(body, delimiter, start);
            parts.add(new Part(headers, Arrays.copyOfRange(body, start, end)));
            int after = end + delimiter.length;
            if (body[after] == '-' && body[after + 1] == '-') {
                assertEquals(body.length, after + 4, "nothing after the close delimiter");
                return parts;
            }
            assertEquals('\r', body[after]);
            assertEquals('\n', body[after + 1]);
            pos = after + 2;
        }
    }

    static boolean startsWith(byte[] b, byte[] prefix, int at) {
        if (at < 0 || at + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, byte[] what, int from) {
        outer:
        for (int i = from; i <= b.length - what.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("delimiter not found after " + from);
    }
}
