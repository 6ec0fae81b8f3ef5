package org.medcloud.inference.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.ObjectStorageFactory;
import org.medcloud.storage.StorageConfig;

/** The object storage (storage.* / STORAGE_*, see libs/storage) holding label volumes and overlays. */
public class StorageProducer {

    @Produces
    @ApplicationScoped
    ObjectStorage storage() {
        Config config = ConfigProvider.getConfig();
        return ObjectStorageFactory.create(StorageConfig.fromConfig(k -> k == null ? null
                : config.getOptionalValue(k, String.class).orElse(null)).validate());
    }

    void close(@Disposes ObjectStorage storage) {
        storage.close();
    }
}
