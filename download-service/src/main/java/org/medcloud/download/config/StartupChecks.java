package org.medcloud.download.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.medcloud.common.startup.DatabaseStartup;

/** Refuses to start with a database that is unreachable or cannot be migrated (one clear log line). */
public class StartupChecks {

    @Inject
    DataSource dataSource;

    @Inject
    Flyway flyway;

    void onStart(@Observes StartupEvent event) {
        DatabaseStartup.connectAndMigrate(dataSource, flyway);
    }
}
