package org.medcloud.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.cache.CacheManager;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medcloud.search.nbia.NbiaGateway;

/** The search API against NBIA's reference sample responses served over real HTTP (contract tests). */
@QuarkusTest
@QuarkusTestResource(value = NbiaStubResource.class, restrictToAnnotatedClass = false)
class SearchApiTest {

    static final String VICTRE = "1.3.6.1.4.1.14519.5.2.1.2135.6389.861085683843003228352649673146";
    static final String LUNG = "1.3.6.1.4.1.14519.5.2.1.6834.5010.322628904903035357840500590726";

    @Inject
    CacheManager caches;

    @Inject
    NbiaGateway gateway;

    @BeforeEach
    void clean() {
        TestSupport.clean(caches, gateway);
    }

    @Test
    void bodyPartValuesDropEmptyObjectsTrimAndSort() {
        given().when().get("/api/search/values/bodyPart").then().statusCode(200)
                .body("field", equalTo("bodyPart"))
                .body("values", equalTo(List.of("ABD", "ABDOMEN", "ABDOMEN_PELVIS", "BRAIN", "CHEST", "EXTREMITY")));
    }

    @Test
    void manufacturerValuesAreDeduplicatedCaseInsensitively() {
        given().when().get("/api/search/values/manufacturer").then().statusCode(200)
                .body("values", equalTo(List.of("\"GE Healthcare\"", "GE MEDICAL SYSTEMS", "Philips Medical Systems",
                        "SIEMENS", "TOSHIBA")));
    }

    @Test
    void collectionAndModalityValuesComeFromNbia() {
        given().when().get("/api/search/values/collection").then().statusCode(200)
                .body("values", hasSize(8)).body("values[0]", equalTo("4D-Lung"));
        given().when().get("/api/search/values/modality").then().statusCode(200)
                .body("values", equalTo(List.of("CR", "CT", "MG", "MR", "PT", "RTSTRUCT", "SEG")));
    }

    @Test
    void valuesAreNarrowedNativelyWhereNbiaCan() {
        given().queryParam("collection", "4D-Lung").when().get("/api/search/values/bodyPart").then().statusCode(200)
                .body("values", equalTo(List.of("LUNG")));
        NbiaStub.Request r = NbiaStub.current.requests.get(0);
        assertEquals("getBodyPartValues", r.endpoint());
        assertEquals(Map.of("Collection", "4D-Lung"), r.query());
    }

    @Test
    void valuesNarrowedByOtherFiltersAreDerivedFromGetSeries() {
        given().queryParam("manufacturer", "victre").when().get("/api/search/values/modality").then().statusCode(200)
                .body("values", equalTo(List.of("MG")));
        assertEquals(Map.of("Manufacturer", "victre"), NbiaStub.current.requests.get(0).query());
        given().queryParam("collection", "4D-Lung").when().get("/api/search/values/manufacturerModelName").then()
                .statusCode(200).body("values", equalTo(List.of("Trilogy Cone Beam CT")));
    }

    @Test
    void modelNamesWithoutFiltersComeFromTheManufacturerTree() {
        given().when().get("/api/search/values/manufacturerModelName").then().statusCode(200)
                .body("values", equalTo(List.of("GENESIS_SIGNA", "Trilogy Cone Beam CT")));
    }

    @Test
    void seriesRowsMapEveryField() {
        given().queryParam("collection", "4D-Lung").when().get("/api/search/series").then().statusCode(200)
                .body("total", equalTo(1)).body("totalSizeBytes", equalTo(26405888)).body("page", equalTo(0))
                .body("size", equalTo(50))
                .body("rows[0].seriesInstanceUid", equalTo(LUNG))
                .body("rows[0].studyInstanceUid", startsWith("1.3.6.1.4.1.14519.5.2.1.6834.5010.3350"))
                .body("rows[0].patientId", equalTo("100_HM10395"))
                .body("rows[0].collection", equalTo("4D-Lung"))
                .body("rows[0].modality", equalTo("CT"))
                .body("rows[0].bodyPart", equalTo("LUNG"))
                .body("rows[0].manufacturer", equalTo("Varian Imaging Laboratories, Switzerland"))
                .body("rows[0].manufacturerModelName", equalTo("Trilogy Cone Beam CT"))
                .body("rows[0].seriesDescription", equalTo("P4^P100^S100^I0, Gated, 0.0%"))
                .body("rows[0].seriesNumber", equalTo(500))
                .body("rows[0].seriesDate", equalTo("1997-09-15"))
                .body("rows[0].imageCount", equalTo(50))
                .body("rows[0].fileSizeBytes", equalTo(26405888))
                .body("rows[0].licenseName", equalTo("Creative Commons Attribution 3.0 Unported License"))
                .body("rows[0].licenseUri", equalTo("http://creativecommons.org/licenses/by/3.0/"));
        assertEquals(Map.of("Collection", "4D-Lung"), NbiaStub.current.requests.get(0).query());
    }

    @Test
    void allSevenFiltersAreSentWithNbiaNames() {
        given().queryParam("collection", "4D-Lung").queryParam("bodyPart", "LUNG").queryParam("modality", "CT")
                .queryParam("manufacturer", "Varian Imaging Laboratories, Switzerland")
                .queryParam("manufacturerModelName", "Trilogy Cone Beam CT").queryParam("patientId", "100_HM10395")
                .queryParam("studyInstanceUid", "1.3.6.1.4.1.14519.5.2.1.6834.5010.335014117706890137582032169351")
                .when().get("/api/search/series").then().statusCode(200).body("total", equalTo(1));
        assertEquals(Map.of("Collection", "4D-Lung", "BodyPartExamined", "LUNG", "Modality", "CT",
                "Manufacturer", "Varian Imaging Laboratories, Switzerland", "ManufacturerModelName", "Trilogy Cone Beam CT",
                "PatientID", "100_HM10395", "StudyInstanceUID", "1.3.6.1.4.1.14519.5.2.1.6834.5010.335014117706890137582032169351"),
                NbiaStub.current.requests.get(0).query());
    }

    @Test
    void sortingAndPagingAreOurs() {
        // both sample rows have LicenseName CC BY 3.0: search by that is not a filter, so use modality-free collection filters
        NbiaStub.current.always = null;
        given().queryParam("manufacturer", "x").when().get("/api/search/series").then().statusCode(200)
                .body("total", equalTo(0)).body("rows", hasSize(0)); // empty NBIA body = no rows
        String all = "/api/search/series?collection=VICTRE";
        given().when().get(all + "&sort=-fileSizeBytes&page=0&size=1").then().statusCode(200)
                .body("rows", hasSize(1)).body("total", equalTo(1));
        given().when().get(all + "&page=1&size=1").then().statusCode(200).body("rows", hasSize(0)).body("total", equalTo(1));
        given().when().get("/api/search/series?collection=VICTRE&sort=nope").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("sort"));
    }

    @Test
    void validationErrorsNameTheField() {
        given().when().get("/api/search/series").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("filters"));
        given().queryParam("colection", "x").when().get("/api/search/series").then().statusCode(400)
                .body("field", equalTo("colection")).body("detail", containsString("Unknown query parameter"));
        given().queryParam("studyInstanceUid", "1.2.abc").when().get("/api/search/series").then().statusCode(400)
                .body("field", equalTo("studyInstanceUid"));
        given().queryParam("collection", "x".repeat(65)).when().get("/api/search/series").then().statusCode(400)
                .body("field", equalTo("collection"));
        given().queryParam("patientId", "a<script>").when().get("/api/search/series").then().statusCode(400)
                .body("field", equalTo("patientId"));
        given().queryParam("collection", "x").queryParam("size", "501").when().get("/api/search/series").then().statusCode(400)
                .body("field", equalTo("size"));
        given().queryParam("collection", "x").queryParam("page", "-1").when().get("/api/search/series").then().statusCode(400)
                .body("field", equalTo("page"));
        given().queryParam("collection", "x").queryParam("page", "two").when().get("/api/search/series").then().statusCode(400)
                .body("field", equalTo("page"));
        given().queryParam("modality", "CT").queryParam("modality", "MR").when().get("/api/search/series").then().statusCode(400)
                .body("field", equalTo("modality"));
        given().when().get("/api/search/values/color").then().statusCode(400).body("field", equalTo("field"));
        given().queryParam("foo", "1").when().get("/api/search/values/modality").then().statusCode(400).body("field", equalTo("foo"));
        assertEquals(0, NbiaStub.current.requests.size(), "nothing invalid reaches NBIA");
    }

    @Test
    void manifestExportAndParse() throws Exception {
        String tcia = given().contentType("application/json").body("{\"seriesInstanceUids\":[\"" + LUNG + "\",\"" + VICTRE + "\",\"" + LUNG + "\"]}")
                .when().post("/api/search/manifest").then().statusCode(200)
                .header("Content-Disposition", containsString(".tcia"))
                .body(startsWith("downloadServerUrl=")).body(containsString("ListOfSeriesToDownload=\n" + LUNG + "\n" + VICTRE + "\n"))
                .extract().asString();
        assertEquals(8, tcia.split("\n").length);
        given().contentType("application/json").body("[\"1.2.3\",\"bad uid\"]").when().post("/api/search/manifest")
                .then().statusCode(400).body("field", equalTo("seriesInstanceUids[1]"));
        given().contentType("application/json").body("[]").when().post("/api/search/manifest")
                .then().statusCode(400).body("field", equalTo("seriesInstanceUids"));

        byte[] sample = NbiaStub.current.sample("sample_manifest.tcia");
        given().contentType("text/plain").body(sample).when().post("/api/search/manifest/parse").then().statusCode(200)
                .body("seriesInstanceUids", hasSize(3))
                .body("rows", hasSize(1)).body("rows[0].seriesInstanceUid", equalTo(LUNG))
                .body("rows[0].seriesNumber", equalTo(500)).body("rows[0].imageCount", equalTo(50))
                .body("notFound", hasSize(2));
        given().contentType("text/plain").body("downloadServerUrl=x\nnot-a-uid\n").when().post("/api/search/manifest/parse")
                .then().statusCode(400).body("field", equalTo("manifest")).body("detail", containsString("Line 2"));
    }
}
