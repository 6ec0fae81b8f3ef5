package org.medcloud.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** AUTH_MODE=none (the default): every caller is the local user with both roles, even with junk credentials. */
@QuarkusTest
class NoneModeTest {

    @Test
    void everyoneIsTheLocalUserWithBothRoles() {
        given().get("/api/probe").then().statusCode(200)
                .body("user", equalTo("anonymous"))
                .body("roles", containsInAnyOrder("admin", "viewer"));
        given().post("/api/probe/admin").then().statusCode(200);
        given().header("Authorization", "Bearer not-a-token").post("/api/probe/admin").then().statusCode(200);
    }

    @Test
    void securityHeadersOnEveryResponse() {
        given().get("/api/probe").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer");
    }

    @Test
    void withoutConfiguredOriginsAProxiedRequestCarryingTheUisOriginIsServed() {
        // the gateway forwards the browser's Origin (http://localhost:8080) to 127.0.0.1:<port>
        given().header("Origin", "http://localhost:8080").post("/api/probe/admin").then().statusCode(200);
    }

    @Test
    void corsRefusesOriginsThatAreNotConfigured() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/probe/admin").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }
}
