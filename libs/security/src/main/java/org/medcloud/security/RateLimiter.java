package org.medcloud.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.medcloud.common.problem.ApiException;
import org.medcloud.common.problem.Problem;

/**
 * Per-user limits on expensive operations (starting downloads, inference): a token bucket per
 * (operation, user) refilled continuously. In a service with a database (download, inference) the
 * buckets live in its PostgreSQL table {@code rate_limit_bucket} and are shared by all replicas;
 * without one, or while the database cannot be reached, they are kept in memory per replica.
 * Over the limit: 429 with Retry-After.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    public enum Operation { DOWNLOADS, INFERENCE }

    @Inject
    AuthSettings settings;

    @Inject
    Instance<DataSource> dataSources;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private DatabaseRateLimitStore database;
    private volatile boolean databaseFailing;

    @PostConstruct
    void init() {
        if (dataSources.isResolvable()) {
            database = new DatabaseRateLimitStore(dataSources.get());
        }
    }

    /** Whether buckets are shared through the database (false: per replica, in memory). */
    public boolean shared() {
        return database != null;
    }

    /** Takes one token from the user's bucket or throws a 429 saying when to retry. */
    public void acquire(Operation op, String user) {
        int perMinute = switch (op) {
            case DOWNLOADS -> settings.rateLimit().downloadsPerMinute();
            case INFERENCE -> settings.rateLimit().inferencePerMinute();
        };
        if (perMinute <= 0) {
            return;
        }
        String key = op.name().toLowerCase() + ":" + (user.length() <= 200 ? user : "sha256:" + sha256(user));
        long waitMs = take(key, perMinute);
        if (waitMs > 0) {
            long retryAfter = Math.max(1, (waitMs + 999) / 1000);
            Audit.record("rate-limited", user, "denied", Map.of("operation", op.name().toLowerCase()));
            throw new ApiException(Problem.of(429, "rate-limited", "Too many requests",
                    "At most " + perMinute + " per minute are allowed for " + op.name().toLowerCase()
                            + "; retry in " + retryAfter + " s.", null)).retryAfter(retryAfter);
        }
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private long take(String key, int perMinute) {
        if (database != null) {
            try {
                long wait = database.take(key, perMinute);
                if (databaseFailing) {
                    databaseFailing = false;
                    LOG.info("Rate limits are shared through the database again");
                }
                return wait;
            } catch (SQLException | RuntimeException e) {
                if (!databaseFailing) {
                    databaseFailing = true;
                    LOG.warnf("Rate limits fall back to this replica's memory: the database failed (%s)", e.getMessage());
                }
            }
        }
        if (buckets.size() > 50_000) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(perMinute)).take(perMinute, System.nanoTime());
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
