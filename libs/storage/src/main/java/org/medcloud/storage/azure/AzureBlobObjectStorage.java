package org.medcloud.storage.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlobInputStream;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/**
 * {@link org.medcloud.storage.ObjectStorage} on Azure Blob Storage (and Azurite): block blobs, the
 * JDK HTTP client (no Netty), a connection string or account name + key. Multipart uploads stage
 * blocks ({@code Put Block}) and commit them ({@code Put Block List}); an aborted upload commits
 * nothing, and Azure discards uncommitted blocks by itself (after at most 7 days).
 */
public final class AzureBlobObjectStorage extends AbstractObjectStorage {

    private final BlobServiceClient service;
    private final BlobContainerClient container;
    private final String credentialSetting;
    private final String endpointSetting;

    public AzureBlobObjectStorage(StorageConfig config) {
        super(config);
        if (!StorageConfig.TYPE_AZURE.equals(config.type())) {
            throw new StorageConfigException("STORAGE_TYPE", "AzureBlobObjectStorage needs type azure, not "
                    + config.type());
        }
        HttpClient http = new JdkHttpClientBuilder()
                .connectionTimeout(config.connectTimeout())
                .build();
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .httpClient(http)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, config.maxAttempts(),
                        (Integer) null, 200L, 2000L, null));
        if (config.azureConnectionString() != null) {
            credentialSetting = "AZURE_CONNECTION_STRING";
            endpointSetting = "AZURE_CONNECTION_STRING";
            try {
                builder.connectionString(config.azureConnectionString());
            } catch (IllegalArgumentException e) {
                throw new StorageConfigException("AZURE_CONNECTION_STRING", "invalid Azure connection string: "
                        + e.getMessage(), e);
            }
        } else {
            credentialSetting = "AZURE_ACCOUNT_NAME/AZURE_ACCOUNT_KEY";
            endpointSetting = config.azureEndpoint() == null ? "AZURE_ACCOUNT_NAME" : "AZURE_BLOB_ENDPOINT";
            String endpoint = config.azureEndpoint() != null ? config.azureEndpoint()
                    : "https://" + config.azureAccountName() + ".blob.core.windows.net";
            try {
                builder.endpoint(endpoint)
                        .credential(new StorageSharedKeyCredential(config.azureAccountName(), config.azureAccountKey()));
            } catch (IllegalArgumentException e) {
                throw new StorageConfigException(endpointSetting, "invalid Azure endpoint/account: " + e.getMessage(), e);
            }
        }
        this.service = builder.buildClient();
        this.container = service.getBlobContainerClient(config.bucket());
    }

    /** The underlying container client, for provider-specific needs (and tests). */
    public BlobContainerClient client() {
        return container;
    }

    @Override
    protected MultipartUpload newUpload(String key, String contentType, Map<String, String> metadata) {
        return new AzureUpload(key, contentType, metadata);
    }

    @Override
    public InputStream get(String key) {
        StorageSupport.requireKey(key);
        try {
            return container.getBlobClient(key).openInputStream();
        } catch (RuntimeException e) {
            throw translate("get", key, e);
        }
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        StorageSupport.requireKey(key);
        StorageSupport.checkRange(offset, length);
        BlobInputStream in;
        try {
            in = container.getBlobClient(key).openInputStream(
                    new BlobInputStreamOptions().setRange(new BlobRange(offset, length)));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 416) {
                throw new InvalidRangeException(key, offset, length, e);
            }
            throw translate("get range of", key, e);
        } catch (RuntimeException e) {
            throw translate("get range of", key, e);
        }
        if (offset >= in.getProperties().getBlobSize()) {
            closeQuietly(in);
            throw new InvalidRangeException(key, offset, length, null);
        }
        return in;
    }

    @Override
    public ObjectInfo head(String key) {
        StorageSupport.requireKey(key);
        try {
            BlobProperties p = container.getBlobClient(key).getProperties();
            return new ObjectInfo(key, true, p.getBlobSize(), StorageSupport.unquote(p.getETag()), p.getContentType(),
                    instant(p.getLastModified()), StorageSupport.lowerCaseKeys(p.getMetadata()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404 && !isContainerMissing(e)) {
                return ObjectInfo.missing(key);
            }
            throw translate("head", key, e);
        } catch (RuntimeException e) {
            throw translate("head", key, e);
        }
    }

    @Override
    public ObjectPage listPage(String prefix, String continuationToken, int pageSize) {
        if (pageSize < 1 || pageSize > 5000) {
            throw new IllegalArgumentException("pageSize must be 1..5000");
        }
        try {
            ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(pageSize);
            if (prefix != null && !prefix.isEmpty()) {
                options.setPrefix(prefix);
            }
            var pages = container.listBlobs(options, null).iterableByPage(continuationToken, pageSize).iterator();
            if (!pages.hasNext()) {
                return new ObjectPage(List.of(), null);
            }
            PagedResponse<BlobItem> page = pages.next();
            List<ObjectSummary> objects = new ArrayList<>();
            for (BlobItem item : page.getValue()) {
                objects.add(new ObjectSummary(item.getName(), item.getProperties().getContentLength(),
                        StorageSupport.unquote(item.getProperties().getETag()),
                        instant(item.getProperties().getLastModified())));
            }
            String next = page.getContinuationToken();
            return new ObjectPage(objects, next == null || next.isEmpty() ? null : next);
        } catch (RuntimeException e) {
            throw translate("list", prefix, e);
        }
    }

    @Override
    public void delete(String key) {
        StorageSupport.requireKey(key);
        try {
            container.getBlobClient(key).deleteIfExists();
        } catch (RuntimeException e) {
            throw translate("delete", key, e);
        }
    }

    @Override
    public URI presignGet(String key, Duration expiry) {
        StorageSupport.requireKey(key);
        if (expiry == null || expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("expiry must be positive");
        }
        BlobClient blob = container.getBlobClient(key);
        try {
            String sas = blob.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plus(expiry),
                    new BlobSasPermission().setReadPermission(true)));
            return URI.create(blob.getBlobUrl() + "?" + sas);
        } catch (RuntimeException e) {
            throw new StorageException("cannot presign '" + key + "': a SAS needs an account key (" + credentialSetting
                    + "): " + StorageSupport.rootMessage(e), e);
        }
    }

    @Override
    public void checkReady() {
        String where = container.getBlobContainerUrl();
        try {
            container.getProperties();
        } catch (BlobStorageException e) {
            int status = e.getStatusCode();
            if (status == 404) {
                throw new StorageConfigException("STORAGE_BUCKET", "container '" + bucket() + "' does not exist at "
                        + service.getAccountUrl(), e);
            }
            if (status == 403 || status == 401) {
                throw new StorageConfigException(credentialSetting, "access to container '" + bucket() + "' at "
                        + service.getAccountUrl() + " was denied (HTTP " + status + " " + e.getErrorCode()
                        + "): wrong account key, or no permission", e);
            }
            throw new StorageConfigException(endpointSetting, "Azure endpoint " + where + " answered HTTP " + status
                    + " " + e.getErrorCode(), e);
        } catch (RuntimeException e) {
            throw new StorageConfigException(endpointSetting, "cannot reach Azure blob endpoint "
                    + service.getAccountUrl() + ": " + StorageSupport.rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        // the Azure sync clients hold no resources that need closing
    }

    private boolean isContainerMissing(BlobStorageException e) {
        return e.getErrorCode() != null && "ContainerNotFound".equals(e.getErrorCode().toString());
    }

    private RuntimeException translate(String op, String key, RuntimeException e) {
        if (e instanceof BlobStorageException bse) {
            if (bse.getStatusCode() == 404) {
                if (isContainerMissing(bse)) {
                    return new StorageException("cannot " + op + " '" + key + "': container '" + bucket()
                            + "' does not exist (STORAGE_BUCKET)", e);
                }
                return new ObjectNotFoundException(bucket(), key, e);
            }
            return new StorageException("cannot " + op + " '" + key + "' in container '" + bucket() + "': HTTP "
                    + bse.getStatusCode() + " " + bse.getErrorCode(), e);
        }
        if (e instanceof StorageException se) {
            return se;
        }
        return new StorageException("cannot " + op + " '" + key + "' in container '" + bucket() + "': "
                + StorageSupport.rootMessage(e), e);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing read
        }
    }

    private final class AzureUpload extends PartBufferedUpload {

        private final BlockBlobClient blob;
        private final String uploadId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        private final List<String> blockIds = new ArrayList<>();

        AzureUpload(String key, String contentType, Map<String, String> metadata) {
            super(key, contentType, metadata, partSize());
            this.blob = container.getBlobClient(key).getBlockBlobClient();
        }

        @Override
        protected void startMultipart() {
            // Azure has no upload session: staged blocks are kept until committed or garbage-collected
        }

        @Override
        protected void uploadPart(int partNumber, byte[] data, int length) {
            // all ids of one blob must have the same length
            String id = Base64.getEncoder().encodeToString(
                    String.format("%s-%06d", uploadId, partNumber).getBytes(StandardCharsets.US_ASCII));
            try {
                blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(id, body(data, length)), null, Context.NONE);
                blockIds.add(id);
            } catch (RuntimeException e) {
                throw translate("stage block " + partNumber + " of", key, e);
            }
        }

        @Override
        protected String completeMultipart(int partCount, byte[] md5) {
            try {
                return blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blockIds)
                                .setHeaders(headers(md5)).setMetadata(metadata), null, Context.NONE)
                        .getValue().getETag();
            } catch (RuntimeException e) {
                throw translate("commit block list of", key, e);
            }
        }

        @Override
        protected void abortMultipart() {
            blockIds.clear();
        }

        @Override
        protected String putSingle(byte[] data, int length, byte[] md5) {
            try {
                return blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(body(data, length))
                                .setHeaders(headers(md5)).setMetadata(metadata).setContentMd5(md5), null, Context.NONE)
                        .getValue().getETag();
            } catch (RuntimeException e) {
                throw translate("put", key, e);
            }
        }

        private BlobHttpHeaders headers(byte[] md5) {
            return new BlobHttpHeaders().setContentType(contentType).setContentMd5(md5);
        }

        /** A view of the shared part buffer without copying it. */
        private BinaryData body(byte[] data, int length) {
            return BinaryData.fromByteBuffer(ByteBuffer.wrap(data, 0, length));
        }
    }
}
