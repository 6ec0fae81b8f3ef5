package org.medcloud.storage.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.identity.AzureAuthorityHosts;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
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
import com.azure.storage.blob.models.UserDelegationKey;
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
import com.azure.storage.common.sas.SasProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.medcloud.storage.InvalidRangeException;
import org.medcloud.storage.MultipartUpload;
import org.medcloud.storage.ObjectInfo;
import org.medcloud.storage.ObjectNotFoundException;
import org.medcloud.storage.ObjectPage;
import org.medcloud.storage.ObjectSummary;
import org.medcloud.storage.StorageConfig;
import org.medcloud.storage.StorageConfig.AzureAuth;
import org.medcloud.storage.StorageConfigException;
import org.medcloud.storage.StorageException;
import org.medcloud.storage.spi.AbstractObjectStorage;
import org.medcloud.storage.spi.PartBufferedUpload;
import org.medcloud.storage.spi.StorageSupport;

/**
 * {@link org.medcloud.storage.ObjectStorage} on Azure Blob Storage (and Azurite): block blobs, the
 * JDK HTTP client (no Netty). Authentication, as {@link StorageConfig#azureAuth()} selects it: a
 * connection string, an account name + key, or a Microsoft Entra token (no key) from AKS Workload
 * ID ({@code WorkloadIdentityCredential}: the federated token file exchanged for an access token of
 * AZURE_CLIENT_ID) or else from {@code DefaultAzureCredential} (managed identity, ...). Presigned
 * URLs are a blob service SAS signed with the account key, or with a token a <em>user delegation
 * SAS</em> signed with a user delegation key, which is cached and renewed shortly before it expires.
 * Multipart uploads stage blocks ({@code Put Block}) and commit them ({@code Put Block List}); an
 * aborted upload commits nothing, and Azure discards uncommitted blocks by itself (after at most 7 days).
 */
public final class AzureBlobObjectStorage extends AbstractObjectStorage {

    /** Validity of a user delegation key fetched for presigned URLs (longer if a URL needs it). */
    static final Duration USER_DELEGATION_KEY_LIFETIME = Duration.ofHours(1);
    /** A cached user delegation key is renewed when it would expire within this margin of a new URL's expiry. */
    static final Duration USER_DELEGATION_KEY_MARGIN = Duration.ofMinutes(5);
    /** Azure's limit for a user delegation key (and so for a user delegation SAS). */
    static final Duration USER_DELEGATION_MAX = Duration.ofDays(7);
    /** Entra authority hosts that instance discovery knows; for any other host (a private or test one) it is off. */
    private static final List<String> KNOWN_AUTHORITY_HOSTS = List.of(AzureAuthorityHosts.AZURE_PUBLIC_CLOUD,
            AzureAuthorityHosts.AZURE_CHINA, AzureAuthorityHosts.AZURE_GOVERNMENT, AzureAuthorityHosts.AZURE_GERMANY);

    private final BlobServiceClient service;
    private final BlobContainerClient container;
    private final AzureAuth auth;
    private final String credentialSetting;
    private final String endpointSetting;
    private final String identity;
    private final Object delegationKeyLock = new Object();
    private UserDelegationKey delegationKey;

    public AzureBlobObjectStorage(StorageConfig config) {
        this(config, java.net.http.HttpClient.newBuilder());
    }

    /**
     * With a JDK HTTP client built from {@code jdkClient} (e.g. with its own {@code SSLContext} or
     * proxy); the connect timeout of {@code config} is applied to it. The same client carries the
     * Blob requests and the Microsoft Entra token requests.
     */
    public AzureBlobObjectStorage(StorageConfig config, java.net.http.HttpClient.Builder jdkClient) {
        super(config);
        if (!StorageConfig.TYPE_AZURE.equals(config.type())) {
            throw new StorageConfigException("STORAGE_TYPE", "AzureBlobObjectStorage needs type azure, not "
                    + config.type());
        }
        HttpClient http = new JdkHttpClientBuilder(jdkClient)
                .connectionTimeout(config.connectTimeout())
                .build();
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .httpClient(http)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, config.maxAttempts(),
                        (Integer) null, 200L, 2000L, null));
        this.auth = config.azureAuth();
        if (auth == AzureAuth.CONNECTION_STRING) {
            credentialSetting = "AZURE_CONNECTION_STRING";
            endpointSetting = "AZURE_CONNECTION_STRING";
            identity = "connection string";
            try {
                builder.connectionString(config.azureConnectionString());
            } catch (IllegalArgumentException e) {
                throw new StorageConfigException("AZURE_CONNECTION_STRING", "invalid Azure connection string: "
                        + e.getMessage(), e);
            }
        } else {
            endpointSetting = config.azureEndpoint() == null ? "AZURE_ACCOUNT_NAME" : "AZURE_BLOB_ENDPOINT";
            String endpoint = config.azureEndpoint() != null ? config.azureEndpoint()
                    : "https://" + config.azureAccountName() + ".blob.core.windows.net";
            try {
                builder.endpoint(endpoint);
                if (auth == AzureAuth.ACCOUNT_KEY) {
                    credentialSetting = "AZURE_ACCOUNT_NAME/AZURE_ACCOUNT_KEY";
                    identity = "account key";
                    builder.credential(new StorageSharedKeyCredential(config.azureAccountName(), config.azureAccountKey()));
                } else if (auth == AzureAuth.WORKLOAD_IDENTITY) {
                    credentialSetting = "AZURE_FEDERATED_TOKEN_FILE/AZURE_CLIENT_ID/AZURE_TENANT_ID";
                    identity = "workload identity (client id " + config.azureClientId() + ", tenant "
                            + config.azureTenantId() + ", token file " + config.azureFederatedTokenFile()
                            + ", authority " + config.azureAuthorityHostOrDefault() + ")";
                    builder.credential(workloadIdentity(config, http));
                } else {
                    credentialSetting = "AZURE_CLIENT_ID";
                    identity = "DefaultAzureCredential (managed identity" + (config.azureClientId() == null
                            ? "" : " client id " + config.azureClientId()) + ", environment, Azure CLI, ...)";
                    builder.credential(defaultCredential(config, http));
                }
            } catch (IllegalArgumentException e) {
                throw new StorageConfigException(endpointSetting, "invalid Azure endpoint/account: " + e.getMessage(), e);
            }
        }
        this.service = builder.buildClient();
        this.container = service.getBlobContainerClient(config.bucket());
    }

    private static TokenCredential workloadIdentity(StorageConfig config, HttpClient http) {
        WorkloadIdentityCredentialBuilder credential = new WorkloadIdentityCredentialBuilder()
                .clientId(config.azureClientId())
                .tenantId(config.azureTenantId())
                .tokenFilePath(config.azureFederatedTokenFile())
                .authorityHost(config.azureAuthorityHostOrDefault())
                .httpClient(http)
                .retryOptions(tokenRetries(config));
        if (!isKnownAuthorityHost(config.azureAuthorityHostOrDefault())) {
            credential.disableInstanceDiscovery();
        }
        return credential.build();
    }

    private static TokenCredential defaultCredential(StorageConfig config, HttpClient http) {
        DefaultAzureCredentialBuilder credential = new DefaultAzureCredentialBuilder()
                .authorityHost(config.azureAuthorityHostOrDefault())
                .httpClient(http)
                .retryOptions(tokenRetries(config));
        if (config.azureClientId() != null) {
            credential.managedIdentityClientId(config.azureClientId());
        }
        if (config.azureTenantId() != null) {
            credential.tenantId(config.azureTenantId());
        }
        if (!isKnownAuthorityHost(config.azureAuthorityHostOrDefault())) {
            credential.disableInstanceDiscovery();
        }
        return credential.build();
    }

    /** STORAGE_MAX_ATTEMPTS for the token requests too (else azure-identity retries 3 times over about 6 s). */
    private static RetryOptions tokenRetries(StorageConfig config) {
        return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(Math.max(0, config.maxAttempts() - 1))
                .setBaseDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(2)));
    }

    static boolean isKnownAuthorityHost(String authorityHost) {
        String normalized = authorityHost.toLowerCase(Locale.ROOT).replaceAll("/+$", "") + "/";
        return KNOWN_AUTHORITY_HOSTS.contains(normalized);
    }

    /** How requests are authenticated. */
    public AzureAuth authentication() {
        return auth;
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
        if (auth == AzureAuth.WORKLOAD_IDENTITY || auth == AzureAuth.DEFAULT_CREDENTIAL) {
            return presignWithUserDelegation(blob, key, expiry);
        }
        try {
            String sas = blob.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plus(expiry),
                    new BlobSasPermission().setReadPermission(true)));
            return URI.create(blob.getBlobUrl() + "?" + sas);
        } catch (RuntimeException e) {
            throw new StorageException("cannot presign '" + key + "': a SAS needs an account key (" + credentialSetting
                    + "): " + StorageSupport.rootMessage(e), e);
        }
    }

    /** A read-only, HTTPS-only user delegation SAS, signed with a (cached) user delegation key. */
    private URI presignWithUserDelegation(BlobClient blob, String key, Duration expiry) {
        if (expiry.compareTo(USER_DELEGATION_MAX) > 0) {
            throw new IllegalArgumentException("expiry must be at most " + USER_DELEGATION_MAX.toDays()
                    + " days for a user delegation SAS, not " + expiry);
        }
        OffsetDateTime sasExpiry = OffsetDateTime.now(ZoneOffset.UTC).plus(expiry);
        UserDelegationKey signingKey;
        try {
            signingKey = userDelegationKey(sasExpiry);
        } catch (RuntimeException e) {
            throw new StorageException("cannot presign '" + key + "': no user delegation key for " + identity
                    + " (the identity needs a role with generateUserDelegationKey, e.g. Storage Blob Data"
                    + " Contributor or Storage Blob Delegator): " + oneLine(StorageSupport.rootMessage(e)), e);
        }
        // the SAS cannot outlive its key
        OffsetDateTime until = sasExpiry.isAfter(signingKey.getSignedExpiry()) ? signingKey.getSignedExpiry() : sasExpiry;
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(until,
                new BlobSasPermission().setReadPermission(true)).setProtocol(SasProtocol.HTTPS_ONLY);
        return URI.create(blob.getBlobUrl() + "?" + blob.generateUserDelegationSas(values, signingKey));
    }

    /**
     * The cached user delegation key if it is valid until {@code USER_DELEGATION_KEY_MARGIN} after
     * {@code sasExpiry}; else a new one, valid from 5 minutes ago (clock skew) for
     * {@code USER_DELEGATION_KEY_LIFETIME} or as long as the SAS needs, at most 7 days.
     */
    private UserDelegationKey userDelegationKey(OffsetDateTime sasExpiry) {
        synchronized (delegationKeyLock) {
            UserDelegationKey cached = delegationKey;
            if (cached != null && !cached.getSignedExpiry().minus(USER_DELEGATION_KEY_MARGIN).isBefore(sasExpiry)) {
                return cached;
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            OffsetDateTime keyExpiry = now.plus(USER_DELEGATION_KEY_LIFETIME);
            if (keyExpiry.isBefore(sasExpiry.plus(USER_DELEGATION_KEY_MARGIN))) {
                keyExpiry = sasExpiry.plus(USER_DELEGATION_KEY_MARGIN);
            }
            OffsetDateTime latest = now.plus(USER_DELEGATION_MAX).minusMinutes(1);
            if (keyExpiry.isAfter(latest)) {
                keyExpiry = latest;
            }
            delegationKey = service.getUserDelegationKey(now.minusMinutes(5), keyExpiry);
            return delegationKey;
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
                        + service.getAccountUrl() + " was denied (HTTP " + status + " " + e.getErrorCode() + "): "
                        + (isToken() ? "the token of " + identity + " was refused, or that identity has no data role"
                        + " (e.g. Storage Blob Data Contributor) on the account or container"
                        : "wrong account key, or no permission"), e);
            }
            throw new StorageConfigException(endpointSetting, "Azure endpoint " + where + " answered HTTP " + status
                    + " " + e.getErrorCode(), e);
        } catch (RuntimeException e) {
            if (isToken() && isTokenFailure(e)) {
                // the token endpoint answered with an error, or could not be reached
                StorageConfigException failure = hasCause(e, IOException.class)
                        ? new StorageConfigException("AZURE_AUTHORITY_HOST", "cannot reach the Microsoft Entra authority"
                        + " host for a token with " + identity + ": " + oneLine(StorageSupport.rootMessage(e)))
                        : new StorageConfigException(credentialSetting, "cannot get a Microsoft Entra token for Azure"
                        + " Storage with " + identity + ": " + oneLine(tokenErrorMessage(e)));
                // Entra's error text spans lines (\r\n) and recurs at every level of the cause chain: the
                // one-line message above says it all, the chain stays available for stack traces
                failure.addSuppressed(e);
                throw failure;
            }
            throw new StorageConfigException(endpointSetting, "cannot reach Azure blob endpoint "
                    + service.getAccountUrl() + ": " + StorageSupport.rootMessage(e), e);
        }
    }

    private boolean isToken() {
        return auth == AzureAuth.WORKLOAD_IDENTITY || auth == AzureAuth.DEFAULT_CREDENTIAL;
    }

    private static boolean isTokenFailure(Throwable e) {
        return hasCause(e, ClientAuthenticationException.class)
                || hasCause(e, com.microsoft.aad.msal4j.MsalException.class);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The most specific message: MSAL's (e.g. "AADSTS700213: ..."), else the root cause's. */
    private static String tokenErrorMessage(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof com.microsoft.aad.msal4j.MsalException && c.getMessage() != null) {
                return c.getMessage();
            }
        }
        return StorageSupport.rootMessage(e);
    }

    /** Collapses line breaks (MSAL's messages carry trace and correlation ids on extra lines) and caps the length. */
    static String oneLine(String message) {
        String s = message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
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
                + oneLine(StorageSupport.rootMessage(e)), e);
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
