package org.medcloud.download.worker;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.medcloud.storage.MultipartUpload;

/**
 * Decouples reading from NBIA and sending parts to storage: the reader copies bytes into a few
 * fixed chunks, a writer thread feeds them to the (synchronous) multipart upload. While a part is
 * being sent, up to {@code chunks x chunkSize} more bytes are read from NBIA, so the download and
 * the upload overlap instead of alternating. Memory: the upload's part buffer plus the chunks.
 */
final class PipelinedWriter implements AutoCloseable {

    private record Chunk(byte[] data, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], -1);

    private final MultipartUpload upload;
    private final BlockingQueue<Chunk> full;
    private final BlockingQueue<byte[]> free;
    private final Thread thread;
    private volatile Throwable failure;
    private byte[] current;
    private int filled;
    private boolean finished;

    PipelinedWriter(MultipartUpload upload, int chunks, int chunkSize, String name) {
        this.upload = upload;
        this.full = new ArrayBlockingQueue<>(chunks + 1);
        this.free = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            free.add(new byte[chunkSize]);
        }
        this.thread = new Thread(this::drain, "upload-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void drain() {
        try {
            while (true) {
                Chunk c = full.take();
                if (c == END) {
                    return;
                }
                if (failure == null) {
                    upload.write(c.data(), 0, c.length());
                }
                free.put(c.data());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (failure == null) {
                failure = e;
            }
        } catch (java.io.IOException | RuntimeException | Error e) {
            failure = e;
            // keep handing buffers back so that the reader does not block forever
            while (true) {
                try {
                    Chunk c = full.take();
                    if (c == END) {
                        return;
                    }
                    free.put(c.data());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            checkFailure();
            if (current == null) {
                current = take();
                filled = 0;
            }
            int n = Math.min(len, current.length - filled);
            System.arraycopy(b, off, current, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == current.length) {
                put(new Chunk(current, filled));
                current = null;
            }
        }
    }

    /** Hands over the rest and waits until the upload has every byte; then the upload may be completed. */
    void finish() throws IOException {
        if (current != null && filled > 0) {
            put(new Chunk(current, filled));
            current = null;
        }
        put(END);
        finished = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the upload finished");
        }
        checkFailure();
    }

    /** Stops the writer thread (on failure or cancel); the caller then aborts the upload. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            if (failure == null) {
                failure = new IOException("upload stopped");
            }
            full.offer(END);
            thread.interrupt();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private byte[] take() throws IOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private void put(Chunk c) throws IOException {
        try {
            full.put(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private void checkFailure() throws IOException {
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("writing to object storage failed: " + f.getMessage(), f);
        }
    }
}
