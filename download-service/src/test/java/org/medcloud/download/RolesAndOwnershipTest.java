package org.medcloud.download;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcloud.testing.BasicUsersFile;
import org.medcloud.download.support.Jobs;

/**
 * With auth on (basic mode here; the Keycloak run in security-tests covers oidc): only admins
 * start, cancel and retry downloads; everyone else sees only their own jobs, and someone else's
 * job is "not found"; the owner is recorded.
 */
@QuarkusTest
@TestProfile(RolesAndOwnershipTest.Profile.class)
class RolesAndOwnershipTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("medcloud.auth.mode", "basic",
                    "medcloud.auth.basic.users-file", BasicUsersFile.write("vera:vera-pw:viewer",
                            "adam:adam-pw:admin", "rita:rita-pw:admin"),
                    "medcloud.auth.rate-limit.downloads-per-minute", "3");
        }
    }

    @Test
    void onlyAdminsStartDownloadsAndViewersSeeOnlyTheirOwnJobs() {
        String uid = Jobs.seriesUids().get(0);
        given().contentType(ContentType.JSON).body(Map.of("seriesInstanceUids", List.of(uid)))
                .post("/api/downloads").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"));
        given().auth().preemptive().basic("vera", "vera-pw").contentType(ContentType.JSON)
                .body(Map.of("seriesInstanceUids", List.of(uid))).post("/api/downloads").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().preemptive().basic("vera", "vera-pw").contentType(ContentType.TEXT)
                .body("downloadServerUrl=x\nListOfSeriesToDownload=\n" + uid + "\n").post("/api/downloads").then()
                .statusCode(403);

        String jobId = given().auth().preemptive().basic("adam", "adam-pw").contentType(ContentType.JSON)
                .body(Map.of("seriesInstanceUids", List.of(uid))).post("/api/downloads").then().statusCode(202)
                .body("owner", equalTo("adam")).extract().path("jobId");

        given().auth().preemptive().basic("adam", "adam-pw").get("/api/downloads?size=200").then().statusCode(200)
                .body("items.jobId", hasItem(jobId));
        given().auth().preemptive().basic("vera", "vera-pw").get("/api/downloads?size=200").then().statusCode(200)
                .body("items.jobId", not(hasItem(jobId))).body("total", equalTo(0));
        given().auth().preemptive().basic("vera", "vera-pw").get("/api/downloads/" + jobId).then().statusCode(404);
        given().auth().preemptive().basic("vera", "vera-pw").post("/api/downloads/" + jobId + "/cancel").then()
                .statusCode(403);
        given().auth().preemptive().basic("adam", "adam-pw").get("/api/downloads/" + jobId).then().statusCode(200)
                .body("owner", equalTo("adam"));
    }

    @Test
    void startingDownloadsIsRateLimitedPerUser() {
        String uid = Jobs.seriesUids().get(1);
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 6; i++) {
            int status = given().auth().preemptive().basic("rita", "rita-pw").contentType(ContentType.JSON)
                    .body(Map.of("seriesInstanceUids", List.of(uid))).post("/api/downloads").then().extract().statusCode();
            if (status == 202) {
                accepted++;
            } else if (status == 429) {
                limited++;
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(3, accepted, "3 per minute");
        org.junit.jupiter.api.Assertions.assertEquals(6 - accepted, limited);
        given().auth().preemptive().basic("rita", "rita-pw").contentType(ContentType.JSON)
                .body(Map.of("seriesInstanceUids", List.of(uid))).post("/api/downloads").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // another admin's bucket is untouched
        given().auth().preemptive().basic("adam", "adam-pw").contentType(ContentType.JSON)
                .body(Map.of("seriesInstanceUids", List.of(uid))).post("/api/downloads").then().statusCode(202);
    }
}
