package org.medcloud.storage;

/** The key does not exist in the bucket/container. */
public class ObjectNotFoundException extends StorageException {

    private final String key;

    public ObjectNotFoundException(String bucket, String key, Throwable cause) {
        super("object '" + key + "' not found in bucket '" + bucket + "'", cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
