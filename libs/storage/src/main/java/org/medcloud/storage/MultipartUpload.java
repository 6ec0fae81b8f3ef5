package org.medcloud.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A streaming upload to write an object of unknown length into, e.g. while parsing the bytes on
 * their way through. Bytes are collected in one reused part buffer; each full part is sent
 * (S3 UploadPart / Azure Put Block) before more is accepted. Not thread-safe.
 *
 * <p>Nothing is visible under the key until {@link #complete()} returns. {@link #abort()} (or
 * {@link #close()} without a successful {@code complete()}) discards what was sent. A failed write
 * or a failed {@code complete()} aborts the upload by itself.
 */
public abstract class MultipartUpload extends OutputStream {

    /** The object key this upload writes. */
    public abstract String key();

    /** Bytes accepted so far. */
    public abstract long bytesWritten();

    /** Parts (blocks) already sent to the provider. */
    public abstract int partsUploaded();

    /** Copies {@code in} to its end into this upload, straight into the part buffer. */
    public abstract long transferFrom(InputStream in) throws IOException;

    /** Sends the last part and makes the object visible. */
    public abstract PutResult complete();

    /** Discards the upload; safe to call more than once, and after a failure. */
    public abstract void abort();

    /** True once {@link #complete()} succeeded or the upload was aborted. */
    public abstract boolean isFinished();

    /** Aborts unless {@link #complete()} succeeded. */
    @Override
    public void close() {
        if (!isFinished()) {
            abort();
        }
    }
}
