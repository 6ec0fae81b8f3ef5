package org.medcloud.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.cache.CacheManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medcloud.search.nbia.NbiaGateway;

/** The search API against the real NBIA emulator process (separate JVM, generated data, real HTTP). */
@QuarkusTest
@TestProfile(EmulatorContractTest.Profile.class)
class EmulatorContractTest {

    /** Only the emulator process: no global NBIA stub. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EmulatorProcessResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Inject
    CacheManager caches;

    @Inject
    NbiaGateway gateway;

    @BeforeEach
    @AfterEach
    void clean() {
        for (String n : caches.getCacheNames()) {
            caches.getCache(n).ifPresent(c -> c.invalidateAll().await().indefinitely());
        }
        gateway.resetBreaker();
        RestAssured.given().baseUri(EmulatorProcessResource.emulatorBase).delete("/emulator/faults").then().statusCode(200);
    }

    @Test
    void valueLists() {
        given().when().get("/api/search/values/collection").then().statusCode(200)
                .body("values", equalTo(List.of("MedCloud-Breast-PET", "MedCloud-Lung-CT", "MedCloud-Prostate-MR")));
        given().when().get("/api/search/values/bodyPart").then().statusCode(200)
                .body("values", hasItem("CHEST")).body("values", not(hasItem("")));
        given().when().get("/api/search/values/manufacturer").then().statusCode(200)
                .body("values", hasItem("SIEMENS")).body("values", not(hasItem("Siemens")));
        given().when().get("/api/search/values/manufacturerModelName").then().statusCode(200)
                .body("values", hasItem("Biograph 40")).body("values", hasItem("LightSpeed QX/i"));
        given().queryParam("collection", "MedCloud-Prostate-MR").queryParam("modality", "MR")
                .when().get("/api/search/values/manufacturerModelName").then().statusCode(200)
                .body("values", equalTo(List.of("Skyra", "Titan 3T")));
        given().queryParam("collection", "MedCloud-Breast-PET").when().get("/api/search/values/modality").then().statusCode(200)
                .body("values", equalTo(List.of("CT", "DX", "PT", "US")));
    }

    @Test
    void seriesSearchSortPageAndTotals() {
        JsonPath all = given().queryParam("collection", "MedCloud-Lung-CT").queryParam("size", "500")
                .when().get("/api/search/series").then().statusCode(200)
                .body("rows.seriesInstanceUid", everyItem(matchesPattern("2\\.25\\.\\d+")))
                .body("rows.seriesDate", everyItem(matchesPattern("\\d{4}-\\d\\d-\\d\\d")))
                .body("rows.licenseUri", everyItem(notNullValue()))
                .extract().jsonPath();
        int total = all.getInt("total");
        long sum = all.getList("rows.fileSizeBytes", Long.class).stream().mapToLong(Long::longValue).sum();
        assertEquals(sum, all.getLong("totalSizeBytes"));
        given().queryParam("collection", "MedCloud-Lung-CT").queryParam("sort", "-imageCount").queryParam("size", "2")
                .queryParam("page", "0").when().get("/api/search/series").then().statusCode(200)
                .body("rows", hasSize(Math.min(2, total))).body("total", equalTo(total))
                .body("rows[0].imageCount", greaterThan(1));
    }

    @Test
    void manifestRoundTrip() {
        List<String> uids = given().queryParam("collection", "MedCloud-Breast-PET").queryParam("modality", "PT")
                .when().get("/api/search/series").then().statusCode(200).extract().jsonPath().getList("rows.seriesInstanceUid");
        String tcia = given().contentType("application/json").body(uids).when().post("/api/search/manifest")
                .then().statusCode(200).extract().asString();
        given().contentType("text/plain").body(tcia).when().post("/api/search/manifest/parse").then().statusCode(200)
                .body("seriesInstanceUids", equalTo(uids)).body("rows", hasSize(uids.size())).body("notFound", hasSize(0))
                .body("rows[0].modality", equalTo("PT"));
    }

    @Test
    void emulatorFaultsAreRetriedAndMapped() {
        RestAssured.given().baseUri(EmulatorProcessResource.emulatorBase).body("getModalityValues:status=503,times=2")
                .put("/emulator/faults").then().statusCode(200);
        given().when().get("/api/search/values/modality").then().statusCode(200).body("values", hasItem("CT"));
        gateway.resetBreaker(); // the 503s above count as failures; start the next case with a closed breaker
        RestAssured.given().baseUri(EmulatorProcessResource.emulatorBase).body("getCollectionValues:status=500")
                .put("/emulator/faults").then().statusCode(200);
        given().when().get("/api/search/values/collection").then().statusCode(502)
                .contentType("application/problem+json").body("type", equalTo("urn:medcloud:problem:upstream-error"));
        gateway.resetBreaker();
        RestAssured.given().baseUri(EmulatorProcessResource.emulatorBase).body("getSeries:latency=1500")
                .put("/emulator/faults").then().statusCode(200);
        given().queryParam("collection", "MedCloud-Lung-CT").when().get("/api/search/series").then().statusCode(504);
    }
}
