package org.medcloud.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.medcloud.storage.s3.S3ObjectStorage;
import org.medcloud.testing.S3ProxyServer;

/** The contract suite against a real S3 server (in-process S3Proxy). */
class S3ObjectStorageTest extends ObjectStorageContractTest {

    private S3ProxyServer server;

    @Override
    StorageConfig startServerAndConfig() {
        server = S3ProxyServer.start("medcloud-s3-test");
        return StorageConfig.fromEnv(java.util.Map.of(
                "STORAGE_TYPE", "s3",
                "STORAGE_BUCKET", server.bucket(),
                "S3_ENDPOINT", server.endpoint().toString(),
                "S3_REGION", server.region(),
                "S3_ACCESS_KEY", server.accessKey(),
                "S3_SECRET_KEY", server.secretKey(),
                "S3_PATH_STYLE", "true"));
    }

    @Override
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    StorageConfig withMissingBucket(StorageConfig good) {
        return good.withBucket("no-such-bucket-here");
    }

    @Override
    StorageConfig withDeadEndpoint(StorageConfig good, int deadPort) {
        return good.withS3Endpoint("http://127.0.0.1:" + deadPort);
    }

    @Override
    StorageConfig withWrongCredentials(StorageConfig good) {
        return good.withS3Credentials(good.s3AccessKey(), "not-the-secret");
    }

    @Override
    String endpointSetting() {
        return "S3_ENDPOINT";
    }

    @Override
    String credentialsSetting() {
        return "S3_ACCESS_KEY/S3_SECRET_KEY";
    }

    @Override
    void assertNoPendingUpload(String key) {
        var uploads = ((S3ObjectStorage) storage).client()
                .listMultipartUploads(b -> b.bucket(storage.bucket()).prefix(key)).uploads();
        assertEquals(0, uploads.size(), "pending multipart uploads for " + key + ": " + uploads);
    }

    @org.junit.jupiter.api.Test
    void configFromEnvDefaultsToPathStyleWithAnEndpoint() {
        assertTrue(config.s3PathStyle());
        assertEquals(StorageConfig.DEFAULT_PART_SIZE, config.partSize());
        assertTrue(config.toString().contains("s3SecretKey=****"), "secrets are masked: " + config);
    }
}
