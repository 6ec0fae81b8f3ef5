package org.medcloud.storage.s3;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.medcloud.storage.InvalidRangeException;
import org.medcloud.storage.MultipartUpload;
import org.medcloud.storage.ObjectInfo;
import org.medcloud.storage.ObjectNotFoundException;
import org.medcloud.storage.ObjectPage;
import org.medcloud.storage.ObjectSummary;
import org.medcloud.storage.StorageConfig;
import org.medcloud.storage.StorageConfigException;
import org.medcloud.storage.StorageException;
import org.medcloud.storage.spi.AbstractObjectStorage;
import org.medcloud.storage.spi.PartBufferedUpload;
import org.medcloud.storage.spi.StorageSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link org.medcloud.storage.ObjectStorage} on S3 and S3-compatible stores (MinIO, S3Proxy, GCS
 * interoperability, Ceph): AWS SDK v2 with the URL-connection HTTP client, optional endpoint
 * override and path-style addressing. Checksums are only sent where S3 requires them, so
 * third-party stores that do not know the newer CRC headers work.
 */
public final class S3ObjectStorage extends AbstractObjectStorage {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final SdkHttpClient httpClient;

    public S3ObjectStorage(StorageConfig config) {
        super(config);
        if (!StorageConfig.TYPE_S3.equals(config.type())) {
            throw new StorageConfigException("STORAGE_TYPE", "S3ObjectStorage needs type s3, not " + config.type());
        }
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(config.connectTimeout())
                .socketTimeout(Duration.ofSeconds(120))
                .build();
        AwsCredentialsProvider credentials = config.s3AccessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.s3AccessKey(), config.s3SecretKey()))
                : DefaultCredentialsProvider.builder().build();
        Region region = Region.of(config.s3Region());
        URI endpoint = config.s3Endpoint() == null ? null : URI.create(config.s3Endpoint());
        var builder = S3Client.builder()
                .httpClient(httpClient)
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(config.s3PathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(config.maxAttempts())));
        var presignerBuilder = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.s3PathStyle()).build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
            presignerBuilder.endpointOverride(endpoint);
        }
        this.s3 = builder.build();
        this.presigner = presignerBuilder.build();
    }

    /** The underlying client, for provider-specific needs (and tests). */
    public S3Client client() {
        return s3;
    }

    @Override
    protected MultipartUpload newUpload(String key, String contentType, Map<String, String> metadata) {
        return new S3Upload(key, contentType, metadata);
    }

    @Override
    public InputStream get(String key) {
        StorageSupport.requireKey(key);
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket()).key(key).build());
        } catch (SdkException e) {
            throw translate("get", key, e);
        }
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        StorageSupport.requireKey(key);
        StorageSupport.checkRange(offset, length);
        long last = offset + length - 1 < 0 ? Long.MAX_VALUE : offset + length - 1;
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket()).key(key)
                    .range("bytes=" + offset + "-" + last).build());
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                throw new InvalidRangeException(key, offset, length, e);
            }
            throw translate("get range of", key, e);
        } catch (SdkException e) {
            throw translate("get range of", key, e);
        }
    }

    @Override
    public ObjectInfo head(String key) {
        StorageSupport.requireKey(key);
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket()).key(key));
            return new ObjectInfo(key, true, r.contentLength(), StorageSupport.unquote(r.eTag()), r.contentType(),
                    r.lastModified(), StorageSupport.lowerCaseKeys(r.metadata()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return ObjectInfo.missing(key);
            }
            throw translate("head", key, e);
        } catch (SdkException e) {
            throw translate("head", key, e);
        }
    }

    @Override
    public ObjectPage listPage(String prefix, String continuationToken, int pageSize) {
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize must be 1..1000");
        }
        try {
            ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket()).prefix(prefix == null ? "" : prefix)
                    .maxKeys(pageSize).continuationToken(continuationToken));
            List<ObjectSummary> objects = new ArrayList<>(r.contents().size());
            r.contents().forEach(o -> objects.add(
                    new ObjectSummary(o.key(), o.size(), StorageSupport.unquote(o.eTag()), o.lastModified())));
            String next = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
            return new ObjectPage(objects, next);
        } catch (SdkException e) {
            throw translate("list", prefix, e);
        }
    }

    @Override
    public void delete(String key) {
        StorageSupport.requireKey(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket()).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw translate("delete", key, e);
            }
        } catch (SdkException e) {
            throw translate("delete", key, e);
        }
    }

    @Override
    public URI presignGet(String key, Duration expiry) {
        StorageSupport.requireKey(key);
        if (expiry == null || expiry.isNegative() || expiry.isZero() || expiry.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("expiry must be between 1 s and 7 days");
        }
        try {
            return presigner.presignGetObject(p -> p.signatureDuration(expiry)
                    .getObjectRequest(g -> g.bucket(bucket()).key(key))).url().toURI();
        } catch (URISyntaxException e) {
            throw new StorageException("presigned URL for '" + key + "' is not a valid URI", e);
        } catch (SdkException e) {
            throw translate("presign", key, e);
        }
    }

    @Override
    public void checkReady() {
        String where = config.s3Endpoint() == null ? "AWS S3 (region " + config.s3Region() + ")" : config.s3Endpoint();
        try {
            s3.headBucket(b -> b.bucket(bucket()));
        } catch (S3Exception e) {
            int status = e.statusCode();
            if (status == 404) {
                throw new StorageConfigException("STORAGE_BUCKET", "bucket '" + bucket() + "' does not exist at "
                        + where, e);
            }
            if (status == 403 || status == 401) {
                throw new StorageConfigException("S3_ACCESS_KEY/S3_SECRET_KEY", "access to bucket '" + bucket()
                        + "' at " + where + " was denied (HTTP " + status + "): wrong credentials, or no permission"
                        + " on this bucket", e);
            }
            if (status == 301 || status == 307 || status == 400) {
                throw new StorageConfigException("S3_REGION", "bucket '" + bucket() + "' at " + where
                        + " answered HTTP " + status + " to region " + config.s3Region()
                        + ": wrong region or endpoint", e);
            }
            throw new StorageConfigException("S3_ENDPOINT", "S3 endpoint " + where + " answered HTTP " + status
                    + " for bucket '" + bucket() + "'", e);
        } catch (SdkClientException e) {
            if (StorageSupport.findCause(e, ConnectException.class) != null
                    || StorageSupport.findCause(e, UnknownHostException.class) != null
                    || StorageSupport.findCause(e, java.net.SocketTimeoutException.class) != null
                    || StorageSupport.findCause(e, java.io.IOException.class) != null) {
                throw new StorageConfigException("S3_ENDPOINT", "cannot reach S3 endpoint " + where + ": "
                        + StorageSupport.rootMessage(e), e);
            }
            if (config.s3AccessKey() == null) {
                throw new StorageConfigException("S3_ACCESS_KEY/S3_SECRET_KEY", "no S3 credentials: "
                        + StorageSupport.rootMessage(e), e);
            }
            throw new StorageConfigException("S3_ENDPOINT", "S3 endpoint " + where + " is not usable: "
                    + StorageSupport.rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
        httpClient.close();
    }

    private RuntimeException translate(String op, String key, SdkException e) {
        if (e instanceof S3Exception s3e && s3e.statusCode() == 404) {
            String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                return new StorageException("cannot " + op + " '" + key + "': bucket '" + bucket()
                        + "' does not exist (STORAGE_BUCKET)", e);
            }
            return new ObjectNotFoundException(bucket(), key, e);
        }
        String detail = e instanceof S3Exception s3e
                ? "HTTP " + s3e.statusCode() + " " + (s3e.awsErrorDetails() == null ? "" : s3e.awsErrorDetails().errorCode())
                : StorageSupport.rootMessage(e);
        return new StorageException("cannot " + op + " '" + key + "' in bucket '" + bucket() + "': " + detail, e);
    }

    private final class S3Upload extends PartBufferedUpload {

        private String uploadId;
        private final List<CompletedPart> completed = new ArrayList<>();

        S3Upload(String key, String contentType, Map<String, String> metadata) {
            super(key, contentType, metadata, partSize());
        }

        @Override
        protected void startMultipart() {
            try {
                uploadId = s3.createMultipartUpload(b -> b.bucket(bucket()).key(key).metadata(metadata)
                        .contentType(contentType)).uploadId();
            } catch (SdkException e) {
                throw translate("start multipart upload of", key, e);
            }
        }

        @Override
        protected void uploadPart(int partNumber, byte[] data, int length) {
            try {
                String etag = s3.uploadPart(b -> b.bucket(bucket()).key(key).uploadId(uploadId).partNumber(partNumber)
                                .contentLength((long) length),
                        body(data, length)).eTag();
                completed.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            } catch (SdkException e) {
                throw translate("upload part " + partNumber + " of", key, e);
            }
        }

        @Override
        protected String completeMultipart(int partCount, byte[] md5) {
            try {
                return s3.completeMultipartUpload(b -> b.bucket(bucket()).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(completed))).eTag();
            } catch (SdkException e) {
                throw translate("complete multipart upload of", key, e);
            }
        }

        @Override
        protected void abortMultipart() {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket()).key(key).uploadId(uploadId));
            } catch (SdkException e) {
                throw translate("abort multipart upload of", key, e);
            }
        }

        @Override
        protected String putSingle(byte[] data, int length, byte[] md5) {
            try {
                return s3.putObject(b -> b.bucket(bucket()).key(key).metadata(metadata).contentType(contentType)
                                .contentLength((long) length).contentMD5(Base64.getEncoder().encodeToString(md5)),
                        body(data, length)).eTag();
            } catch (SdkException e) {
                throw translate("put", key, e);
            }
        }

        /** A body over the shared part buffer without copying it; replayable for signing and retries. */
        private RequestBody body(byte[] data, int length) {
            return RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(data, 0, length),
                    length, "application/octet-stream");
        }
    }
}
