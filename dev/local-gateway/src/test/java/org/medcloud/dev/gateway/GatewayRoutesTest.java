package org.medcloud.dev.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(BackendStub.class)
class GatewayRoutesTest {

    @Test
    void forwardsPathQueryHeadersAndBodyToTheOwningService() {
        given().header("X-Test", "42").when().get("/api/search/series?collection=LIDC-IDRI&page=2")
                .then().statusCode(200).header("X-Backend", "yes")
                .body(equalTo("GET /api/search/series?collection=LIDC-IDRI&page=2 body=0 x-test=42"));
        given().body("{\"seriesInstanceUids\":[\"1.2.3\"]}").contentType("application/json")
                .when().post("/api/downloads").then().statusCode(200)
                .body(equalTo("POST /api/downloads body=32 x-test=null"));
        given().when().get("/dicomweb/studies?limit=1").then().statusCode(200)
                .body(containsString("GET /dicomweb/studies?limit=1"));
    }

    @Test
    void theServiceSeesTheHostTheBrowserUsedSoSameOriginPostsPassItsCorsCheck() {
        // the stub listens on another port: seeing the gateway's own port means the Host was kept
        given().header("Origin", "http://localhost:" + io.restassured.RestAssured.port).contentType("application/json").body("{}")
                .when().post("/api/downloads").then().statusCode(200)
                .header("X-Seen-Host", org.hamcrest.Matchers.endsWith(":" + io.restassured.RestAssured.port));
    }

    @Test
    void aServiceThatIsDownIsA502Problem() {
        given().when().get("/api/inference/models").then().statusCode(502)
                .contentType("application/problem+json").body("status", equalTo(502))
                .body("detail", containsString("not reachable"));
    }

    @Test
    void unknownApiPathIs404ProblemNotTheUi() {
        given().when().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void servesTheUiAndFallsBackToIndexForClientRoutes() {
        given().when().get("/").then().statusCode(200).body(containsString("medcloud-ui-index"));
        given().when().get("/app.js").then().statusCode(200).body(containsString("console.log"));
        given().when().get("/viewer/1.2.3").then().statusCode(200).body(containsString("medcloud-ui-index"));
    }

    @Test
    void uiResponsesCarryTheSecurityHeadersApiResponsesAreTheServices() {
        given().when().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("connect-src 'self';"))
                .header("Content-Security-Policy", containsString("script-src 'self' 'wasm-unsafe-eval'"))
                .header("Content-Security-Policy", containsString("worker-src 'self' blob:"))
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY").header("Permissions-Policy", containsString("camera=()"));
        given().when().get("/viewer/1.2.3").then().statusCode(200).header("X-Frame-Options", "DENY");
        given().when().get("/app.js").then().statusCode(200).header("X-Content-Type-Options", "nosniff");
        given().when().get("/api/search/series").then().statusCode(200).header("X-Backend", "yes")
                .header("Content-Security-Policy", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void withoutUiAuthModeConfigJsonIsTheBuiltOne() {
        given().when().get("/config.json").then().statusCode(200).contentType("application/json")
                .header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff")
                .body("searchApi", equalTo("/api/search")).body("auth.mode", equalTo("none"));
    }
}
