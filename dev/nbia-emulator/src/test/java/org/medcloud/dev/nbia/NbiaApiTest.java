package org.medcloud.dev.nbia;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The v4 metadata endpoints over a generated data set, through real HTTP. */
@QuarkusTest
@QuarkusTestResource(value = GeneratedDataResource.class, restrictToAnnotatedClass = false)
class NbiaApiTest {

    static final String V4 = "/nbia-api/services/v4/";

    static List<Map<String, Object>> series(String query) {
        Response r = given().when().get(V4 + "getSeries" + query).then().statusCode(200).extract().response();
        return r.asByteArray().length == 0 ? List.of() : JsonPath.from(r.asString()).getList("$");
    }

    @Test
    void collectionValues() {
        given().when().get(V4 + "getCollectionValues").then().statusCode(200)
                .contentType("application/json")
                .body("Collection", equalTo(List.of("MedCloud-Breast-PET", "MedCloud-Lung-CT", "MedCloud-Prostate-MR")));
    }

    @Test
    void bodyPartValuesHaveEmptyObjectForNullAndAreNarrowedByFilters() {
        String body = given().when().get(V4 + "getBodyPartValues").then().statusCode(200).extract().asString();
        assertTrue(body.startsWith("[{},"), body); // the SEG series has no BodyPartExamined
        given().queryParam("Collection", "MedCloud-Prostate-MR").queryParam("Modality", "mr")
                .when().get(V4 + "getBodyPartValues").then().statusCode(200)
                .body("BodyPartExamined", equalTo(List.of("PROSTATE")));
    }

    @Test
    void modalityAndManufacturerValuesAreUpperCasedDistinct() {
        given().queryParam("Collection", "MedCloud-Breast-PET").when().get(V4 + "getModalityValues").then().statusCode(200)
                .body("Modality", equalTo(List.of("CT", "DX", "PT", "US")));
        // "Siemens" (MR) and "SIEMENS" (PET) collapse in v4, stay apart in v1
        given().when().get(V4 + "getManufacturerValues").then().statusCode(200)
                .body("Manufacturer", hasItem("SIEMENS")).body("Manufacturer", not(hasItem("Siemens")));
        given().when().get("/nbia-api/services/v1/getManufacturerValues").then().statusCode(200)
                .body("Manufacturer", hasItem("Siemens")).body("Manufacturer", hasItem("SIEMENS"));
    }

    @Test
    void seriesRowsHaveV4FieldsAndDates() {
        List<Map<String, Object>> rows = series("?Collection=medcloud-lung-ct&Modality=CT");
        assertFalse(rows.isEmpty());
        for (Map<String, Object> r : rows) {
            assertEquals("MedCloud-Lung-CT", r.get("Collection"));
            assertTrue(((String) r.get("SeriesDate")).matches("\\d\\d-\\d\\d-\\d{4}"), r.toString());
            assertTrue(((String) r.get("DateReleased")).matches("\\d\\d-\\d\\d-\\d{4}"));
            assertTrue(r.get("ImageCount") instanceof Integer);
            assertTrue(r.get("FileSize") instanceof Number);
            assertTrue(r.get("SeriesNumber") instanceof Integer);
            assertEquals(1, r.get("Authorized"));
            assertFalse(r.containsKey("AnnotationsFlag")); // null -> key omitted
            assertTrue(r.containsKey("LicenseURI") && r.containsKey("DataDescriptionURI") && r.containsKey("Site"));
        }
        // v1 shape: TimeStamp, CollectionURI, yyyy-MM-dd HH:mm:ss.0 dates
        given().queryParam("Collection", "MedCloud-Lung-CT").when().get("/nbia-api/services/v1/getSeries").then().statusCode(200)
                .body("SeriesDate", everyItem(matchesPattern("\\d{4}-\\d\\d-\\d\\d 00:00:00\\.0")))
                .body("[0].CollectionURI", containsString("doi.org")).body("[0].DataDescriptionURI", nullValue());
    }

    @Test
    void allSevenFiltersCombine() {
        Map<String, Object> one = series("?Collection=MedCloud-Breast-PET&Modality=PT").get(0);
        Response r = given().queryParam("Collection", "MedCloud-Breast-PET").queryParam("Modality", "PT")
                .queryParam("BodyPartExamined", "breast").queryParam("Manufacturer", "siemens")
                .queryParam("ManufacturerModelName", "BIOGRAPH 40").queryParam("PatientID", one.get("PatientID"))
                .queryParam("StudyInstanceUID", one.get("StudyInstanceUID"))
                .when().get(V4 + "getSeries").then().statusCode(200).extract().response();
        List<Map<String, Object>> rows = JsonPath.from(r.asString()).getList("$");
        assertEquals(1, rows.size());
        assertEquals(one.get("SeriesInstanceUID"), rows.get(0).get("SeriesInstanceUID"));
    }

    @Test
    void noResultsIsAnEmpty200WithoutContentType() {
        Response r = given().queryParam("Collection", "NoSuchCollection").when().get(V4 + "getSeries");
        assertEquals(200, r.statusCode());
        assertEquals(0, r.asByteArray().length);
        assertTrue(r.contentType() == null || r.contentType().isEmpty(), r.contentType());
    }

    @Test
    void unknownParameterIs400InV4AndIgnoredInV1() {
        given().queryParam("collection", "x").when().get(V4 + "getSeries").then().statusCode(400)
                .body(containsString("Invalid query parameter: 'collection'"));
        given().queryParam("collection", "x").when().get("/nbia-api/services/v1/getCollectionValues").then().statusCode(200);
        given().queryParam("IncludeMD5", "Yes").queryParam("SeriesInstanceUID", "1.2")
                .when().get(V4 + "getImageWithMD5Hash").then().statusCode(400);
    }

    @Test
    void sizeAndSopListMatchTheSeriesRow() {
        Map<String, Object> row = series("?Collection=MedCloud-Prostate-MR&Modality=MR").get(0);
        String uid = (String) row.get("SeriesInstanceUID");
        given().queryParam("SeriesInstanceUID", uid).when().get(V4 + "getSeriesSize").then().statusCode(200)
                .body("[0].ObjectCount", equalTo(row.get("ImageCount")))
                .body("[0].TotalSizeInBytes", equalTo(row.get("FileSize")));
        List<String> sops = given().queryParam("SeriesInstanceUID", uid).when().get(V4 + "getSOPInstanceUIDs")
                .then().statusCode(200).extract().jsonPath().getList("SOPInstanceUID");
        assertEquals(row.get("ImageCount"), sops.size());
        given().when().get(V4 + "getSeriesSize").then().statusCode(400).contentType("application/json")
                .body(containsString("SeriesInstanceUID"));
        assertEquals(0, given().queryParam("SeriesInstanceUID", "1.2.3").when().get(V4 + "getSeriesSize")
                .then().statusCode(200).extract().asByteArray().length);
    }

    @Test
    void seriesMetadataPostJsonAndCsv() {
        Map<String, Object> row = series("?Collection=MedCloud-Lung-CT&Modality=CT").get(0);
        String uid = (String) row.get("SeriesInstanceUID");
        given().formParam("list", uid).formParam("format", "json").when().post(V4 + "getSeriesMetadata").then().statusCode(200)
                .body("[0].SeriesInstanceUID", equalTo(uid)).body("[0].Phantom", equalTo("NO"))
                .body("[0].SeriesNumber", matchesPattern("\\d+\\.000000")).body("[0].Authorized", equalTo("1"));
        given().formParam("list", uid).when().post(V4 + "getSeriesMetadata").then().statusCode(200)
                .header("Content-Disposition", containsString("SeriesMetaData.csv"))
                .body(containsString("\"SeriesInstanceUID\"")).body(containsString("\"" + uid + "\""));
        given().when().post(V4 + "getSeriesMetadata").then().statusCode(400);
        given().queryParam("SeriesInstanceUID", uid).when().get("/nbia-api/services/v1/getSeriesMetaData").then()
                .statusCode(200).body("[0].'Series UID'", equalTo(uid));
    }

    @Test
    void manufacturerTreeListsModelNames() {
        given().when().get(V4 + "getManufacturerTree").then().statusCode(200)
                .body("data.criteria", equalTo("root"))
                .body("children.children.flatten().data.value", hasItem("Biograph 40"));
    }
}
