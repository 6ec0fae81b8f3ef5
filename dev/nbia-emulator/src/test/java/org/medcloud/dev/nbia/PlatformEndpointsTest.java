package org.medcloud.dev.nbia;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The platform endpoints every service must expose: health, metrics, OpenAPI, problem+json errors. */
@QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(value = GeneratedDataResource.class, restrictToAnnotatedClass = false)
class PlatformEndpointsTest {

    @Test
    void healthIsUp() {
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("http_server"));
    }

    @Test
    void openApiDocumentDescribesTheService() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("nbia-emulator"));
    }

    @Test
    void unknownPathIsAProblemDocument() {
        given().when().get("/api/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("type", containsString("urn:medcloud:problem:"));
    }
}
