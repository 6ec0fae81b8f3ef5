package org.medcloud.storage;

/**
 * Outcome of a put.
 *
 * @param key   object key
 * @param size  bytes stored
 * @param etag  provider ETag without quotes (for S3 multipart it is not an MD5 of the content)
 * @param md5   hex MD5 of the bytes stored, computed while streaming
 * @param parts parts/blocks used; 0 when stored with a single request
 */
public record PutResult(String key, long size, String etag, String md5, int parts) {
}
