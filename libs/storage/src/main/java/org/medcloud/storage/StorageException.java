package org.medcloud.storage;

/** Any failure of an {@link ObjectStorage} operation. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
