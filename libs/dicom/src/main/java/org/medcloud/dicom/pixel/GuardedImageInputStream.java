package org.medcloud.dicom.pixel;

import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * In-memory ImageInputStream for codecs that can loop on corrupt data (jj2000 keeps reading past the end): reads
 * past the end and reads after a deadline throw, which ends such loops with an exception instead of a hang.
 */
final class GuardedImageInputStream extends ImageInputStreamImpl {
    private final byte[] data;
    private final long deadline;
    private int pastEnd;
    private int calls;

    GuardedImageInputStream(byte[] data, long timeoutMillis) {
        this.data = data;
        this.deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    }

    /** An Error, not an IOException: jj2000 swallows EOF/IO exceptions and keeps looping. */
    static final class CodecAbort extends Error {
        CodecAbort(String m) { super(m, null, false, false); }
    }

    private void check() {
        if ((++calls & 255) == 0 && System.nanoTime() > deadline) throw new CodecAbort("codec exceeded its time budget");
    }

    @Override
    public int read() throws IOException {
        check();
        bitOffset = 0;
        if (streamPos >= data.length) {
            if (++pastEnd > 4096) throw new CodecAbort("codec keeps reading past the end of the frame");
            return -1;
        }
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        bitOffset = 0;
        if (len == 0) return 0;
        if (streamPos >= data.length) {
            if (++pastEnd > 4096) throw new CodecAbort("codec keeps reading past the end of the frame");
            return -1;
        }
        int n = (int) Math.min(len, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() { return data.length; }
}
