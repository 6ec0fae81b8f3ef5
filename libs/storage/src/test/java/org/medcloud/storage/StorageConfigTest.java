package org.medcloud.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    private static void assertSetting(String setting, Map<String, String> env) {
        StorageConfigException e = assertThrows(StorageConfigException.class,
                () -> StorageConfig.fromEnv(env).validate());
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
