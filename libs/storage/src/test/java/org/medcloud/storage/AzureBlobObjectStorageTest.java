package org.medcloud.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockListType;
import org.medcloud.storage.azure.AzureBlobObjectStorage;
import org.medcloud.testing.AzuriteServer;

/** The contract suite against a real Azure Blob emulator (Azurite, started with Node.js). */
class AzureBlobObjectStorageTest extends ObjectStorageContractTest {

    private AzuriteServer server;

    @Override
    StorageConfig startServerAndConfig() {
        server = AzuriteServer.start("medcloud-azure-test");
        return StorageConfig.fromEnv(java.util.Map.of(
                "STORAGE_TYPE", "azure",
                "STORAGE_BUCKET", "medcloud-azure-test",
                "AZURE_CONNECTION_STRING", server.connectionString()));
    }

    @Override
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    StorageConfig withMissingBucket(StorageConfig good) {
        return good.withBucket("no-such-container");
    }

    @Override
    StorageConfig withDeadEndpoint(StorageConfig good, int deadPort) {
        return good.withAzureConnectionString(good.azureConnectionString()
                .replace("127.0.0.1:" + server.port(), "127.0.0.1:" + deadPort));
    }

    @Override
    StorageConfig withWrongCredentials(StorageConfig good) {
        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        return good.withAzureConnectionString(good.azureConnectionString().replace(AzuriteServer.ACCOUNT_KEY, wrongKey));
    }

    @Override
    String endpointSetting() {
        return "AZURE_CONNECTION_STRING";
    }

    @Override
    String credentialsSetting() {
        return "AZURE_CONNECTION_STRING";
    }

    @Override
    void assertNoPendingUpload(String key) {
        // uncommitted blocks of a blob that was never committed are invisible: the blob does not exist
        var blob = ((AzureBlobObjectStorage) storage).client().getBlobClient(key).getBlockBlobClient();
        try {
            var list = blob.listBlocks(BlockListType.COMMITTED);
            assertEquals(0, list.getCommittedBlocks().size(), "committed blocks for " + key);
        } catch (BlobStorageException e) {
            assertEquals(404, e.getStatusCode());
        }
    }
}
