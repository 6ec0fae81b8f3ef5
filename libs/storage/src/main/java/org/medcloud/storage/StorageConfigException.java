package org.medcloud.storage;

/**
 * The storage configuration is wrong or the storage is not usable with it. {@link #setting()}
 * names the environment variable(s) to fix (e.g. {@code S3_ENDPOINT}, {@code STORAGE_BUCKET});
 * the message names it too, together with the MicroProfile config key.
 */
public class StorageConfigException extends StorageException {

    private final String setting;

    public StorageConfigException(String setting, String message) {
        this(setting, message, null);
    }

    public StorageConfigException(String setting, String message, Throwable cause) {
        super(message + " [check setting " + setting + StorageConfig.configKeyHint(setting) + "]", cause);
        this.setting = setting;
    }

    /** Environment variable name(s) of the setting at fault. */
    public String setting() {
        return setting;
    }
}
