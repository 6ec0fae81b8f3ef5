package org.medcloud.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockListType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medcloud.storage.StorageConfig.AzureAuth;
import org.medcloud.storage.azure.AzureBlobObjectStorage;
import org.medcloud.testing.AzuriteServer;
import org.medcloud.testing.EntraIdStandIn;
import org.medcloud.testing.SelfSignedTls;

/**
 * The contract suite against Azurite in OAuth mode (HTTPS, {@code --oauth basic}) with no account
 * key anywhere: the storage authenticates as an AKS Workload ID pod does. The settings are the
 * four variables the Workload ID webhook injects (AZURE_CLIENT_ID, AZURE_TENANT_ID,
 * AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST) plus AZURE_ACCOUNT_NAME / AZURE_BLOB_ENDPOINT;
 * {@code WorkloadIdentityCredential} exchanges the projected token file at a stand-in of the Entra
 * token endpoint ({@link EntraIdStandIn}) for an access token, which Azurite checks. Presigned URLs
 * are user delegation SAS. Both servers use one self-signed certificate, trusted by the HTTP client
 * handed to the storage (and to the credential through it).
 */
class AzureWorkloadIdentityTest extends ObjectStorageContractTest {

    static final String CONTAINER = "medcloud-wi-test";
    static final String TENANT = UUID.randomUUID().toString();
    static final String CLIENT = UUID.randomUUID().toString();
    static final String CREDENTIAL_SETTING = "AZURE_FEDERATED_TOKEN_FILE/AZURE_CLIENT_ID/AZURE_TENANT_ID";

    private SelfSignedTls tls;
    private AzuriteServer azurite;
    private EntraIdStandIn entra;
    private Path tokenDir;

    @Override
    StorageConfig startServerAndConfig() {
        tls = SelfSignedTls.generate();
        azurite = AzuriteServer.startWithOAuth(CONTAINER, tls);
        try {
            tokenDir = Files.createTempDirectory("workload-identity-");
            // what AKS projects into the pod of service account medcloud/medcloud
            Path tokenFile = tokenDir.resolve("azure-identity-token");
            Files.writeString(tokenFile, EntraIdStandIn.kubernetesServiceAccountToken("medcloud", "medcloud",
                    Duration.ofHours(1)));
            entra = EntraIdStandIn.start(tls, TENANT, CLIENT, tokenFile);
            return StorageConfig.fromEnv(Map.of(
                    "STORAGE_TYPE", "azure",
                    "STORAGE_BUCKET", CONTAINER,
                    "AZURE_ACCOUNT_NAME", AzuriteServer.ACCOUNT,
                    "AZURE_BLOB_ENDPOINT", azurite.blobEndpoint(),
                    "AZURE_CLIENT_ID", CLIENT,
                    "AZURE_TENANT_ID", TENANT,
                    "AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString(),
                    "AZURE_AUTHORITY_HOST", entra.authorityHost()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    ObjectStorage open(StorageConfig c) {
        return new AzureBlobObjectStorage(c.validate(), tls.httpClientBuilder());
    }

    @Override
    HttpClient presignedUrlClient() {
        return tls.httpClientBuilder().build();
    }

    @Override
    void stopServer() {
        if (entra != null) {
            entra.close();
        }
        if (azurite != null) {
            azurite.close();
        }
        if (tls != null) {
            tls.close();
        }
        if (tokenDir != null) {
            try (var files = Files.list(tokenDir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(tokenDir);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    StorageConfig withMissingBucket(StorageConfig good) {
        return good.withBucket("no-such-container");
    }

    @Override
    StorageConfig withDeadEndpoint(StorageConfig good, int deadPort) {
        return good.withAzureEndpoint("https://127.0.0.1:" + deadPort + "/" + AzuriteServer.ACCOUNT);
    }

    /** A token file holding another service account's token: Entra finds no federated credential for it. */
    @Override
    StorageConfig withWrongCredentials(StorageConfig good) {
        Path other = tokenDir.resolve("other-service-account-token");
        try {
            Files.writeString(other, EntraIdStandIn.kubernetesServiceAccountToken("medcloud", "someone-else",
                    Duration.ofHours(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return good.withAzureWorkloadIdentity(good.azureClientId(), good.azureTenantId(), other.toString(),
                good.azureAuthorityHost());
    }

    @Override
    String endpointSetting() {
        return "AZURE_BLOB_ENDPOINT";
    }

    @Override
    String credentialsSetting() {
        return CREDENTIAL_SETTING;
    }

    @Override
    void assertNoPendingUpload(String key) {
        var blob = ((AzureBlobObjectStorage) storage).client().getBlobClient(key).getBlockBlobClient();
        try {
            assertEquals(0, blob.listBlocks(BlockListType.COMMITTED).getCommittedBlocks().size(), "committed blocks");
        } catch (BlobStorageException e) {
            assertEquals(404, e.getStatusCode());
        }
    }

    @Test
    void usesWorkloadIdentityTokensAndNoKey() {
        assertNull(config.azureConnectionString());
        assertNull(config.azureAccountKey());
        assertEquals(AzureAuth.WORKLOAD_IDENTITY, ((AzureBlobObjectStorage) storage).authentication());
        storage.put(key("wi.txt"), "via Entra".getBytes(StandardCharsets.US_ASCII), "text/plain", Map.of());
        assertTrue(storage.exists(key("wi.txt")));
        assertTrue(entra.tokensIssued() >= 1, "the credential exchanged the federated token at the token endpoint");
    }

    /** Azurite's OAuth mode is real: it takes the stand-in's tokens, and refuses a wrong audience or an expired one. */
    @Test
    void azuriteChecksTheBearerToken() throws Exception {
        storage.put(key("bearer.txt"), new byte[]{1, 2, 3}, null, Map.of());
        URI blob = URI.create(azurite.blobEndpoint() + "/" + CONTAINER + "/" + key("bearer.txt"));
        HttpResponse<String> ok = getWithBearer(blob, entra.accessToken(EntraIdStandIn.STORAGE_RESOURCE, Duration.ofMinutes(5)));
        assertEquals(200, ok.statusCode(), ok.body());

        HttpResponse<String> wrongAudience = getWithBearer(blob, entra.accessToken("https://vault.azure.net",
                Duration.ofMinutes(5)));
        // Azure and Azurite answer 403 AuthenticationFailed, with the reason in AuthenticationErrorDetail
        assertEquals(403, wrongAudience.statusCode(), wrongAudience.body());
        assertTrue(wrongAudience.body().contains("Invalid token audience"), wrongAudience.body());

        HttpResponse<String> expired = getWithBearer(blob, entra.accessToken(EntraIdStandIn.STORAGE_RESOURCE,
                Duration.ofMinutes(-1)));
        assertEquals(403, expired.statusCode(), expired.body());
        assertTrue(expired.body().contains("The token is expired"), expired.body());
    }

    @Test
    void wrongAssertionFailsTheStartUpCheckInOneLineNamingTheTokenFile() {
        int refusedBefore = entra.refusals().size();
        try (ObjectStorage wrong = open(withWrongCredentials(config).withMaxAttempts(1))) {
            StorageConfigException e = assertThrows(StorageConfigException.class, wrong::checkReady);
            String msg = e.getMessage();
            System.out.println("[azure workload identity] wrong assertion: " + msg);
            assertEquals(CREDENTIAL_SETTING, e.setting());
            assertTrue(msg.contains("AZURE_FEDERATED_TOKEN_FILE") && msg.contains("storage.azure.federated-token-file"),
                    msg);
            assertTrue(msg.contains("AADSTS700213"), "Entra's reason is kept: " + msg);
            assertTrue(msg.contains(CLIENT) && msg.contains("other-service-account-token"), msg);
            for (Throwable c = e; c != null; c = c.getCause()) {
                // what a start-up check prints: the messages of the cause chain
                assertFalse(c.getMessage().contains("\n") || c.getMessage().contains("\r"), "one line: " + c.getMessage());
            }
            assertEquals(1, e.getSuppressed().length, "the SDK's exception is kept for stack traces");
            assertTrue(msg.length() < 1200, "short: " + msg.length() + " chars: " + msg);
        }
        assertTrue(entra.refusals().size() > refusedBefore, "the token endpoint refused the assertion");
        assertTrue(entra.refusals().get(entra.refusals().size() - 1).contains("system:serviceaccount:medcloud:someone-else"));
    }

    @Test
    void unreachableAuthorityHostIsNamed() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        StorageConfig dead = config.withAzureWorkloadIdentity(CLIENT, TENANT, config.azureFederatedTokenFile(),
                "https://127.0.0.1:" + deadPort + "/").withMaxAttempts(1);
        try (ObjectStorage s = open(dead)) {
            long t0 = System.nanoTime();
            StorageConfigException e = assertThrows(StorageConfigException.class, s::checkReady);
            System.out.println("[azure workload identity] dead authority host: " + e.getMessage());
            assertEquals("AZURE_AUTHORITY_HOST", e.setting(), e.getMessage());
            assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "STORAGE_MAX_ATTEMPTS=1 holds for token requests too");
            assertTrue(e.getMessage().contains("storage.azure.authority-host"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void userDelegationSasDownloadsOverHttps() throws Exception {
        byte[] data = "user delegation SAS content".getBytes(StandardCharsets.US_ASCII);
        storage.put(key("udk/file.txt"), data, "text/plain", Map.of());
        URI url = storage.presignGet(key("udk/file.txt"), Duration.ofMinutes(10));
        assertEquals("https", url.getScheme());
        Map<String, String> q = query(url);
        assertEquals(entra.objectId(), q.get("skoid"), "signed with a user delegation key of the token's identity: " + url);
        assertEquals(TENANT, q.get("sktid"));
        assertEquals("r", q.get("sp"));
        assertEquals("https", q.get("spr"));
        assertTrue(q.containsKey("sig") && q.containsKey("ske") && q.containsKey("skt"), url.toString());

        HttpClient http = presignedUrlClient();
        HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, ok.statusCode(), () -> new String(ok.body(), StandardCharsets.UTF_8));
        assertArrayEquals(data, ok.body());

        // the signature covers the permissions: widening them breaks it
        URI tampered = URI.create(url.toString().replace("sp=r", "sp=rw"));
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(tampered).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), refused.body());
    }

    @Test
    void userDelegationKeyIsCachedUntilShortlyBeforeItExpires() {
        storage.put(key("udk/cached.txt"), new byte[]{7}, null, Map.of());
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, String> a = query(storage.presignGet(key("udk/cached.txt"), Duration.ofMinutes(5)));
        Map<String, String> b = query(storage.presignGet(key("udk/cached.txt"), Duration.ofMinutes(30)));
        assertEquals(a.get("ske"), b.get("ske"), "the key is reused while it outlives the URL");
        assertEquals(a.get("skt"), b.get("skt"));

        // a URL that would outlive the cached key (minus the renewal margin) gets a new key that covers it
        Map<String, String> c = query(storage.presignGet(key("udk/cached.txt"), Duration.ofHours(3)));
        assertNotEquals(a.get("ske"), c.get("ske"));
        OffsetDateTime keyExpiry = OffsetDateTime.parse(c.get("ske"));
        assertFalse(keyExpiry.isBefore(OffsetDateTime.parse(c.get("se"))), "the SAS does not outlive its key");
        assertTrue(keyExpiry.isAfter(before.plusHours(3)), "new key valid for the URL: " + keyExpiry);
        Map<String, String> d = query(storage.presignGet(key("udk/cached.txt"), Duration.ofMinutes(5)));
        assertEquals(c.get("ske"), d.get("ske"), "and that key is reused in turn");

        assertThrows(IllegalArgumentException.class, () -> storage.presignGet(key("udk/cached.txt"), Duration.ofDays(8)),
                "a user delegation SAS lives at most 7 days");
    }

    private HttpResponse<String> getWithBearer(URI uri, String token) throws Exception {
        return presignedUrlClient().send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token)
                        .header("x-ms-version", "2021-08-06")
                        .GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }
}
