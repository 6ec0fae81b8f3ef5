package org.medcloud.dev.monailabel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.medcloud.nifti.NiftiDataType;
import org.medcloud.nifti.NiftiImage;

/** /info/ and /infer/{model} against the reference samples in shared/reference/monai-label. */
@QuarkusTest
@QuarkusTestResource(FakeDicomWeb.class)
class MonaiLabelContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Copies of the reference samples (shared/reference/monai-label), kept with the test. */
    static final Path REF = Path.of("src/test/resources/monai-label-reference");

    /** 20x16x8 volume, oblique affine: a 60 HU box of 6x5x4 voxels (liver) and a 40 HU 3x3x3 box (spleen). */
    static NiftiImage phantom() {
        int nx = 20, ny = 16, nz = 8;
        float[] d = new float[nx * ny * nz];
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    float v = -1000;
                    if (i >= 2 && i < 8 && j >= 3 && j < 8 && k >= 2 && k < 6) {
                        v = 60;
                    } else if (i >= 12 && i < 15 && j >= 10 && j < 13 && k >= 1 && k < 4) {
                        v = 40;
                    }
                    d[i + nx * (j + ny * k)] = v;
                }
            }
        }
        double c = Math.cos(0.3), s = Math.sin(0.3);
        return new NiftiImage(nx, ny, nz, d, new double[] {-0.8 * c, 0.8 * s, 0, 30, -0.8 * s, -0.8 * c, 0, 40, 0, 0, 2.5, -60, 0, 0, 0, 1});
    }

    @Test
    void infoHasTheSampleShapeWithCpuDevices() throws Exception {
        JsonNode sample = JSON.readTree(Files.readAllBytes(REF.resolve("sample_info_radiology_deepedit.json")));
        String body = given().when().get("/info/").then().statusCode(200).contentType("application/json").extract().asString();
        JsonNode info = JSON.readTree(body);
        List<String> keys = new ArrayList<>();
        info.fieldNames().forEachRemaining(keys::add);
        List<String> sampleKeys = new ArrayList<>();
        sample.fieldNames().forEachRemaining(k -> { if (!k.equals("_provenance")) sampleKeys.add(k); });
        assertEquals(sampleKeys, keys);
        assertFalse(info.has("config"), "a top-level config key makes 3D Slicer refuse the server");
        assertEquals(sample.get("labels"), info.get("labels"));
        for (String m : List.of("deepedit", "deepedit_seg")) {
            JsonNode mine = info.get("models").get(m);
            JsonNode ref = sample.get("models").get(m);
            assertEquals(ref.get("type"), mine.get("type"));
            assertEquals(ref.get("labels"), mine.get("labels"));
            // label dict order is part of the contract (sequential codes follow it)
            assertEquals(List.copyOf(iter(ref.get("labels").fieldNames())), List.copyOf(iter(mine.get("labels").fieldNames())));
            assertEquals(ref.get("dimension"), mine.get("dimension"));
            assertEquals(ref.get("description"), mine.get("description"));
            assertEquals("cpu", mine.get("config").get("device").get(0).asText());
        }
    }

    static List<String> iter(Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    @Test
    void inferAllIsTheMultipartFormDataLayoutWithAGenuineMask() throws Exception {
        NiftiImage in = phantom();
        Response r = given().queryParam("image", "")
                .multiPart("params", "{\"result_extension\": \".nii.gz\", \"result_dtype\": \"uint8\", \"restore_label_idx\": true}")
                .multiPart("file", "image.nii.gz", in.toBytes(NiftiDataType.INT16, true), "application/octet-stream")
                .when().post("/infer/deepedit_seg");
        assertEquals(200, r.statusCode());
        Matcher ct = Pattern.compile("multipart/form-data; boundary=([0-9a-f]{32})").matcher(r.contentType());
        assertTrue(ct.matches(), r.contentType());
        String b = ct.group(1);
        byte[] body = r.asByteArray();
        String head = new String(body, StandardCharsets.ISO_8859_1);
        Pattern layout = Pattern.compile("--" + b + "\r\nContent-Disposition: form-data; name=\"params\"\r\nContent-Type: application/json\r\n\r\n"
                + "(\\{.*\\})\r\n--" + b + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"(tmp[a-z0-9_]{8}\\.nii\\.gz)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n", Pattern.DOTALL);
        Matcher m = layout.matcher(head);
        assertTrue(m.lookingAt(), head.substring(0, 400));
        assertTrue(head.endsWith("\r\n--" + b + "--\r\n"));
        String params = m.group(1);
        // Python json.dumps separators, same key layout as the sample
        assertTrue(params.startsWith("{\"label_names\": {\"spleen\": 1, \"right kidney\": 2, \"left kidney\": 3, \"liver\": 6,"), params);
        JsonNode result = JSON.readTree(params);
        JsonNode sample = JSON.readTree(Files.readAllBytes(REF.resolve("sample_infer_response_deepedit.json")));
        assertEquals(sample.get("label_names"), result.get("label_names"));
        assertEquals(iter(sample.get("latencies").fieldNames()), iter(result.get("latencies").fieldNames()));
        assertEquals(List.of("pre", "inv", "post"), iter(result.get("latencies").get("transform").fieldNames()));
        assertEquals("6", result.get("centroids").get("label_6").get(0).asText());
        assertEquals(List.of("6", "5", "5", "4"), texts(result.get("centroids").get("label_6")));
        assertEquals(List.of("1", "13", "11", "2"), texts(result.get("centroids").get("label_1")));

        int start = m.end();
        int end = body.length - ("\r\n--" + b + "--\r\n").length();
        byte[] nii = java.util.Arrays.copyOfRange(body, start, end);
        assertEquals((byte) 0x1f, nii[0]);
        NiftiImage mask = NiftiImage.read(nii);
        assertArrayEquals(in.affine(), mask.affine(), 1e-5);
        assertEquals(in.nx(), mask.nx());
        for (int v = 0; v < in.data().length; v++) {
            float hu = in.data()[v];
            assertEquals(hu == 60 ? 6 : hu == 40 ? 1 : 0, mask.data()[v], "voxel " + v);
        }
    }

    static List<String> texts(JsonNode arr) {
        List<String> l = new ArrayList<>();
        arr.forEach(n -> {
            assertTrue(n.isTextual(), "centroid values are strings");
            l.add(n.asText());
        });
        return l;
    }

    @Test
    void sequentialCodesWithoutRestoreAndClicksSelectComponents() throws Exception {
        NiftiImage in = phantom();
        byte[] json = given().multiPart("params", "{\"result_dtype\": \"uint8\"}")
                .multiPart("file", "image.nii.gz", in.toBytes(NiftiDataType.INT16, true))
                .queryParam("output", "json").when().post("/infer/deepedit").then().statusCode(200)
                .contentType("application/json").extract().asByteArray();
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"label_names\":{\"spleen\":1,"), "Starlette writes compact JSON: " + text);
        assertEquals("4", JSON.readTree(json).get("centroids").get("label_4").get(0).asText(), "liver is code 4 without restore");

        // a click on the big box under "spleen" labels it spleen; the small box is not clicked and stays 0
        Response r = given().multiPart("params", "{\"spleen\": [[4, 5, 3]], \"background\": [], \"restore_label_idx\": true, \"result_dtype\": \"uint8\"}")
                .multiPart("file", "image.nii", in.toBytes(NiftiDataType.INT16, false))
                .queryParam("output", "image").when().post("/infer/deepedit");
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.contentType());
        assertTrue(r.header("content-disposition").matches("attachment; filename=\"tmp[a-z0-9_]{8}\\.nii\""), r.header("content-disposition"));
        NiftiImage mask = NiftiImage.read(r.asByteArray());
        assertEquals(1, mask.get(4, 5, 3));
        assertEquals(0, mask.get(13, 11, 2));
    }

    @Test
    void errorShapesAreMonaiLabels() {
        byte[] nii = phantom().toBytes(NiftiDataType.INT16, true);
        given().multiPart("params", "{}").multiPart("file", "i.nii.gz", nii).when().post("/infer/no_such_model")
                .then().statusCode(500).contentType("text/plain").body(equalTo("Internal Server Error"));
        given().multiPart("params", "{}").multiPart("file", "i.nii.gz", nii).queryParam("output", "png").when().post("/infer/deepedit")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("query", "output")))
                .body("detail[0].type", equalTo("enum")).body("detail[0].input", equalTo("png"));
        given().multiPart("params", "{}").when().post("/infer/deepedit")
                .then().statusCode(500).contentType("application/json")
                .body("detail", equalTo("Neither Image nor File not Session ID input is provided"));
        given().multiPart("params", "{not json").multiPart("file", "i.nii.gz", nii).when().post("/infer/deepedit")
                .then().statusCode(500).contentType("text/plain").body(equalTo("Internal Server Error"));
        given().queryParam("image", "1.2.3.999").multiPart("params", "{}").when().post("/infer/deepedit")
                .then().statusCode(500).contentType("text/plain").body(equalTo("Internal Server Error"));
        given().header(MonaiLabelResource.FAULT_HEADER, "json500").multiPart("params", "{}").multiPart("file", "i.nii.gz", nii)
                .when().post("/infer/deepedit").then().statusCode(500).body("detail", equalTo("Failed to execute infer"));
    }

    @Test
    void dicomWebSeriesIsFetchedSortedAndSegmentedInItsOwnGrid() throws Exception {
        Response r = given().queryParam("image", FakeDicomWeb.SERIES).queryParam("output", "image")
                .multiPart("params", "{\"restore_label_idx\": true, \"result_dtype\": \"uint8\"}")
                .when().post("/infer/deepedit_seg");
        assertEquals(200, r.statusCode(), r.asString());
        NiftiImage mask = NiftiImage.read(r.asByteArray());
        assertEquals(12, mask.nx());
        assertEquals(10, mask.ny());
        assertEquals(6, mask.nz());
        // sorted along +z: slice k of the volume is instance k' = 5 - k (positions 100 - 3k')
        double[] a = mask.affine();
        assertArrayEquals(new double[] {-0.8, 0, 0, 50, 0, -0.9, 0, 40, 0, 0, 3, 85, 0, 0, 0, 1}, a, 1e-5);
        int count = 0;
        for (int k = 0; k < 6; k++) {
            for (int j = 0; j < 10; j++) {
                for (int i = 0; i < 12; i++) {
                    int kk = 5 - k;
                    boolean cube = i >= 2 && i <= 7 && j >= 3 && j <= 6 && kk >= 1 && kk <= 4;
                    assertEquals(cube ? 6 : 0, mask.get(i, j, k));
                    count += cube ? 1 : 0;
                }
            }
        }
        assertEquals(6 * 4 * 4, count);
    }

    @Test
    void oneInferenceAtATimeAndInfoWaitsForIt() throws Exception {
        byte[] nii = phantom().toBytes(NiftiDataType.INT16, true);
        java.util.concurrent.CompletableFuture<Integer> slow = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                given().header(MonaiLabelResource.FAULT_HEADER, "delay:1500").multiPart("params", "{}")
                        .multiPart("file", "i.nii.gz", nii).queryParam("output", "json").when().post("/infer/deepedit").statusCode());
        Thread.sleep(300);
        long t0 = System.nanoTime();
        given().multiPart("params", "{}").multiPart("file", "i.nii.gz", nii).queryParam("output", "json")
                .when().post("/infer/deepedit_seg").then().statusCode(200);
        long inferWait = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(inferWait >= 900, "the second inference must wait for the first, waited " + inferWait + " ms");
        assertEquals(200, slow.get().intValue());
        java.util.concurrent.CompletableFuture<Integer> slow2 = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                given().header(MonaiLabelResource.FAULT_HEADER, "delay:1200").multiPart("params", "{}")
                        .multiPart("file", "i.nii.gz", nii).queryParam("output", "json").when().post("/infer/deepedit").statusCode());
        Thread.sleep(300);
        long t1 = System.nanoTime();
        given().when().get("/info/").then().statusCode(200);
        long infoWait = (System.nanoTime() - t1) / 1_000_000;
        assertTrue(infoWait >= 600, "/info/ must wait for the running inference (blocked event loop), waited " + infoWait + " ms");
        assertEquals(200, slow2.get().intValue());
    }
}
