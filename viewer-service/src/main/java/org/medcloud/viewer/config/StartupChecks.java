package org.medcloud.viewer.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.medcloud.common.startup.DatabaseStartup;
import org.medcloud.common.startup.StartupCheck;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.StorageConfigException;

/** Refuses to start with a database or object storage that is unusable (one clear log line naming the setting). */
public class StartupChecks {

    @Inject
    DataSource dataSource;

    @Inject
    Flyway flyway;

    @Inject
    ObjectStorage storage;

    void onStart(@Observes StartupEvent event) {
        DatabaseStartup.connectAndMigrate(dataSource, flyway);
        String setting = "STORAGE_TYPE, STORAGE_BUCKET, S3_ENDPOINT, S3_ACCESS_KEY/S3_SECRET_KEY";
        StartupCheck.run(setting, "object storage is not usable", () -> {
            try {
                storage.checkReady();
            } catch (StorageConfigException e) {
                throw new IllegalStateException(e.getMessage() + " (setting " + e.setting() + ")", e);
            }
        });
    }
}
