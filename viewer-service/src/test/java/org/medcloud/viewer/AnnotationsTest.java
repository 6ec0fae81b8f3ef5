package org.medcloud.viewer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medcloud.dicom.DicomReader;
import org.medcloud.dicom.Tags;
import org.medcloud.storage.ObjectStorage;

/** Annotations: versioned schema, validation naming the field, per-user version history (test resources: see ViewerServiceTest). */
@QuarkusTest
class AnnotationsTest {

    static final String STUDY = "1.2.826.0.1.3680043.8.498.7200";
    static final String SERIES = "1.2.826.0.1.3680043.8.498.7201";
    static String sop;

    @Inject
    ObjectStorage storage;

    @BeforeEach
    void store() throws Exception {
        if (sop == null) {
            StoredSeriesFixture.Built b = new StoredSeriesFixture()
                    .add("ct_series_pydicom_inst180.dcm", false)
                    .as(STUDY, SERIES, "ANN-1", "CT").collection("ANNOTATIONS").store(storage);
            given().contentType("application/json").body(Map.of("indexKey", b.indexKey()))
                    .post("/api/viewer/catalog").then().statusCode(201);
            sop = DicomReader.readHeader(StoredSeriesFixture.file("ct_series_pydicom_inst180.dcm"))
                    .getString(Tags.SOPInstanceUID);
        }
    }

    Map<String, Object> item(String tool, List<List<Number>> points, String text) {
        return text == null
                ? Map.of("toolType", tool, "sopInstanceUid", sop, "frame", 1, "points", points)
                : Map.of("toolType", tool, "sopInstanceUid", sop, "frame", 1, "points", points, "text", text);
    }

    String url() {
        return "/api/viewer/series/" + SERIES + "/annotations";
    }

    @Test
    void saveReloadAndHistoryPerUser() {
        given().header("X-User", "alice").get(url()).then().statusCode(200)
                .body("version", equalTo(0)).body("items", hasSize(0));
        given().header("X-User", "alice").contentType("application/json")
                .body(Map.of("schemaVersion", 1, "items", List.of(
                        item("rectangle", List.of(List.of(1, 1), List.of(10, 8)), null),
                        item("label", List.of(List.of(5.5, 6.25)), "nodule?"))))
                .put(url()).then().statusCode(200)
                .body("version", equalTo(1)).body("author", equalTo("alice"))
                .body("items", hasSize(2)).body("items[0].author", equalTo("alice"))
                .body("items[0].createdAt", notNullValue()).body("items[1].text", equalTo("nodule?"));
        given().header("X-User", "alice").contentType("application/json")
                .body(Map.of("schemaVersion", 1, "baseVersion", 1, "items", List.of(
                        item("ellipse", List.of(List.of(1, 2), List.of(12, 14)), null),
                        item("freehand", List.of(List.of(1, 1), List.of(5, 1), List.of(5, 5)), null))))
                .put(url()).then().statusCode(200).body("version", equalTo(2));
        // reload: the latest version; the older one is still there
        given().header("X-User", "alice").get(url()).then().statusCode(200)
                .body("version", equalTo(2)).body("items[0].toolType", equalTo("ellipse"))
                .body("items[1].points", hasSize(3));
        given().header("X-User", "alice").queryParam("version", 1).get(url()).then().statusCode(200)
                .body("items[0].toolType", equalTo("rectangle"));
        given().header("X-User", "alice").get(url() + "/history").then().statusCode(200)
                .body("versions", hasSize(2)).body("versions[0].version", equalTo(2))
                .body("versions[1].itemCount", equalTo(2));
        // another user has their own document and history
        given().header("X-User", "bob").get(url()).then().body("version", equalTo(0));
        given().get(url() + "/history").then().body("author", equalTo("anonymous")).body("versions", hasSize(0));
        // stale base version
        given().header("X-User", "alice").contentType("application/json")
                .body(Map.of("schemaVersion", 1, "baseVersion", 1, "items", List.of()))
                .put(url()).then().statusCode(409);
    }

    @Test
    void invalidDocumentsNameTheField() {
        put(Map.of("schemaVersion", 2, "items", List.of()), "schemaVersion");
        put(Map.of("schemaVersion", 1, "items", List.of(item("arrow", List.of(List.of(1, 1)), null))),
                "items[0].toolType");
        put(Map.of("schemaVersion", 1, "items", List.of(Map.of("toolType", "label", "sopInstanceUid", "1.2.3.4",
                "frame", 1, "points", List.of(List.of(1, 1)), "text", "x"))), "items[0].sopInstanceUid");
        put(Map.of("schemaVersion", 1, "items", List.of(item("rectangle", List.of(List.of(1, 1), List.of(1e9, 5)),
                null))), "items[0].points[1]");
        put(Map.of("schemaVersion", 1, "items", List.of(item("rectangle", List.of(List.of(1, 1)), null))),
                "items[0].points");
        put(Map.of("schemaVersion", 1, "items", List.of(Map.of("toolType", "label", "sopInstanceUid", sop,
                "frame", 7, "points", List.of(List.of(1, 1)), "text", "x"))), "items[0].frame");
        put(Map.of("schemaVersion", 1, "items", List.of(item("label", List.of(List.of(1, 1)), "x".repeat(5000)))),
                "items[0].text");
        given().contentType("application/json").body(Map.of("schemaVersion", 1, "items", List.of()))
                .put("/api/viewer/series/1.2.3.4/annotations").then().statusCode(404);
    }

    void put(Object body, String field) {
        given().contentType("application/json").body(body).put(url()).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo(field))
                .body("detail", notNullValue()).body("title", containsString(field));
    }
}
