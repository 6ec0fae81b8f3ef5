package org.medcloud.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Buffered reader over an InputStream with position tracking, peeking and bounded value reads. */
final class StreamSource {
    private InputStream in;
    private byte[] buf = new byte[16384];
    private int pos, lim;
    private long consumedBefore; // stream position of buf[0]
    private final long maxTotal;
    private boolean eof;

    StreamSource(InputStream in, long maxTotal) {
        this.in = in;
        this.maxTotal = maxTotal;
    }

    long position() { return consumedBefore + pos; }

    private boolean fill(int need) throws IOException {
        if (lim - pos >= need) return true;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            consumedBefore += pos;
            lim -= pos;
            pos = 0;
        }
        if (need > buf.length) buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        while (lim < need && !eof) {
            int n;
            try {
                n = in.read(buf, lim, buf.length - lim);
            } catch (java.util.zip.ZipException | java.io.EOFException z) {
                // only the inflater throws these here: the deflated data set is corrupt or truncated
                throw new DicomParseException("corrupt deflate stream: " + z.getMessage(), position(), -1, z);
            }
            if (n < 0) { eof = true; break; }
            lim += n;
            if (consumedBefore + lim > maxTotal) throw new DicomParseException("stream longer than the limit of " + maxTotal + " bytes", position(), -1);
        }
        return lim - pos >= need;
    }

    /** Bytes available up to n without blocking past EOF (reads as needed). */
    int available(int n) throws IOException {
        fill(n);
        return Math.min(n, lim - pos);
    }

    boolean atEnd() throws IOException { return !fill(1); }

    int peek(int i) throws IOException {
        if (!fill(i + 1)) return -1;
        return buf[pos + i] & 0xFF;
    }

    void require(int n, int tag) throws IOException {
        if (!fill(n)) throw new DicomParseException("unexpected end of stream", position(), tag);
    }

    int u8() { return buf[pos++] & 0xFF; }

    int u16(boolean be) {
        int a = buf[pos] & 0xFF, b = buf[pos + 1] & 0xFF;
        pos += 2;
        return be ? (a << 8) | b : (b << 8) | a;
    }

    long u32(boolean be) {
        long a = buf[pos] & 0xFF, b = buf[pos + 1] & 0xFF, c = buf[pos + 2] & 0xFF, d = buf[pos + 3] & 0xFF;
        pos += 4;
        return be ? (a << 24) | (b << 16) | (c << 8) | d : (d << 24) | (c << 16) | (b << 8) | a;
    }

    /** Reads exactly len bytes; buffers larger than 1 MiB grow with the data actually present. */
    byte[] read(long len, int tag) throws IOException {
        if (len < 0 || len > Integer.MAX_VALUE - 16) throw new DicomParseException("value length " + len + " too large", position(), tag);
        int n = (int) len;
        final int chunk = 1 << 20;
        byte[] out = new byte[Math.min(n, chunk)];
        int got = 0;
        while (got < n) {
            if (pos == lim) {
                if (!fill(1)) throw new DicomParseException("unexpected end of stream (value of " + len + " bytes, " + got + " present)", position(), tag);
            }
            if (got == out.length) out = Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            int k = Math.min(lim - pos, out.length - got);
            System.arraycopy(buf, pos, out, got, k);
            pos += k;
            got += k;
        }
        return out;
    }

    void skip(long len, int tag) throws IOException {
        long left = len;
        while (left > 0) {
            if (pos == lim && !fill(1)) throw new DicomParseException("unexpected end of stream while skipping " + len + " bytes", position(), tag);
            int k = (int) Math.min(left, lim - pos);
            pos += k;
            left -= k;
        }
    }

    /** From here on, read the rest of the stream through raw deflate (Deflated Explicit VR Little Endian). */
    void startInflating() {
        byte[] rest = Arrays.copyOfRange(buf, pos, lim);
        InputStream base = new SequenceInputStream(new ByteArrayInputStream(rest), in);
        consumedBefore = consumedBefore + pos; // inflated offsets continue from here
        pos = 0;
        lim = 0;
        eof = false;
        in = new InflaterInputStream(base, new Inflater(true), 8192);
    }
}
