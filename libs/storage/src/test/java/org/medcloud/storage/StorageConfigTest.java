package org.medcloud.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcloud.storage.StorageConfig.AzureAuth;
import org.medcloud.storage.azure.AzureBlobObjectStorage;

/** Settings are read, defaulted and validated with errors that name the setting. */
class StorageConfigTest {

    @Test
    void readsEnvironmentNamesAndConfigKeysAlike() {
        Map<String, String> env = Map.of("STORAGE_TYPE", "S3", "STORAGE_BUCKET", "b", "S3_ENDPOINT", "http://minio:9000",
                "S3_ACCESS_KEY", "a", "S3_SECRET_KEY", "s", "STORAGE_PART_SIZE", "16MiB");
        Map<String, String> keys = new HashMap<>();
        env.forEach((k, v) -> keys.put(StorageConfig.configKeyOf(k), v));
        StorageConfig fromEnv = StorageConfig.fromEnv(env);
        assertEquals(fromEnv, StorageConfig.fromConfig(keys::get));
        assertEquals("s3", fromEnv.type());
        assertEquals("us-east-1", fromEnv.s3Region());
        assertTrue(fromEnv.s3PathStyle(), "path-style by default with an endpoint override");
        assertEquals(16 * 1024 * 1024, fromEnv.partSize());
        assertEquals(3, fromEnv.maxAttempts());
        fromEnv.validate();

        StorageConfig aws = StorageConfig.fromEnv(Map.of("STORAGE_TYPE", "s3", "STORAGE_BUCKET", "b"));
        assertFalse(aws.s3PathStyle(), "virtual-host style on AWS itself");
        assertEquals(StorageConfig.DEFAULT_PART_SIZE, aws.partSize());
        aws.validate(); // default credential chain
    }

    @Test
    void errorsNameTheSetting() {
        assertSetting("STORAGE_TYPE", Map.of("STORAGE_BUCKET", "b"));
        assertSetting("STORAGE_TYPE", Map.of("STORAGE_TYPE", "gcs", "STORAGE_BUCKET", "b"));
        assertSetting("STORAGE_BUCKET", Map.of("STORAGE_TYPE", "s3"));
        assertSetting("S3_ENDPOINT", Map.of("STORAGE_TYPE", "s3", "STORAGE_BUCKET", "b", "S3_ENDPOINT", "minio:9000"));
        assertSetting("S3_SECRET_KEY", Map.of("STORAGE_TYPE", "s3", "STORAGE_BUCKET", "b", "S3_ACCESS_KEY", "a"));
        assertSetting("STORAGE_PART_SIZE", Map.of("STORAGE_TYPE", "s3", "STORAGE_BUCKET", "b", "STORAGE_PART_SIZE", "1MiB"));
        assertSetting("AZURE_CONNECTION_STRING", Map.of("STORAGE_TYPE", "azure", "STORAGE_BUCKET", "b"));
        StorageConfigException e = assertThrows(StorageConfigException.class,
                () -> StorageConfig.fromEnv(Map.of("S3_PATH_STYLE", "maybe")));
        assertEquals("S3_PATH_STYLE", e.setting());
        assertTrue(e.getMessage().contains("storage.s3.path-style"), e.getMessage());
    }

    @Test
    void azureAuthenticationIsChosenFromTheSettings(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "header.payload.signature");
        Map<String, String> base = Map.of("STORAGE_TYPE", "azure", "STORAGE_BUCKET", "c", "AZURE_ACCOUNT_NAME", "acct");
        Map<String, String> wi = with(base, "AZURE_CLIENT_ID", "11111111-1111-1111-1111-111111111111",
                "AZURE_TENANT_ID", "22222222-2222-2222-2222-222222222222",
                "AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString(), "AZURE_AUTHORITY_HOST", "https://login.microsoftonline.com/");

        assertEquals(AzureAuth.WORKLOAD_IDENTITY, StorageConfig.fromEnv(wi).validate().azureAuth());
        assertEquals(AzureAuth.DEFAULT_CREDENTIAL, StorageConfig.fromEnv(base).validate().azureAuth(),
                "account name alone: DefaultAzureCredential (managed identity, ...)");
        assertEquals(AzureAuth.DEFAULT_CREDENTIAL, StorageConfig.fromEnv(Map.of("STORAGE_TYPE", "azure",
                "STORAGE_BUCKET", "c", "AZURE_BLOB_ENDPOINT", "https://acct.blob.core.windows.net")).validate().azureAuth());
        assertEquals(AzureAuth.ACCOUNT_KEY, StorageConfig.fromEnv(with(wi, "AZURE_ACCOUNT_KEY", "a2V5")).validate()
                .azureAuth(), "an account key wins over the injected workload identity");
        assertEquals(AzureAuth.CONNECTION_STRING, StorageConfig.fromEnv(with(wi, "AZURE_CONNECTION_STRING",
                "AccountName=x;AccountKey=a2V5")).validate().azureAuth());

        // the same through the MicroProfile keys
        Map<String, String> keys = new HashMap<>();
        wi.forEach((k, v) -> keys.put(StorageConfig.configKeyOf(k), v));
        assertEquals(StorageConfig.fromEnv(wi), StorageConfig.fromConfig(keys::get));
        assertEquals("storage.azure.federated-token-file", StorageConfig.configKeyOf("AZURE_FEDERATED_TOKEN_FILE"));

        // building the DefaultAzureCredential client contacts nothing (no managed identity endpoint is probed)
        try (AzureBlobObjectStorage storage = new AzureBlobObjectStorage(StorageConfig.fromEnv(base).validate())) {
            assertEquals(AzureAuth.DEFAULT_CREDENTIAL, storage.authentication());
        }
    }

    @Test
    void workloadIdentityErrorsNameTheSetting(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "header.payload.signature");
        Map<String, String> wi = Map.of("STORAGE_TYPE", "azure", "STORAGE_BUCKET", "c", "AZURE_ACCOUNT_NAME", "acct",
                "AZURE_CLIENT_ID", "11111111-1111-1111-1111-111111111111",
                "AZURE_TENANT_ID", "22222222-2222-2222-2222-222222222222",
                "AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
        StorageConfig.fromEnv(wi).validate();
        assertSetting("AZURE_CLIENT_ID", without(wi, "AZURE_CLIENT_ID"));
        assertSetting("AZURE_TENANT_ID", without(wi, "AZURE_TENANT_ID"));
        assertSetting("AZURE_TENANT_ID", with(wi, "AZURE_TENANT_ID", "not a tenant/"));
        assertSetting("AZURE_FEDERATED_TOKEN_FILE", with(wi, "AZURE_FEDERATED_TOKEN_FILE",
                dir.resolve("missing").toString()));
        assertSetting("AZURE_AUTHORITY_HOST", with(wi, "AZURE_AUTHORITY_HOST", "http://login.example"));
        assertSetting("AZURE_BLOB_ENDPOINT", with(wi, "AZURE_BLOB_ENDPOINT", "http://acct.blob.core.windows.net"));
        assertSetting("AZURE_CONNECTION_STRING", without(wi, "AZURE_ACCOUNT_NAME"));
        assertSetting("AZURE_ACCOUNT_NAME", Map.of("STORAGE_TYPE", "azure", "STORAGE_BUCKET", "c",
                "AZURE_ACCOUNT_KEY", "a2V5"));
        StorageConfigException e = assertThrows(StorageConfigException.class, () -> StorageConfig.fromEnv(
                without(wi, "AZURE_CLIENT_ID")).validate());
        assertTrue(e.getMessage().contains("storage.azure.client-id"), e.getMessage());
    }

    @Test
    void factoryRejectsABadConnectionString() {
        StorageConfigException e = assertThrows(StorageConfigException.class,
                () -> ObjectStorageFactory.create(StorageConfig.azure("c", "this is not one")));
        assertEquals("AZURE_CONNECTION_STRING", e.setting());
    }

    @Test
    void secretsAreMasked() {
        String text = StorageConfig.azure("c", "AccountName=x;AccountKey=SECRET==;BlobEndpoint=http://h/x").toString();
        assertFalse(text.contains("SECRET"), text);
        assertFalse(StorageConfig.s3("b", null, null, "a", "SECRET").toString().contains("SECRET"));
    }

    private static Map<String, String> with(Map<String, String> env, String... pairs) {
        Map<String, String> m = new HashMap<>(env);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, String> without(Map<String, String> env, String name) {
        Map<String, String> m = new HashMap<>(env);
        m.remove(name);
        return m;
    }

    private static void assertSetting(String setting, Map<String, String> env) {
        StorageConfigException e = assertThrows(StorageConfigException.class,
                () -> StorageConfig.fromEnv(env).validate());
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
