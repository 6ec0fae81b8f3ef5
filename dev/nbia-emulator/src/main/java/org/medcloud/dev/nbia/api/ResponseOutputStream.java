package org.medcloud.dev.nbia.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Blocking OutputStream over a Vert.x response, for worker threads: buffers 64 KiB, honours
 * back-pressure, and applies the "drop after N bytes" and "rate" faults (dropping closes the
 * TCP connection without finishing the chunked body).
 */
final class ResponseOutputStream extends OutputStream {

    private final RoutingContext ctx;
    private final HttpServerResponse resp;
    private final long dropAfter;
    private final long rate;
    private final byte[] buf = new byte[65536];
    private int n;
    private long written;
    private final long started = System.nanoTime();
    private boolean closed;

    ResponseOutputStream(RoutingContext ctx, long dropAfter, long rate) {
        this.ctx = ctx;
        this.resp = ctx.response();
        this.dropAfter = dropAfter;
        this.rate = rate;
    }

    @Override
    public void write(int b) throws IOException {
        if (n == buf.length) {
            flushBuffer();
        }
        buf[n++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (n == buf.length) {
                flushBuffer();
            }
            int c = Math.min(len, buf.length - n);
            System.arraycopy(b, off, buf, n, c);
            n += c;
            off += c;
            len -= c;
        }
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException {
        if (n == 0) {
            return;
        }
        if (closed || ctx.request().connection() == null || resp.closed()) {
            throw new IOException("client went away");
        }
        int count = n;
        boolean drop = false;
        if (dropAfter >= 0 && written + count >= dropAfter) {
            count = (int) Math.max(0, dropAfter - written);
            drop = true;
        }
        if (count > 0) {
            throttle(count);
            resp.write(Buffer.buffer(java.util.Arrays.copyOf(buf, count)));
            written += count;
        }
        n = 0;
        if (drop) {
            closed = true;
            // give the event loop a moment to flush what was written, then cut the connection
            sleep(50);
            ctx.request().connection().close();
            throw new IOException("fault: connection dropped after " + written + " bytes");
        }
        awaitDrain();
    }

    private void throttle(int count) {
        if (rate <= 0) {
            return;
        }
        long dueNanos = (long) ((written + count) * 1e9 / rate);
        long ahead = dueNanos - (System.nanoTime() - started);
        if (ahead > 0) {
            sleep(ahead / 1_000_000);
        }
    }

    private void awaitDrain() throws IOException {
        if (!resp.writeQueueFull()) {
            return;
        }
        CountDownLatch l = new CountDownLatch(1);
        resp.drainHandler(v -> l.countDown());
        resp.closeHandler(v -> l.countDown());
        try {
            if (resp.writeQueueFull() && !l.await(60, TimeUnit.SECONDS)) {
                throw new IOException("client does not read");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Flushes and ends the response normally. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        flushBuffer();
        closed = true;
        resp.end();
    }

    long written() {
        return written;
    }

    static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
