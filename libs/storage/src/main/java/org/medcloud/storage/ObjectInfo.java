package org.medcloud.storage;

import java.time.Instant;
import java.util.Map;

/**
 * Result of {@link ObjectStorage#head(String)}.
 *
 * @param metadata user metadata, keys lower-case; empty when the object does not exist
 */
public record ObjectInfo(String key, boolean exists, long size, String etag, String contentType,
                         Instant lastModified, Map<String, String> metadata) {

    public ObjectInfo {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static ObjectInfo missing(String key) {
        return new ObjectInfo(key, false, -1, null, null, null, Map.of());
    }
}
