package org.medcloud.viewer.dicomweb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * multipart/related framing (RFC 2046 / PS3.18 8.7.3.5): {@code --boundary CRLF headers CRLF CRLF body}
 * for each part, each part but the first preceded by CRLF, and {@code CRLF --boundary-- CRLF} at the end.
 */
public final class Multipart {

    private static final byte[] CRLF = {'\r', '\n'};

    private Multipart() {
    }

    public static String newBoundary() {
        return "medcloud-" + UUID.randomUUID();
    }

    /** Content-Type of the whole response, e.g. {@code multipart/related; type="application/dicom"; boundary=...}. */
    public static String contentType(String type, String boundary) {
        return "multipart/related; type=\"" + type + "\"; boundary=" + boundary;
    }

    /** Writes parts of a multipart body with the given boundary. */
    public static final class Writer {
        private final OutputStream out;
        private final byte[] delimiter;
        private int parts;

        public Writer(OutputStream out, String boundary) {
            this.out = out;
            this.delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        }

        /** Starts a part: writes the delimiter and headers; the caller then writes the body. */
        public OutputStream startPart(String contentType, String contentLocation) throws IOException {
            if (parts++ > 0) {
                out.write(CRLF);
            }
            out.write(delimiter);
            out.write(CRLF);
            StringBuilder h = new StringBuilder("Content-Type: ").append(contentType).append("\r\n");
            if (contentLocation != null) {
                h.append("Content-Location: ").append(contentLocation).append("\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
            return out;
        }

        public void part(String contentType, String contentLocation, byte[] body) throws IOException {
            startPart(contentType, contentLocation).write(body);
        }

        /** Writes the close delimiter. */
        public void finish() throws IOException {
            if (parts > 0) {
                out.write(CRLF);
            }
            out.write(delimiter);
            out.write(new byte[] {'-', '-'});
            out.write(CRLF);
            out.flush();
        }
    }
}
