package org.medcloud.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.medcloud.common.problem.ApiException;
import org.medcloud.common.problem.Problem;

/**
 * Per-user limits on expensive operations (starting downloads, inference): a token bucket per
 * (operation, user) refilled continuously, in memory per replica. Over the limit: 429 with
 * Retry-After.
 */
@ApplicationScoped
public class RateLimiter {

    public enum Operation { DOWNLOADS, INFERENCE }

    @Inject
    AuthSettings settings;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes one token from the user's bucket or throws a 429 saying when to retry. */
    public void acquire(Operation op, String user) {
        int perMinute = switch (op) {
            case DOWNLOADS -> settings.rateLimit().downloadsPerMinute();
            case INFERENCE -> settings.rateLimit().inferencePerMinute();
        };
        if (perMinute <= 0) {
            return;
        }
        if (buckets.size() > 50_000) {
            buckets.clear();
        }
        Bucket b = buckets.computeIfAbsent(op + "\u0000" + user, k -> new Bucket(perMinute));
        long waitMs = b.take(perMinute, System.nanoTime());
        if (waitMs > 0) {
            long retryAfter = Math.max(1, (waitMs + 999) / 1000);
            Audit.record("rate-limited", user, "denied", Map.of("operation", op.name().toLowerCase()));
            throw new RateLimitedException(Problem.of(429, "rate-limited", "Too many requests",
                    "At most " + perMinute + " per minute are allowed for " + op.name().toLowerCase()
                            + "; retry in " + retryAfter + " s.", null), retryAfter);
        }
    }

    /** A 429 ApiException carrying the seconds for Retry-After. */
    public static final class RateLimitedException extends ApiException {
        private final long retryAfterSeconds;

        RateLimitedException(Problem problem, long retryAfterSeconds) {
            super(problem);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int capacity) {
            this.tokens = capacity;
            this.last = System.nanoTime();
        }

        /** 0 when a token was taken, else milliseconds until one is available. */
        synchronized long take(int perMinute, long now) {
            double refill = (now - last) / 60e9 * perMinute;
            tokens = Math.min(perMinute, tokens + refill);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * 60_000.0 / perMinute);
        }
    }
}
