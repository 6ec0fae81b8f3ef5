package org.medcloud.download.config;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.medcloud.common.startup.DatabaseStartup;
import org.medcloud.common.startup.StartupCheck;
import org.medcloud.download.worker.DownloadWorker;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.StorageConfigException;

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

    void onStart(@Observes StartupEvent event) {
        if (!DatabaseStartup.connectAndMigrate(dataSource, flyway)) {
            return;
        }
        String setting = "STORAGE_TYPE / STORAGE_BUCKET / S3_ENDPOINT / AZURE_CONNECTION_STRING";
        RuntimeException failure = null;
        try {
            storage.get().checkReady();
        } catch (StorageConfigException e) {
            setting = e.setting() + " (storage." + "*)";
            failure = e;
        } catch (RuntimeException e) {
            failure = e;
        }
        RuntimeException f = failure;
        boolean ok = StartupCheck.run(setting, "object storage is not usable", () -> {
            if (f != null) {
                throw f;
            }
        });
        if (ok) {
            worker.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.stop();
    }
}
