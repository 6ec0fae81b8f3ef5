package org.medcloud.storage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything needed to build an {@link ObjectStorage}. Read it from environment variables with
 * {@link #fromEnv()} or from MicroProfile-style keys with {@link #fromConfig(Function)}; see the
 * module README for the table of settings.
 *
 * @param type                  {@code s3} or {@code azure} (STORAGE_TYPE)
 * @param bucket                S3 bucket or Azure container (STORAGE_BUCKET)
 * @param s3Endpoint            endpoint override, e.g. {@code http://minio:9000}; null for AWS (S3_ENDPOINT)
 * @param s3Region              signing region, default {@code us-east-1} (S3_REGION)
 * @param s3AccessKey           static access key; null for the AWS default credential chain (S3_ACCESS_KEY)
 * @param s3SecretKey           static secret key (S3_SECRET_KEY)
 * @param s3PathStyle           path-style addressing; default true when an endpoint is set (S3_PATH_STYLE)
 * @param azureConnectionString Azure storage connection string (AZURE_CONNECTION_STRING)
 * @param azureAccountName      account name, used with {@code azureAccountKey} when no connection string (AZURE_ACCOUNT_NAME)
 * @param azureAccountKey       account key (AZURE_ACCOUNT_KEY)
 * @param azureEndpoint         blob endpoint; default {@code https://<account>.blob.core.windows.net} (AZURE_BLOB_ENDPOINT)
 * @param azureClientId         Microsoft Entra application (client) id of the workload identity, or of the user-assigned
 *                              managed identity; injected by AKS Workload ID (AZURE_CLIENT_ID)
 * @param azureTenantId         Microsoft Entra tenant id; injected by AKS Workload ID (AZURE_TENANT_ID)
 * @param azureFederatedTokenFile path of the projected Kubernetes service-account token that is exchanged for an Entra
 *                              token; when set (and no connection string or account key), Blob access uses
 *                              workload identity; injected by AKS Workload ID (AZURE_FEDERATED_TOKEN_FILE)
 * @param azureAuthorityHost    Microsoft Entra authority host, default {@code https://login.microsoftonline.com/};
 *                              injected by AKS Workload ID (AZURE_AUTHORITY_HOST)
 * @param partSize              multipart part / block size in bytes, default 8 MiB, 5 MiB..512 MiB (STORAGE_PART_SIZE)
 * @param maxAttempts           attempts per request including retries, default 3 (STORAGE_MAX_ATTEMPTS)
 * @param connectTimeout        TCP connect timeout, default 10 s
 */
public record StorageConfig(String type, String bucket,
                            String s3Endpoint, String s3Region, String s3AccessKey, String s3SecretKey,
                            boolean s3PathStyle,
                            String azureConnectionString, String azureAccountName, String azureAccountKey,
                            String azureEndpoint,
                            String azureClientId, String azureTenantId, String azureFederatedTokenFile,
                            String azureAuthorityHost,
                            int partSize, int maxAttempts, Duration connectTimeout) {

    public static final String TYPE_S3 = "s3";
    public static final String TYPE_AZURE = "azure";
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int MAX_PART_SIZE = 512 * 1024 * 1024;
    public static final String DEFAULT_S3_REGION = "us-east-1";
    /** Microsoft Entra ID of the Azure public cloud, the authority host when AZURE_AUTHORITY_HOST is not set. */
    public static final String DEFAULT_AZURE_AUTHORITY_HOST = "https://login.microsoftonline.com/";

    /** How Azure Blob requests are authenticated; see {@link #azureAuth()}. */
    public enum AzureAuth {
        /** AZURE_CONNECTION_STRING (shared key or SAS inside it). */
        CONNECTION_STRING,
        /** AZURE_ACCOUNT_NAME + AZURE_ACCOUNT_KEY (shared key). */
        ACCOUNT_KEY,
        /** A Microsoft Entra token from AKS Workload ID: the federated token file exchanged for AZURE_CLIENT_ID in AZURE_TENANT_ID. */
        WORKLOAD_IDENTITY,
        /** A Microsoft Entra token from {@code DefaultAzureCredential} (managed identity, environment, Azure CLI, ...). */
        DEFAULT_CREDENTIAL
    }

    // environment variable -> MicroProfile config key
    private static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("STORAGE_TYPE", "storage.type");
        KEYS.put("STORAGE_BUCKET", "storage.bucket");
        KEYS.put("S3_ENDPOINT", "storage.s3.endpoint");
        KEYS.put("S3_REGION", "storage.s3.region");
        KEYS.put("S3_ACCESS_KEY", "storage.s3.access-key");
        KEYS.put("S3_SECRET_KEY", "storage.s3.secret-key");
        KEYS.put("S3_PATH_STYLE", "storage.s3.path-style");
        KEYS.put("AZURE_CONNECTION_STRING", "storage.azure.connection-string");
        KEYS.put("AZURE_ACCOUNT_NAME", "storage.azure.account-name");
        KEYS.put("AZURE_ACCOUNT_KEY", "storage.azure.account-key");
        KEYS.put("AZURE_BLOB_ENDPOINT", "storage.azure.endpoint");
        KEYS.put("AZURE_CLIENT_ID", "storage.azure.client-id");
        KEYS.put("AZURE_TENANT_ID", "storage.azure.tenant-id");
        KEYS.put("AZURE_FEDERATED_TOKEN_FILE", "storage.azure.federated-token-file");
        KEYS.put("AZURE_AUTHORITY_HOST", "storage.azure.authority-host");
        KEYS.put("STORAGE_PART_SIZE", "storage.part-size");
        KEYS.put("STORAGE_MAX_ATTEMPTS", "storage.max-attempts");
    }

    public StorageConfig {
        type = type == null ? null : type.trim().toLowerCase(Locale.ROOT);
        bucket = blankToNull(bucket);
        s3Endpoint = blankToNull(s3Endpoint);
        s3Region = blankToNull(s3Region) == null ? DEFAULT_S3_REGION : s3Region.trim();
        s3AccessKey = blankToNull(s3AccessKey);
        s3SecretKey = blankToNull(s3SecretKey);
        azureConnectionString = blankToNull(azureConnectionString);
        azureAccountName = blankToNull(azureAccountName);
        azureAccountKey = blankToNull(azureAccountKey);
        azureEndpoint = blankToNull(azureEndpoint);
        azureClientId = blankToNull(azureClientId);
        azureTenantId = blankToNull(azureTenantId);
        azureFederatedTokenFile = blankToNull(azureFederatedTokenFile);
        azureAuthorityHost = blankToNull(azureAuthorityHost);
        partSize = partSize <= 0 ? DEFAULT_PART_SIZE : partSize;
        maxAttempts = maxAttempts <= 0 ? 3 : maxAttempts;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    /** S3-compatible storage with static credentials and path-style addressing. */
    public static StorageConfig s3(String bucket, String endpoint, String region, String accessKey, String secretKey) {
        return new StorageConfig(TYPE_S3, bucket, endpoint, region, accessKey, secretKey, true,
                null, null, null, null, null, null, null, null, 0, 0, null);
    }

    /** Azure Blob storage from a connection string. */
    public static StorageConfig azure(String container, String connectionString) {
        return new StorageConfig(TYPE_AZURE, container, null, null, null, null, false,
                connectionString, null, null, null, null, null, null, null, 0, 0, null);
    }

    public StorageConfig withBucket(String newBucket) {
        return new StorageConfig(type, newBucket, s3Endpoint, s3Region, s3AccessKey, s3SecretKey, s3PathStyle,
                azureConnectionString, azureAccountName, azureAccountKey, azureEndpoint, azureClientId, azureTenantId,
                azureFederatedTokenFile, azureAuthorityHost, partSize, maxAttempts,
                connectTimeout);
    }

    public StorageConfig withPartSize(int newPartSize) {
        return new StorageConfig(type, bucket, s3Endpoint, s3Region, s3AccessKey, s3SecretKey, s3PathStyle,
                azureConnectionString, azureAccountName, azureAccountKey, azureEndpoint, azureClientId, azureTenantId,
                azureFederatedTokenFile, azureAuthorityHost, newPartSize, maxAttempts,
                connectTimeout);
    }

    public StorageConfig withS3Endpoint(String endpoint) {
        return new StorageConfig(type, bucket, endpoint, s3Region, s3AccessKey, s3SecretKey, s3PathStyle,
                azureConnectionString, azureAccountName, azureAccountKey, azureEndpoint, azureClientId, azureTenantId,
                azureFederatedTokenFile, azureAuthorityHost, partSize, maxAttempts,
                connectTimeout);
    }

    public StorageConfig withS3Credentials(String accessKey, String secretKey) {
        return new StorageConfig(type, bucket, s3Endpoint, s3Region, accessKey, secretKey, s3PathStyle,
                azureConnectionString, azureAccountName, azureAccountKey, azureEndpoint, azureClientId, azureTenantId,
                azureFederatedTokenFile, azureAuthorityHost, partSize, maxAttempts,
                connectTimeout);
    }

    public StorageConfig withAzureConnectionString(String connectionString) {
        return new StorageConfig(type, bucket, s3Endpoint, s3Region, s3AccessKey, s3SecretKey, s3PathStyle,
                connectionString, azureAccountName, azureAccountKey, azureEndpoint, azureClientId, azureTenantId,
                azureFederatedTokenFile, azureAuthorityHost, partSize, maxAttempts,
                connectTimeout);
    }

    /** Same settings with the Azure Blob endpoint replaced (AZURE_BLOB_ENDPOINT). */
    public StorageConfig withAzureEndpoint(String endpoint) {
        return new StorageConfig(type, bucket, s3Endpoint, s3Region, s3AccessKey, s3SecretKey, s3PathStyle,
                azureConnectionString, azureAccountName, azureAccountKey, endpoint, azureClientId, azureTenantId,
                azureFederatedTokenFile, azureAuthorityHost, partSize, maxAttempts, connectTimeout);
    }

    /**
     * Same settings with other workload identity values (AZURE_CLIENT_ID, AZURE_TENANT_ID,
     * AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST).
     */
    public StorageConfig withAzureWorkloadIdentity(String clientId, String tenantId, String federatedTokenFile,
                                                   String authorityHost) {
        return new StorageConfig(type, bucket, s3Endpoint, s3Region, s3AccessKey, s3SecretKey, s3PathStyle,
                azureConnectionString, azureAccountName, azureAccountKey, azureEndpoint, clientId, tenantId,
                federatedTokenFile, authorityHost, partSize, maxAttempts, connectTimeout);
    }

    public StorageConfig withMaxAttempts(int attempts) {
        return new StorageConfig(type, bucket, s3Endpoint, s3Region, s3AccessKey, s3SecretKey, s3PathStyle,
                azureConnectionString, azureAccountName, azureAccountKey, azureEndpoint, azureClientId, azureTenantId,
                azureFederatedTokenFile, azureAuthorityHost, partSize, attempts,
                connectTimeout);
    }

    /** From the process environment (STORAGE_TYPE, STORAGE_BUCKET, S3_ENDPOINT, ...). */
    public static StorageConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    /** From a map keyed by environment variable names. */
    public static StorageConfig fromEnv(Map<String, String> env) {
        return read(env::get);
    }

    /**
     * From MicroProfile-style keys ({@code storage.type}, {@code storage.bucket},
     * {@code storage.s3.endpoint}, ...), e.g.
     * {@code StorageConfig.fromConfig(k -> config.getOptionalValue(k, String.class).orElse(null))}.
     */
    public static StorageConfig fromConfig(Function<String, String> lookupByKey) {
        return read(env -> lookupByKey.apply(KEYS.get(env)));
    }

    private static StorageConfig read(Function<String, String> byEnvName) {
        String endpoint = byEnvName.apply("S3_ENDPOINT");
        String pathStyle = blankToNull(byEnvName.apply("S3_PATH_STYLE"));
        boolean pathStyleValue = pathStyle == null ? blankToNull(endpoint) != null : parseBoolean("S3_PATH_STYLE", pathStyle);
        return new StorageConfig(byEnvName.apply("STORAGE_TYPE"), byEnvName.apply("STORAGE_BUCKET"),
                endpoint, byEnvName.apply("S3_REGION"), byEnvName.apply("S3_ACCESS_KEY"),
                byEnvName.apply("S3_SECRET_KEY"), pathStyleValue,
                byEnvName.apply("AZURE_CONNECTION_STRING"), byEnvName.apply("AZURE_ACCOUNT_NAME"),
                byEnvName.apply("AZURE_ACCOUNT_KEY"), byEnvName.apply("AZURE_BLOB_ENDPOINT"),
                byEnvName.apply("AZURE_CLIENT_ID"), byEnvName.apply("AZURE_TENANT_ID"),
                byEnvName.apply("AZURE_FEDERATED_TOKEN_FILE"), byEnvName.apply("AZURE_AUTHORITY_HOST"),
                parseSize("STORAGE_PART_SIZE", byEnvName.apply("STORAGE_PART_SIZE")),
                parseInt("STORAGE_MAX_ATTEMPTS", byEnvName.apply("STORAGE_MAX_ATTEMPTS")), null);
    }

    /**
     * Checks the settings without contacting the storage; throws {@link StorageConfigException}
     * naming the first wrong setting.
     */
    public StorageConfig validate() {
        if (type == null) {
            throw new StorageConfigException("STORAGE_TYPE", "storage type is not set (expected s3 or azure)");
        }
        if (!TYPE_S3.equals(type) && !TYPE_AZURE.equals(type)) {
            throw new StorageConfigException("STORAGE_TYPE", "unknown storage type '" + type + "' (expected s3 or azure)");
        }
        if (bucket == null) {
            throw new StorageConfigException("STORAGE_BUCKET", "bucket/container name is not set");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new StorageConfigException("STORAGE_PART_SIZE", "part size " + partSize + " is outside "
                    + MIN_PART_SIZE + ".." + MAX_PART_SIZE + " bytes");
        }
        if (TYPE_S3.equals(type)) {
            if (s3Endpoint != null) {
                checkHttpUri("S3_ENDPOINT", s3Endpoint);
            }
            if ((s3AccessKey == null) != (s3SecretKey == null)) {
                throw new StorageConfigException(s3AccessKey == null ? "S3_ACCESS_KEY" : "S3_SECRET_KEY",
                        "S3_ACCESS_KEY and S3_SECRET_KEY must be set together (or both left unset for the AWS default credential chain)");
            }
        } else {
            validateAzure();
        }
        return this;
    }

    /**
     * Which Azure authentication these settings select, first match wins: AZURE_CONNECTION_STRING;
     * AZURE_ACCOUNT_KEY (with AZURE_ACCOUNT_NAME); a Microsoft Entra token from workload identity when
     * AZURE_FEDERATED_TOKEN_FILE is set; else a Microsoft Entra token from {@code DefaultAzureCredential}.
     */
    public AzureAuth azureAuth() {
        if (azureConnectionString != null) {
            return AzureAuth.CONNECTION_STRING;
        }
        if (azureAccountKey != null) {
            return AzureAuth.ACCOUNT_KEY;
        }
        return azureFederatedTokenFile != null ? AzureAuth.WORKLOAD_IDENTITY : AzureAuth.DEFAULT_CREDENTIAL;
    }

    /** AZURE_AUTHORITY_HOST, or {@link #DEFAULT_AZURE_AUTHORITY_HOST} when it is not set. */
    public String azureAuthorityHostOrDefault() {
        return azureAuthorityHost == null ? DEFAULT_AZURE_AUTHORITY_HOST : azureAuthorityHost;
    }

    private void validateAzure() {
        AzureAuth auth = azureAuth();
        if (auth == AzureAuth.CONNECTION_STRING) {
            return;
        }
        if (auth == AzureAuth.ACCOUNT_KEY) {
            if (azureAccountName == null) {
                throw new StorageConfigException("AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_KEY is set but AZURE_ACCOUNT_NAME is not");
            }
            if (azureEndpoint != null) {
                checkHttpUri("AZURE_BLOB_ENDPOINT", azureEndpoint);
            }
            return;
        }
        // a Microsoft Entra token: workload identity or DefaultAzureCredential
        if (azureAccountName == null && azureEndpoint == null) {
            throw new StorageConfigException("AZURE_CONNECTION_STRING", "Azure needs AZURE_CONNECTION_STRING, or"
                    + " AZURE_ACCOUNT_NAME together with AZURE_ACCOUNT_KEY, or AZURE_ACCOUNT_NAME (or AZURE_BLOB_ENDPOINT)"
                    + " alone for a Microsoft Entra token (workload identity, managed identity)");
        }
        if (azureEndpoint != null) {
            checkHttpUri("AZURE_BLOB_ENDPOINT", azureEndpoint);
            if (!isHttps(azureEndpoint)) {
                throw new StorageConfigException("AZURE_BLOB_ENDPOINT", "'" + azureEndpoint + "' is not https, and a"
                        + " Microsoft Entra token (used when neither AZURE_CONNECTION_STRING nor AZURE_ACCOUNT_KEY is set)"
                        + " is only sent over HTTPS");
            }
        }
        if (azureAuthorityHost != null) {
            checkHttpUri("AZURE_AUTHORITY_HOST", azureAuthorityHost);
            if (!isHttps(azureAuthorityHost)) {
                throw new StorageConfigException("AZURE_AUTHORITY_HOST", "'" + azureAuthorityHost + "' is not https");
            }
        }
        if (azureTenantId != null && !azureTenantId.matches("[A-Za-z0-9.-]+")) {
            throw new StorageConfigException("AZURE_TENANT_ID", "'" + azureTenantId
                    + "' is not a tenant id (a GUID or a domain name)");
        }
        if (auth == AzureAuth.WORKLOAD_IDENTITY) {
            if (azureClientId == null) {
                throw new StorageConfigException("AZURE_CLIENT_ID",
                        "AZURE_FEDERATED_TOKEN_FILE is set (workload identity) but AZURE_CLIENT_ID is not");
            }
            if (azureTenantId == null) {
                throw new StorageConfigException("AZURE_TENANT_ID",
                        "AZURE_FEDERATED_TOKEN_FILE is set (workload identity) but AZURE_TENANT_ID is not");
            }
            Path file;
            try {
                file = Path.of(azureFederatedTokenFile);
            } catch (InvalidPathException e) {
                throw new StorageConfigException("AZURE_FEDERATED_TOKEN_FILE", "'" + azureFederatedTokenFile
                        + "' is not a file path", e);
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new StorageConfigException("AZURE_FEDERATED_TOKEN_FILE", "federated token file '"
                        + azureFederatedTokenFile + "' does not exist or is not readable (is the pod labelled"
                        + " azure.workload.identity/use=true and its service account annotated with the client id?)");
            }
        }
    }

    private static boolean isHttps(String url) {
        return url.regionMatches(true, 0, "https:", 0, 6);
    }

    /** " / storage.s3.endpoint" for "S3_ENDPOINT"; used in error messages. */
    static String configKeyHint(String setting) {
        if (setting == null) {
            return "";
        }
        StringBuilder keys = new StringBuilder();
        for (String env : setting.split("[ ,/]+")) {
            String key = KEYS.get(env);
            if (key != null) {
                keys.append(keys.length() == 0 ? "" : ", ").append(key);
            }
        }
        return keys.length() == 0 ? "" : " (config key " + keys + ")";
    }

    /** The MicroProfile config key for an environment variable name, e.g. storage.s3.endpoint for S3_ENDPOINT. */
    public static String configKeyOf(String envName) {
        return KEYS.get(envName);
    }

    /** Environment variable names understood by {@link #fromEnv}, mapped to their config keys. */
    public static Map<String, String> settings() {
        return Map.copyOf(KEYS);
    }

    @Override
    public String toString() {
        return "StorageConfig[type=" + type + ", bucket=" + bucket + ", s3Endpoint=" + s3Endpoint
                + ", s3Region=" + s3Region + ", s3AccessKey=" + s3AccessKey + ", s3SecretKey=" + mask(s3SecretKey)
                + ", s3PathStyle=" + s3PathStyle + ", azureConnectionString=" + maskConnectionString(azureConnectionString)
                + ", azureAccountName=" + azureAccountName + ", azureAccountKey=" + mask(azureAccountKey)
                + ", azureEndpoint=" + azureEndpoint + ", azureClientId=" + azureClientId + ", azureTenantId="
                + azureTenantId + ", azureFederatedTokenFile=" + azureFederatedTokenFile + ", azureAuthorityHost="
                + azureAuthorityHost + ", partSize=" + partSize + ", maxAttempts=" + maxAttempts
                + ", connectTimeout=" + connectTimeout + "]";
    }

    private static void checkHttpUri(String setting, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new StorageConfigException(setting, "'" + value + "' is not an http(s) URL with a host");
            }
        } catch (java.net.URISyntaxException e) {
            throw new StorageConfigException(setting, "'" + value + "' is not a valid URL: " + e.getMessage(), e);
        }
    }

    private static String mask(String secret) {
        return secret == null ? null : "****";
    }

    private static String maskConnectionString(String cs) {
        return cs == null ? null : cs.replaceAll("(?i)(AccountKey|SharedAccessSignature)=[^;]*", "$1=****");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static boolean parseBoolean(String setting, String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> {
                return true;
            }
            case "false", "0", "no" -> {
                return false;
            }
            default -> throw new StorageConfigException(setting, "'" + value + "' is not a boolean (true/false)");
        }
    }

    private static int parseInt(String setting, String value) {
        if (blankToNull(value) == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new StorageConfigException(setting, "'" + value + "' is not a number", e);
        }
    }

    /** Bytes, or a number with K/KB/KiB/M/MB/MiB (binary units). */
    static int parseSize(String setting, String value) {
        if (blankToNull(value) == null) {
            return 0;
        }
        String v = value.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long factor = 1;
        if (v.endsWith("K")) {
            factor = 1024;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("M")) {
            factor = 1024 * 1024;
            v = v.substring(0, v.length() - 1);
        }
        try {
            long bytes = Long.parseLong(v.trim()) * factor;
            if (bytes > Integer.MAX_VALUE) {
                throw new StorageConfigException(setting, "'" + value + "' is too large");
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new StorageConfigException(setting, "'" + value + "' is not a size (bytes, or e.g. 8MiB)", e);
        }
    }
}
