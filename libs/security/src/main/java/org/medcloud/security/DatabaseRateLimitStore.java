package org.medcloud.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Token buckets kept in PostgreSQL (table {@code rate_limit_bucket}, created by each service's
 * migrations), so that every replica of a service draws from the same bucket: with an HPA at five
 * replicas a user still gets 30 downloads a minute, not 150. One statement per request: the upsert
 * refills the bucket by the time since it was last touched and takes a token only if one is there,
 * under the row lock ON CONFLICT takes, so concurrent replicas cannot both take the last token.
 */
public final class DatabaseRateLimitStore {

    static final String TAKE = """
            INSERT INTO rate_limit_bucket AS b (bucket_key, tokens, refreshed_at)
            VALUES (?, ?::float8 - 1, clock_timestamp())
            ON CONFLICT (bucket_key) DO UPDATE
               SET tokens = LEAST(?::float8, b.tokens + EXTRACT(EPOCH FROM clock_timestamp() - b.refreshed_at) * ?::float8) - 1,
                   refreshed_at = clock_timestamp()
             WHERE LEAST(?::float8, b.tokens + EXTRACT(EPOCH FROM clock_timestamp() - b.refreshed_at) * ?::float8) >= 1
            RETURNING tokens""";

    static final String AVAILABLE = """
            SELECT LEAST(?::float8, tokens + EXTRACT(EPOCH FROM clock_timestamp() - refreshed_at) * ?::float8)
              FROM rate_limit_bucket WHERE bucket_key = ?""";

    static final String FORGET_IDLE = "DELETE FROM rate_limit_bucket WHERE refreshed_at < clock_timestamp() - interval '1 day'";

    private final DataSource ds;
    private long calls;

    public DatabaseRateLimitStore(DataSource ds) {
        this.ds = ds;
    }

    /** 0 when a token was taken, else milliseconds until one is available. */
    public long take(String key, int perMinute) throws SQLException {
        double perSecond = perMinute / 60.0;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(TAKE)) {
                ps.setString(1, key);
                ps.setDouble(2, perMinute);
                ps.setDouble(3, perMinute);
                ps.setDouble(4, perSecond);
                ps.setDouble(5, perMinute);
                ps.setDouble(6, perSecond);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        forgetIdleNowAndThen(c);
                        return 0;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(AVAILABLE)) {
                ps.setDouble(1, perMinute);
                ps.setDouble(2, perSecond);
                ps.setString(3, key);
                try (ResultSet rs = ps.executeQuery()) {
                    double available = rs.next() ? rs.getDouble(1) : 0;
                    return Math.max(1, (long) Math.ceil((1 - available) / perSecond * 1000));
                }
            }
        }
    }

    private void forgetIdleNowAndThen(Connection c) throws SQLException {
        boolean due;
        synchronized (this) {
            due = ++calls % 1000 == 0;
        }
        if (due) {
            try (PreparedStatement ps = c.prepareStatement(FORGET_IDLE)) {
                ps.executeUpdate();
            }
        }
    }
}
