package org.medcloud.storage;

/** A ranged read starting at or beyond the end of the object. */
public class InvalidRangeException extends StorageException {

    public InvalidRangeException(String key, long offset, long length, Throwable cause) {
        super("range offset " + offset + " (length " + length + ") is at or beyond the end of object '" + key + "'",
                cause);
    }
}
