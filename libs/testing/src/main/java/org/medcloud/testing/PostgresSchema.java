package org.medcloud.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/**
 * A fresh, uniquely named schema on the machine's PostgreSQL, dropped (CASCADE) on close.
 *
 * <p>Server settings (system property, else environment variable, else default):
 * {@code medcloud.test.pg.host} / {@code MEDCLOUD_TEST_PG_HOST} (127.0.0.1),
 * {@code medcloud.test.pg.port} / {@code MEDCLOUD_TEST_PG_PORT} (5432),
 * {@code medcloud.test.pg.database} / {@code MEDCLOUD_TEST_PG_DATABASE} (test),
 * {@code medcloud.test.pg.user} / {@code MEDCLOUD_TEST_PG_USER} (postgres),
 * {@code medcloud.test.pg.password} / {@code MEDCLOUD_TEST_PG_PASSWORD} (empty: trust auth).
 */
public final class PostgresSchema implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String host;
    private final int port;
    private final String database;
    private final String username;
    private final String password;
    private final String schema;

    private PostgresSchema(String prefix) {
        this.host = TestDirs.setting("medcloud.test.pg.host", "MEDCLOUD_TEST_PG_HOST", "127.0.0.1");
        this.port = Integer.parseInt(TestDirs.setting("medcloud.test.pg.port", "MEDCLOUD_TEST_PG_PORT", "5432"));
        this.database = TestDirs.setting("medcloud.test.pg.database", "MEDCLOUD_TEST_PG_DATABASE", "test");
        this.username = TestDirs.setting("medcloud.test.pg.user", "MEDCLOUD_TEST_PG_USER", "postgres");
        this.password = TestDirs.setting("medcloud.test.pg.password", "MEDCLOUD_TEST_PG_PASSWORD", "");
        this.schema = prefix + "_" + randomSuffix();
        execute("CREATE SCHEMA \"" + schema + "\"");
    }

    /** Creates a schema named {@code t_<random>}. */
    public static PostgresSchema create() {
        return create("t");
    }

    /** Creates a schema named {@code <prefix>_<random>}; the prefix must be a lower-case identifier. */
    public static PostgresSchema create(String prefix) {
        if (!prefix.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("schema prefix must match [a-z][a-z0-9_]{0,40}");
        }
        return new PostgresSchema(prefix);
    }

    /** JDBC URL of the database without a schema. */
    public String baseJdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** JDBC URL with {@code currentSchema} set to this schema. */
    public String jdbcUrl() {
        return baseJdbcUrl() + "?currentSchema=" + schema;
    }

    public String schema() {
        return schema;
    }

    public String username() {
        return username;
    }

    /** Empty when the server trusts local connections. */
    public String password() {
        return password;
    }

    /** A new connection whose search path is this schema. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), properties());
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(baseJdbcUrl(), properties());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + baseJdbcUrl() + " as user '" + username
                    + "' failed on `" + sql + "`: " + e.getMessage()
                    + " (set MEDCLOUD_TEST_PG_HOST/PORT/DATABASE/USER/PASSWORD to point at another server)", e);
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", username);
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "10");
        return p;
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
