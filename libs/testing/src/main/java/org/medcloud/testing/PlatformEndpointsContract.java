package org.medcloud.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

/**
 * The platform endpoints every service and stand-in must expose: health, Prometheus metrics,
 * OpenAPI, and problem+json for errors. Each module runs it with
 * {@code @QuarkusTest class PlatformEndpointsTest extends PlatformEndpointsContract}.
 */
public abstract class PlatformEndpointsContract {

    private final String applicationName;

    protected PlatformEndpointsContract(String applicationName) {
        this.applicationName = applicationName;
    }

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
                .body("info.title", equalTo(applicationName));
    }

    @Test
    void unknownPathIsAProblemDocument() {
        given().when().get("/api/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("type", containsString("urn:medcloud:problem:"));
    }
}
