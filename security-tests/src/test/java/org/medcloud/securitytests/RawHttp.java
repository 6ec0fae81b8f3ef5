package org.medcloud.securitytests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request: the request target is sent exactly as
 * given (no normalisation, no re-encoding, malformed escapes allowed), and only the start of the
 * body is read, so a Server-Sent Events stream does not hold the sweep up.
 */
final class RawHttp {

    /** What came back: status (or -1 when none), headers (lower-case names), the first bytes of the body. */
    record Response(int status, Map<String, String> headers, String bodyStart, long millis) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    static final int BODY_PREFIX = 16 * 1024;

    private final String host;
    private final int port;
    private final int timeoutMillis;

    RawHttp(String baseUrl, int timeoutMillis) {
        URI u = URI.create(baseUrl);
        this.host = u.getHost();
        this.port = u.getPort();
        this.timeoutMillis = timeoutMillis;
    }

    /** {@code target} is the raw request target ({@code /path?query}); {@code headers} go as they are. */
    Response send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, method + " " + target + " HTTP/1.1\r\n");
            write(head, "Host: " + host + ":" + port + "\r\n");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                write(head, h.getKey() + ": " + h.getValue() + "\r\n");
            }
            if (body != null) {
                write(head, "Content-Length: " + body.length + "\r\n");
            } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
                write(head, "Content-Length: 0\r\n");
            }
            write(head, "Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toByteArray());
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException refusedEarly) {
                    // the server may answer (413, 400) and close before reading a large body: read that answer
                }
            }
            out.flush();
            InputStream in = s.getInputStream();
            String statusLine = readLine(in);
            if (statusLine == null) {
                return new Response(-1, Map.of(), "(connection closed without a response)", elapsed(t0));
            }
            String[] parts = statusLine.split(" ", 3);
            int status = parts.length >= 2 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            for (String line; (line = readLine(in)) != null && !line.isEmpty(); ) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    responseHeaders.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                            (a, b) -> a + ", " + b);
                }
            }
            String bodyStart = "";
            if (!responseHeaders.getOrDefault("content-type", "").startsWith("text/event-stream") && !method.equals("HEAD")) {
                bodyStart = readPrefix(in);
            }
            return new Response(status, responseHeaders, bodyStart, elapsed(t0));
        } catch (SocketTimeoutException e) {
            return new Response(-2, Map.of(), "(no answer within " + timeoutMillis + " ms)", elapsed(t0));
        }
    }

    private static long elapsed(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void write(ByteArrayOutputStream out, String s) {
        // ISO-8859-1: a header or target carrying non-ASCII goes out byte for byte as given
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        out.write(b, 0, b.length);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
            if (sb.length() > 64 * 1024) {
                break;
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String readPrefix(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; out.size() < BODY_PREFIX && (n = in.read(buf)) != -1; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException slowBody) {
            // the status is what counts
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
