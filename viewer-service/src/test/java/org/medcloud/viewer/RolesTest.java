package org.medcloud.viewer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcloud.testing.BasicUsersFile;
import org.medcloud.storage.ObjectStorage;

/**
 * Viewer with auth on (basic mode; security-tests covers oidc against Keycloak): who am I,
 * annotations always saved as the caller (X-User ignored), admin-only register and delete, and
 * delete removing the stored objects and the annotations.
 */
@QuarkusTest
@TestProfile(RolesTest.Profile.class)
class RolesTest {

    static final String STUDY = "1.2.826.0.1.3680043.8.498.7300";
    static final String SERIES = "1.2.826.0.1.3680043.8.498.7301";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("medcloud.auth.mode", "basic",
                    "medcloud.auth.basic.users-file", BasicUsersFile.write("vera:vera-pw:viewer", "adam:adam-pw:admin"));
        }
    }

    @Inject
    ObjectStorage storage;

    @Test
    void meSaysWhoIsSignedIn() {
        given().auth().preemptive().basic("vera", "vera-pw").get("/api/viewer/me").then().statusCode(200)
                .body("user", equalTo("vera")).body("roles", containsInAnyOrder("viewer")).body("authMode", equalTo("basic"));
        given().auth().preemptive().basic("adam", "adam-pw").get("/api/viewer/me").then().statusCode(200)
                .body("roles", containsInAnyOrder("viewer", "admin"));
        given().get("/api/viewer/me").then().statusCode(200).body("authenticated", equalTo(false));
        given().get("/api/viewer/series").then().statusCode(401);
    }

    @Test
    void registerAndDeleteAreAdminOnlyAndDeleteRemovesEverything() throws Exception {
        StoredSeriesFixture.Built b = new StoredSeriesFixture()
                .add("ct_series_pydicom_inst180.dcm", false)
                .as(STUDY, SERIES, "ROLES-1", "CT").collection("ROLES").store(storage);
        given().auth().preemptive().basic("vera", "vera-pw").contentType("application/json")
                .body(Map.of("indexKey", b.indexKey())).post("/api/viewer/catalog").then().statusCode(403);
        given().auth().preemptive().basic("adam", "adam-pw").contentType("application/json")
                .body(Map.of("indexKey", b.indexKey())).post("/api/viewer/catalog").then().statusCode(201);
        given().auth().preemptive().basic("vera", "vera-pw").get("/api/viewer/series/" + SERIES).then().statusCode(200);

        // annotations are saved as the caller whatever X-User says
        String sop = given().auth().preemptive().basic("vera", "vera-pw").get("/api/viewer/series/" + SERIES)
                .then().extract().path("instances[0].sopInstanceUid");
        given().auth().preemptive().basic("vera", "vera-pw").header("X-User", "adam").contentType("application/json")
                .body(Map.of("schemaVersion", 1, "items", List.of(Map.of("toolType", "rectangle", "sopInstanceUid", sop,
                        "frame", 1, "points", List.of(List.of(1, 1), List.of(4, 4))))))
                .put("/api/viewer/series/" + SERIES + "/annotations").then().statusCode(200)
                .body("author", equalTo("vera"));
        given().auth().preemptive().basic("adam", "adam-pw").get("/api/viewer/series/" + SERIES + "/annotations")
                .then().statusCode(200).body("version", equalTo(0));

        given().auth().preemptive().basic("vera", "vera-pw").delete("/api/viewer/series/" + SERIES).then().statusCode(403);
        org.junit.jupiter.api.Assertions.assertTrue(storage.exists(b.indexKey()));
        given().auth().preemptive().basic("adam", "adam-pw").delete("/api/viewer/series/" + SERIES).then().statusCode(200)
                .body("deleted", equalTo(true)).body("instances", equalTo(1));
        org.junit.jupiter.api.Assertions.assertFalse(storage.exists(b.indexKey()));
        given().auth().preemptive().basic("adam", "adam-pw").get("/api/viewer/series/" + SERIES).then().statusCode(404);
        given().auth().preemptive().basic("adam", "adam-pw").delete("/api/viewer/series/" + SERIES).then().statusCode(404);
        // a rescan does not bring it back
        given().auth().preemptive().basic("adam", "adam-pw").post("/api/viewer/catalog/rescan").then().statusCode(200);
        given().auth().preemptive().basic("adam", "adam-pw").get("/api/viewer/series/" + SERIES).then().statusCode(404);
    }
}
