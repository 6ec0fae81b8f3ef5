package org.medcloud.download.config;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.medcloud.common.startup.DatabaseStartup;
import org.medcloud.common.storage.StorageStartup;
import org.medcloud.download.worker.DownloadWorker;
import org.medcloud.storage.ObjectStorage;

/**
 * Refuses to start with a database that is unreachable or cannot be migrated, or with object
 * storage that is not usable (one clear log line naming the setting); then starts the worker,
 * which picks up the series that were in flight when the previous process died.
 */
public class StartupChecks {

    @Inject
    DataSource dataSource;

    @Inject
    Flyway flyway;

    @Inject
    jakarta.enterprise.inject.Instance<ObjectStorage> storage;

    @Inject
    DownloadWorker worker;

    // Priority: before any other start-up observer (catalogue rescan, job workers) touches the tables.
    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (DatabaseStartup.connectAndMigrate(dataSource, flyway) && StorageStartup.checkReady(storage.get())) {
            worker.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.stop();
    }
}
