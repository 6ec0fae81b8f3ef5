package org.medcloud.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Provider-neutral object storage: one bucket (S3) or container (Azure Blob) per instance.
 *
 * <p>Keys are '/'-separated object names. User metadata keys must match {@code [a-z][a-z0-9_]*}
 * (the intersection of what S3 and Azure accept; keys are returned lower-case) and values must be
 * printable US-ASCII. Instances are thread-safe; {@link MultipartUpload}s are not.
 *
 * <p>Errors are {@link StorageException}s: {@link ObjectNotFoundException} for a missing key,
 * {@link InvalidRangeException} for a range starting at or beyond the end of an object, and
 * {@link StorageConfigException} (naming the setting at fault) from {@link #checkReady()}.
 */
public interface ObjectStorage extends AutoCloseable {

    /** Provider name: {@code s3} or {@code azure}. */
    String type();

    /** The bucket / container this instance works on. */
    String bucket();

    /** Part (S3) / block (Azure) size used by {@link #put} and {@link #openUpload}. */
    int partSize();

    /**
     * Stores a stream of unknown length. Memory use is bounded by one reused part buffer of
     * {@link #partSize()} bytes: a stream that fits in one part is stored with a single request,
     * a longer one through a multipart upload (S3) or staged blocks (Azure), which is aborted on
     * any failure, including an {@link IOException} from {@code data}. The stream is read to its
     * end but not closed.
     */
    PutResult put(String key, InputStream data, String contentType, Map<String, String> metadata);

    default PutResult put(String key, InputStream data, Map<String, String> metadata) {
        return put(key, data, null, metadata);
    }

    default PutResult put(String key, byte[] data, String contentType, Map<String, String> metadata) {
        return put(key, new java.io.ByteArrayInputStream(data), contentType, metadata);
    }

    /**
     * Opens a streaming upload to write into (same buffering and abort rules as {@link #put}).
     * Nothing is visible under {@code key} before {@link MultipartUpload#complete()} returns;
     * {@link MultipartUpload#close()} without {@code complete()} aborts.
     */
    MultipartUpload openUpload(String key, String contentType, Map<String, String> metadata);

    /** The whole object. The caller closes the stream. */
    InputStream get(String key);

    /**
     * {@code length} bytes from {@code offset} (fewer if the object ends before). An offset at or
     * beyond the end of the object throws {@link InvalidRangeException}.
     */
    InputStream getRange(String key, long offset, long length);

    /** Size, ETag, content type and metadata; {@link ObjectInfo#exists()} is false for a missing key. */
    ObjectInfo head(String key);

    default boolean exists(String key) {
        return head(key).exists();
    }

    /** One page of keys starting with {@code prefix}, in lexicographic order. */
    ObjectPage listPage(String prefix, String continuationToken, int pageSize);

    /** All keys starting with {@code prefix}, fetched lazily page by page. */
    default Iterable<ObjectSummary> list(String prefix) {
        return list(prefix, 1000);
    }

    default Iterable<ObjectSummary> list(String prefix, int pageSize) {
        return () -> new org.medcloud.storage.spi.PagingIterator(this, prefix, pageSize);
    }

    /** Deletes the object; deleting a missing key is not an error. */
    void delete(String key);

    /** A URL anyone can GET the object with until {@code expiry} has passed. */
    URI presignGet(String key, Duration expiry);

    /**
     * Verifies that the endpoint answers, the credentials are accepted and the bucket/container
     * exists. Throws {@link StorageConfigException} naming the setting to fix.
     */
    void checkReady();

    @Override
    void close();
}
