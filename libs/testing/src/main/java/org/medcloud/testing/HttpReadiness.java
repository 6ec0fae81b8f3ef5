package org.medcloud.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/** Waiting for a child process's HTTP endpoint to answer, the one way the server helpers here do it. */
final class HttpReadiness {

    /** Returned by {@link #await} when the endpoint answered as wanted. */
    static final int READY = -1;

    private HttpReadiness() {
    }

    /**
     * Polls {@code url} every {@code pauseMs} until it answers 200 with a body {@code ready} accepts
     * ({@link #READY}), or the process ends (its exit code). On timeout or interruption
     * {@code close} runs and an IllegalStateException names {@code what} and the log.
     */
    static int await(Process process, HttpClient http, URI url, Predicate<String> ready, Duration timeout, long pauseMs,
                     Runnable close, String what, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                return process.exitValue();
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && ready.test(r.body())) {
                    return READY;
                }
            } catch (IOException notUpYet) {
                // keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close.run();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                close.run();
                throw new IllegalStateException(what + " not ready within " + timeout.toSeconds() + " s; see " + log);
            }
            try {
                pause(pauseMs);
            } catch (IllegalStateException e) {
                close.run();
                throw e;
            }
        }
    }

    /** Thread.sleep that turns an interruption into an IllegalStateException (keeping the interrupt flag). */
    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
