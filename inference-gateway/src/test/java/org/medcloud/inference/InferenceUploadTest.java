package org.medcloud.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcloud.inference.support.InferenceStack;
import org.medcloud.inference.support.Overlays;
import org.medcloud.inference.support.SyntheticSeries;
import org.medcloud.nifti.NiftiImage;
import org.medcloud.nifti.SeriesVolume;
import org.medcloud.nifti.dicom.DicomSliceReader;
import org.medcloud.testing.PostgresTestResource;
import org.medcloud.testing.S3ProxyTestResource;

/** Upload hand-over against the real MONAI Label stand-in process; failure modes through its fault injection. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = S3ProxyTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = InferenceStack.class, restrictToAnnotatedClass = true)
class InferenceUploadTest {

    @Test
    void modelsComeFromInfoWithTheDefaultMarked() {
        given().when().get("/api/inference/models").then().statusCode(200)
                .body("defaultModel", equalTo("deepedit"))
                .body("models.name", hasItems("deepedit", "deepedit_seg"))
                .body("models.find { it.name == 'deepedit' }.default", equalTo(true))
                .body("models.find { it.name == 'deepedit_seg' }.default", equalTo(false))
                .body("models.find { it.name == 'deepedit' }.type", equalTo("deepedit"))
                .body("models.find { it.name == 'deepedit' }.labels.liver", equalTo(6))
                .body("models.find { it.name == 'deepedit' }.dimension", equalTo(3));
    }

    @Test
    void uploadedSeriesIsSegmentedAndOverlaysLandOnTheRightInstancesAndPixels() throws Exception {
        String id = Overlays.submit(Map.of("seriesInstanceUid", SyntheticSeries.SERIES, "sopInstanceUid", SyntheticSeries.sop(5),
                "model", "deepedit_seg"));
        JsonPath job = Overlays.await(id);
        assertEquals("succeeded", job.getString("status"), job.getString("error"));
        assertEquals("upload", job.getString("handover"));
        assertEquals(6, job.getInt("result.label_names.liver"));
        assertEquals("6", job.getString("result.centroids.label_6[0]"));
        assertEquals("inference/" + id + "/label.nii.gz", job.getString("labelKey"));
        assertEquals(10 * 10 * 7, job.getInt("legend.find { it.name == 'liver' }.labelledPixels"));
        assertEquals(4 * 3 * 3, job.getInt("legend.find { it.name == 'spleen' }.labelledPixels"));
        Overlays.assertOverlaysMatchTheBoxes(id, job);

        // the result as MONAI Label sent it (Python json.dumps separators)
        String raw = given().when().get("/api/inference/jobs/" + id + "/result").then().statusCode(200).extract().asString();
        assertTrue(raw.startsWith("{\"label_names\": {\"spleen\": 1, "), raw);

        // the stored label volume carries the series' own affine (LPS -> RAS)
        byte[] nii = given().when().get("/api/inference/jobs/" + id + "/label.nii.gz").then().statusCode(200).extract().asByteArray();
        NiftiImage label = NiftiImage.read(nii);
        List<SeriesVolume.Slice> slices = new ArrayList<>();
        for (int n = 1; n <= SyntheticSeries.N; n++) {
            slices.add(DicomSliceReader.read(SyntheticSeries.instance(n)).slice());
        }
        assertArrayEquals(SeriesVolume.build(slices).image().affine(), label.affine(), 1e-4);
        double[] a = label.affine();
        // column i runs along the DICOM row direction, converted to RAS (x, y negated)
        assertEquals(-0.7 * Math.cos(Math.toRadians(20)), a[0], 1e-4);
        assertEquals(-SyntheticSeries.ORIGIN[0], a[3], 1e-4);
    }

    @Test
    void unknownModelIs404NamingTheField() {
        given().contentType("application/json").body(Map.of("seriesInstanceUid", SyntheticSeries.SERIES, "model", "spleen_ct"))
                .when().post("/api/inference/jobs").then().statusCode(404).contentType("application/problem+json")
                .body("field", equalTo("model")).body("detail", containsString("spleen_ct"));
    }

    @Test
    void badInputIsRejectedWithTheField() {
        given().contentType("application/json").body(Map.of("seriesInstanceUid", "1.2.abc"))
                .when().post("/api/inference/jobs").then().statusCode(400).body("field", equalTo("seriesInstanceUid"));
        given().contentType("application/json").body(Map.of("seriesInstanceUid", "1.2.3.4.5.6"))
                .when().post("/api/inference/jobs").then().statusCode(404).body("field", equalTo("seriesInstanceUid"));
        given().contentType("application/json").body(Map.of("seriesInstanceUid", SyntheticSeries.SERIES, "params", Map.of("image", "x")))
                .when().post("/api/inference/jobs").then().statusCode(400).body("field", equalTo("params"));
        given().when().get("/api/inference/jobs/00000000-0000-0000-0000-000000000000").then().statusCode(404);
    }

    private static String failedReason(Map<String, Object> params) throws InterruptedException {
        String id = Overlays.submit(Map.of("seriesInstanceUid", SyntheticSeries.SERIES, "model", "deepedit", "params", params));
        JsonPath job = Overlays.await(id);
        assertEquals("failed", job.getString("status"));
        given().when().get("/api/inference/jobs/" + id + "/overlays/" + SyntheticSeries.sop(1) + ".png").then().statusCode(409);
        return job.getString("error");
    }

    @Test
    void monaiLabelsBarePlainText500BecomesAReadableReason() throws Exception {
        String reason = failedReason(Map.of("emulator_fault", "500"));
        assertTrue(reason.contains("internal error") && reason.contains("HTTP 500 'Internal Server Error'")
                && reason.contains("server log"), reason);
    }

    @Test
    void monaiLabelsJson500DetailIsPassedOn() throws Exception {
        String reason = failedReason(Map.of("emulator_fault", "json500"));
        assertTrue(reason.contains("HTTP 500: Failed to execute infer"), reason);
    }

    @Test
    void a422ValidationErrorNamesTheLocation() throws Exception {
        String reason = failedReason(Map.of("emulator_fault", "422"));
        assertTrue(reason.contains("rejected") && reason.contains("HTTP 422") && reason.contains("body.params: Field required"), reason);
    }

    @Test
    void aTruncatedMultipartReplyIsReported() throws Exception {
        String reason = failedReason(Map.of("emulator_fault", "truncate"));
        assertTrue(reason.contains("could not be read") && reason.contains("truncated"), reason);
    }

    @Test
    void aReadTimeoutIsReported() throws Exception {
        String reason = failedReason(Map.of("emulator_fault", "delay:9000"));
        assertTrue(reason.contains("did not answer") && reason.contains("within 5 s") && reason.contains("MONAI_LABEL_READ_TIMEOUT"), reason);
        // the stand-in is still busy (one inference at a time); wait until it is free again
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(InferenceStack.emulatorUrl + "/info/")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void jobsQueueBehindTheConcurrencyLimitWithTheirPosition() throws Exception {
        String slow = Overlays.submit(Map.of("seriesInstanceUid", SyntheticSeries.SERIES, "model", "deepedit_seg",
                "params", Map.of("emulator_fault", "delay:1200")));
        String second = Overlays.submit(Map.of("seriesInstanceUid", SyntheticSeries.SERIES, "model", "deepedit_seg"));
        String third = Overlays.submit(Map.of("seriesInstanceUid", SyntheticSeries.SERIES, "model", "deepedit_seg"));
        JsonPath s2 = given().when().get("/api/inference/jobs/" + second).then().statusCode(200).extract().jsonPath();
        JsonPath s3 = given().when().get("/api/inference/jobs/" + third).then().statusCode(200).extract().jsonPath();
        assertEquals("queued", s2.getString("status"));
        assertEquals(1, s2.getInt("position"));
        assertEquals("queued", s3.getString("status"));
        assertEquals(2, s3.getInt("position"));
        for (String id : List.of(slow, second, third)) {
            assertEquals("succeeded", Overlays.await(id).getString("status"));
        }
        JsonPath done = given().when().get("/api/inference/jobs/" + third).then().extract().jsonPath();
        assertEquals(0, done.getInt("position"));
    }
}
