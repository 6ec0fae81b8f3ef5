package org.medcloud.storage;

import java.time.Instant;

/** One entry of a listing. */
public record ObjectSummary(String key, long size, String etag, Instant lastModified) {
}
