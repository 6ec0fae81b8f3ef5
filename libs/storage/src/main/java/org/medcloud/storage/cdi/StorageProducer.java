package org.medcloud.storage.cdi;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.ObjectStorageFactory;
import org.medcloud.storage.StorageConfig;

/**
 * The one {@link ObjectStorage} of a Quarkus service, built from the {@code storage.*} settings
 * (S3 or Azure Blob alike). Plain-Java users of this library ignore it.
 */
public class StorageProducer {

    @Produces
    @Singleton
    ObjectStorage storage() {
        Config config = ConfigProvider.getConfig();
        return ObjectStorageFactory.create(
                StorageConfig.fromConfig(key -> config.getOptionalValue(key, String.class).orElse(null)));
    }

    void close(@Disposes ObjectStorage storage) {
        storage.close();
    }
}
