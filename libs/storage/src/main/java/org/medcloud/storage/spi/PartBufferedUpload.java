package org.medcloud.storage.spi;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.medcloud.storage.MultipartUpload;
import org.medcloud.storage.PutResult;
import org.medcloud.storage.StorageException;

/**
 * The provider-neutral multipart machinery: one reused part buffer, lazy start of the multipart
 * upload (an object that fits one part is stored with a single request), MD5 of the whole stream,
 * and abort on any failure. Providers implement the five hooks.
 */
public abstract class PartBufferedUpload extends MultipartUpload {

    protected final String key;
    protected final String contentType;
    protected final Map<String, String> metadata;
    private final byte[] buffer;
    private final MessageDigest md5;
    private int filled;
    private long total;
    private int parts;
    private boolean started;
    private boolean finished;
    private boolean aborted;

    protected PartBufferedUpload(String key, String contentType, Map<String, String> metadata, int partSize) {
        this.key = key;
        this.contentType = contentType;
        this.metadata = metadata;
        this.buffer = new byte[partSize];
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the provider's multipart upload (S3 CreateMultipartUpload; nothing for Azure). */
    protected abstract void startMultipart();

    /** Sends part {@code partNumber} (1-based); {@code data} is reused after the call returns. */
    protected abstract void uploadPart(int partNumber, byte[] data, int length);

    /** Commits all parts sent; returns the ETag. {@code md5} is the MD5 of the whole object. */
    protected abstract String completeMultipart(int partCount, byte[] md5);

    /** Discards the parts sent. */
    protected abstract void abortMultipart();

    /** Stores an object that fits in one part with a single request; returns the ETag. */
    protected abstract String putSingle(byte[] data, int length, byte[] md5);

    @Override
    public String key() {
        return key;
    }

    @Override
    public long bytesWritten() {
        return total;
    }

    @Override
    public int partsUploaded() {
        return parts;
    }

    /** Capacity of the one part buffer. */
    public int bufferSize() {
        return buffer.length;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    public boolean isAborted() {
        return aborted;
    }

    @Override
    public void write(int b) {
        ensureOpen();
        if (filled == buffer.length) {
            flushPart();
        }
        buffer[filled++] = (byte) b;
        md5.update((byte) b);
        total++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (filled == buffer.length) {
                flushPart();
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            md5.update(b, off, n);
            filled += n;
            total += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public long transferFrom(InputStream in) throws IOException {
        ensureOpen();
        long copied = 0;
        try {
            while (true) {
                if (filled == buffer.length) {
                    flushPart();
                }
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    return copied;
                }
                md5.update(buffer, filled, n);
                filled += n;
                total += n;
                copied += n;
            }
        } catch (IOException | RuntimeException | Error e) {
            abortAfter(e);
            throw e;
        }
    }

    /** No-op: parts are sent when full; use {@link #complete()} to finish. */
    @Override
    public void flush() {
    }

    @Override
    public PutResult complete() {
        ensureOpen();
        try {
            byte[] digest = md5.digest();
            String etag;
            int partCount;
            if (!started) {
                etag = putSingle(buffer, filled, digest);
                partCount = 0;
            } else {
                if (filled > 0) {
                    uploadPart(++parts, buffer, filled);
                    filled = 0;
                }
                partCount = parts;
                etag = completeMultipart(parts, digest);
            }
            finished = true;
            return new PutResult(key, total, StorageSupport.unquote(etag), StorageSupport.hex(digest), partCount);
        } catch (RuntimeException | Error e) {
            abortAfter(e);
            throw e;
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        aborted = true;
        if (started) {
            abortMultipart();
        }
    }

    private void flushPart() {
        try {
            if (!started) {
                startMultipart();
                started = true;
            }
            uploadPart(++parts, buffer, filled);
            filled = 0;
        } catch (RuntimeException | Error e) {
            abortAfter(e);
            throw e;
        }
    }

    private void abortAfter(Throwable failure) {
        try {
            abort();
        } catch (RuntimeException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    private void ensureOpen() {
        if (finished) {
            throw new StorageException("upload of '" + key + "' is already " + (aborted ? "aborted" : "completed"));
        }
    }
}
