package org.medcloud.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A real Keycloak starts with the medcloud realm and issues the tokens the services and tests rely on. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakServerTest {

    private static KeycloakServer keycloak;
    private static long startMillis;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        keycloak = KeycloakServer.start(Map.of("MEDCLOUD_WEB_PORT", "18123"));
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("Keycloak " + KeycloakServer.VERSION + " ready in " + startMillis + " ms at " + keycloak.issuerUrl());
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    private static JsonPath claims(String jwt) {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, "a signed JWT");
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    @Test
    void discoveryNamesTheFixedLoopbackIssuer() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(keycloak.issuerUrl() + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        JsonPath doc = JsonPath.from(r.body());
        assertEquals("http://127.0.0.1:" + keycloak.port() + "/realms/medcloud", doc.getString("issuer"));
        assertTrue(doc.getList("code_challenge_methods_supported").contains("S256"));
    }

    @Test
    void viewerAndAdminTokensCarryRolesAndUsername() {
        JsonPath vera = claims(keycloak.passwordToken(KeycloakServer.TESTS_CLIENT, KeycloakServer.VIEWER_USER, KeycloakServer.VIEWER_PASSWORD));
        assertEquals("vera", vera.getString("preferred_username"));
        assertEquals(keycloak.issuerUrl(), vera.getString("iss"));
        List<String> veraRoles = vera.getList("realm_access.roles");
        assertTrue(veraRoles.contains("viewer"), veraRoles.toString());
        assertFalse(veraRoles.contains("admin"), veraRoles.toString());
        assertTrue(vera.getList("aud").contains(KeycloakServer.SERVICES_CLIENT), "audience for OIDC_AUDIENCE=medcloud-services");

        JsonPath adam = claims(keycloak.passwordToken(KeycloakServer.TESTS_CLIENT, KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD));
        assertEquals("adam", adam.getString("preferred_username"));
        assertTrue(adam.getList("realm_access.roles").containsAll(List.of("viewer", "admin")));
    }

    @Test
    void testClientTokensLiveTwoSeconds() {
        JsonPath t = claims(keycloak.passwordToken(KeycloakServer.TESTS_CLIENT, "vera", "vera-password"));
        assertEquals(KeycloakServer.TESTS_TOKEN_LIFESPAN_SECONDS, t.getLong("exp") - t.getLong("iat"));
    }

    @Test
    void serviceAccountIsAdmin() {
        JsonPath s = claims(keycloak.clientCredentialsToken(KeycloakServer.SERVICES_CLIENT, KeycloakServer.SERVICES_SECRET));
        assertTrue(s.getList("realm_access.roles").contains("admin"));
        assertEquals("medcloud-services", s.getString("azp"));
    }

    @Test
    void wrongPasswordAndTheWebClientGetNoTokenByPassword() {
        assertThrows(IllegalStateException.class, () -> keycloak.passwordToken(KeycloakServer.TESTS_CLIENT, "vera", "wrong"));
        // medcloud-web is for the browser's code flow with PKCE only
        assertThrows(IllegalStateException.class, () -> keycloak.passwordToken(KeycloakServer.WEB_CLIENT, "vera", "vera-password"));
    }

    @Test
    void webClientRequiresPkceAndAcceptsLoopbackRedirectsOnly() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String auth = keycloak.issuerUrl() + "/protocol/openid-connect/auth?client_id=medcloud-web&response_type=code&scope=openid";
        String pkce = "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
        assertEquals(200, status(http, auth + pkce + "&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F"));
        assertEquals(200, status(http, auth + pkce + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A18123%2Fcallback"));
        assertEquals(400, status(http, auth + pkce + "&redirect_uri=http%3A%2F%2Fevil.example%2F"));
        HttpResponse<String> noPkce = http.send(HttpRequest.newBuilder(URI.create(auth + "&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, noPkce.statusCode());
        assertTrue(noPkce.headers().firstValue("Location").orElse("").contains("error=invalid_request"), "PKCE is required");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void closeStopsTheProcessAndRemovesItsHome() {
        Path home = Path.of("target", "keycloak-" + keycloak.port());
        assertTrue(Files.isDirectory(home));
        keycloak.close();
        assertFalse(Files.exists(home), "its home is deleted");
        assertTrue(Files.isRegularFile(keycloak.log()), "its log is kept");
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(keycloak.issuerUrl())).build(), HttpResponse.BodyHandlers.discarding()), "nothing listens any more");
    }

    private static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
