package org.medcloud.storage.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.medcloud.storage.MultipartUpload;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.PutResult;
import org.medcloud.storage.StorageConfig;
import org.medcloud.storage.StorageException;

/** Provider-neutral part of every {@link ObjectStorage}: argument checks and put-via-upload. */
public abstract class AbstractObjectStorage implements ObjectStorage {

    /** Content type stored when none is given. */
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    protected final StorageConfig config;

    protected AbstractObjectStorage(StorageConfig config) {
        this.config = config.validate();
    }

    @Override
    public String type() {
        return config.type();
    }

    @Override
    public String bucket() {
        return config.bucket();
    }

    @Override
    public int partSize() {
        return config.partSize();
    }

    public StorageConfig config() {
        return config;
    }

    @Override
    public PutResult put(String key, InputStream data, String contentType, Map<String, String> metadata) {
        if (data == null) {
            throw new IllegalArgumentException("data stream must not be null");
        }
        MultipartUpload upload = openUpload(key, contentType, metadata);
        try {
            upload.transferFrom(data);
            return upload.complete();
        } catch (IOException e) {
            upload.abort();
            throw new StorageException("reading the data for '" + key + "' failed after " + upload.bytesWritten()
                    + " bytes; upload aborted", e);
        } catch (RuntimeException | Error e) {
            upload.abort();
            throw e;
        }
    }

    @Override
    public final MultipartUpload openUpload(String key, String contentType, Map<String, String> metadata) {
        StorageSupport.requireKey(key);
        return newUpload(key, contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType,
                StorageSupport.normalizeMetadata(metadata));
    }

    /** A {@link PartBufferedUpload} of the provider; arguments are already checked. */
    protected abstract MultipartUpload newUpload(String key, String contentType, Map<String, String> metadata);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + type() + ":" + bucket() + "]";
    }
}
