package org.medcloud.common.startup;

import java.sql.Connection;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Database start-up for the services that own tables: connect once (so a wrong URL or a stopped
 * server is one clear log line naming DB_JDBC_URL), then apply that service's Flyway migrations.
 * Flyway's own migrate-at-start is off because its failure is a stack-trace wall.
 */
public final class DatabaseStartup {

    private DatabaseStartup() {
    }

    public static boolean connectAndMigrate(DataSource dataSource, Flyway flyway) {
        return StartupCheck.run("DB_JDBC_URL / DB_USERNAME / DB_PASSWORD", "cannot connect to PostgreSQL", () -> {
            try (Connection c = dataSource.getConnection()) {
                c.isValid(5);
            }
        }) && StartupCheck.run("DB_JDBC_URL / DB_SCHEMA", "database migration failed", flyway::migrate);
    }
}
