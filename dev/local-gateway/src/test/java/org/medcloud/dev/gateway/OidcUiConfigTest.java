package org.medcloud.dev.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** UI_AUTH_MODE=oidc: config.json gets the auth section, and the CSP lets the UI talk to the issuer. */
@QuarkusTest
@QuarkusTestResource(BackendStub.class)
@TestProfile(OidcUiConfigTest.Oidc.class)
class OidcUiConfigTest {

    public static class Oidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.ui.auth-mode", "oidc",
                    "gateway.ui.oidc-issuer", "http://127.0.0.1:8180/realms/medcloud");
        }
    }

    @Test
    void configJsonHasTheOidcSectionMergedOverTheBuiltOne() {
        given().when().get("/config.json").then().statusCode(200).contentType("application/json")
                .body("searchApi", equalTo("/api/search"))
                .body("auth.mode", equalTo("oidc"))
                .body("auth.issuer", equalTo("http://127.0.0.1:8180/realms/medcloud"))
                .body("auth.clientId", equalTo("medcloud-web"))
                .body("auth.scope", equalTo("openid profile email"));
    }

    @Test
    void cspAllowsConnectingToTheIssuerOrigin() {
        given().when().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("connect-src 'self' http://127.0.0.1:8180;"));
    }
}
