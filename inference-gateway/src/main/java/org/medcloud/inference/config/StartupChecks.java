package org.medcloud.inference.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.medcloud.common.startup.DatabaseStartup;
import org.medcloud.common.storage.StorageStartup;
import org.medcloud.storage.ObjectStorage;

/**
 * Refuses to start with a database that is unreachable or cannot be migrated, or with object
 * storage (where label volumes go) that is unusable: one clear log line naming the setting.
 */
public class StartupChecks {

    @Inject
    DataSource dataSource;

    @Inject
    Flyway flyway;

    @Inject
    ObjectStorage storage;

    // Priority: before any other start-up observer (catalogue rescan, job workers) touches the tables.
    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (DatabaseStartup.connectAndMigrate(dataSource, flyway)) {
            StorageStartup.checkReady(storage);
        }
    }
}
