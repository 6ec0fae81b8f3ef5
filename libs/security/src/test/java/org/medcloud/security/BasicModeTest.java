package org.medcloud.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AUTH_MODE=basic against a users file of bcrypt hashes, with the role mapping applied. */
@QuarkusTest
@TestProfile(BasicModeTest.Profile.class)
class BasicModeTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("medcloud-users", ".txt");
                Files.writeString(file, "# test users\n"
                        + "vera:" + BcryptUtil.bcryptHash("vera-pw") + ":radiologists\n"
                        + "adam:" + BcryptUtil.bcryptHash("adam-pw").replace("$2a$", "$2y$") + ":ops, radiologists\n"
                        + "nobody:" + BcryptUtil.bcryptHash("nobody-pw") + ":\n");
                file.toFile().deleteOnExit();
                return Map.of("medcloud.auth.mode", "basic", "medcloud.auth.basic.users-file", file.toString(),
                        "medcloud.auth.roles.viewer", "radiologists", "medcloud.auth.roles.admin", "ops",
                        "medcloud.auth.rate-limit.inference-per-minute", "2",
                        "quarkus.http.cors.origins", "https://ui.example");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void noCredentialsIs401WithABasicChallengeAsProblemJson() {
        given().get("/api/probe").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void wrongPasswordOrUnknownUserIs401() {
        given().auth().preemptive().basic("vera", "wrong").get("/api/probe").then().statusCode(401);
        given().auth().preemptive().basic("mallory", "vera-pw").get("/api/probe").then().statusCode(401);
        given().header("Authorization", "Basic !!!not-base64").get("/api/probe").then().statusCode(401);
    }

    @Test
    void providerRolesAreMappedAndAdminImpliesViewer() {
        given().auth().preemptive().basic("vera", "vera-pw").get("/api/probe").then().statusCode(200)
                .body("user", equalTo("vera")).body("roles", containsInAnyOrder("viewer"));
        given().auth().preemptive().basic("adam", "adam-pw").get("/api/probe").then().statusCode(200)
                .body("roles", containsInAnyOrder("viewer", "admin"));
    }

    @Test
    void viewerGets403OnAdminOperationsAndAdmin200() {
        given().auth().preemptive().basic("vera", "vera-pw").post("/api/probe/admin").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("admin"));
        given().auth().preemptive().basic("adam", "adam-pw").post("/api/probe/admin").then().statusCode(200);
    }

    @Test
    void aUserWithoutMappedRolesIsForbiddenEverywhereButOpenEndpoints() {
        given().auth().preemptive().basic("nobody", "nobody-pw").get("/api/probe").then().statusCode(403);
        given().auth().preemptive().basic("nobody", "nobody-pw").get("/api/probe/open").then().statusCode(200)
                .body("user", equalTo("nobody"));
        given().get("/api/probe/open").then().statusCode(200);
    }

    @Test
    void rateLimitIsPerUserAnd429CarriesRetryAfter() {
        given().auth().preemptive().basic("adam", "adam-pw").post("/api/probe/limited").then().statusCode(200);
        given().auth().preemptive().basic("adam", "adam-pw").post("/api/probe/limited").then().statusCode(200);
        given().auth().preemptive().basic("adam", "adam-pw").post("/api/probe/limited").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .contentType("application/problem+json");
        // another user's bucket is untouched
        given().auth().preemptive().basic("vera", "vera-pw").post("/api/probe/limited").then().statusCode(200);
    }

    @Test
    void corsAnswersOnlyTheConfiguredOrigin() {
        given().header("Origin", "https://ui.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/probe/admin").then()
                .header("Access-Control-Allow-Origin", "https://ui.example");
        given().header("Origin", "https://evil.example").auth().preemptive().basic("adam", "adam-pw")
                .post("/api/probe/admin").then().statusCode(403)
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }
}
