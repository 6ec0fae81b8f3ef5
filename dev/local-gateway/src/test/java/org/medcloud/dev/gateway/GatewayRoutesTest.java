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
}
