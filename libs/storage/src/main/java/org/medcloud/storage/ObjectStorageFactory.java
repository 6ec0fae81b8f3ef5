package org.medcloud.storage;

import org.medcloud.storage.azure.AzureBlobObjectStorage;
import org.medcloud.storage.s3.S3ObjectStorage;

/** Builds the {@link ObjectStorage} a {@link StorageConfig} asks for. */
public final class ObjectStorageFactory {

    private ObjectStorageFactory() {
    }

    /**
     * Validates {@code config} and builds the client for its {@code type} ({@code s3} or
     * {@code azure}). Does not contact the storage: call {@link ObjectStorage#checkReady()} for that.
     *
     * @throws StorageConfigException naming the setting at fault
     */
    public static ObjectStorage create(StorageConfig config) {
        config.validate();
        return switch (config.type()) {
            case StorageConfig.TYPE_S3 -> new S3ObjectStorage(config);
            case StorageConfig.TYPE_AZURE -> new AzureBlobObjectStorage(config);
            default -> throw new StorageConfigException("STORAGE_TYPE", "unknown storage type '" + config.type() + "'");
        };
    }

    /** {@link #create(StorageConfig)} from the process environment. */
    public static ObjectStorage fromEnv() {
        return create(StorageConfig.fromEnv());
    }
}
