package org.medcloud.download;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.InflaterInputStream;
import java.util.zip.Inflater;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.medcloud.download.support.Jobs;
import org.medcloud.storage.ObjectInfo;
import org.medcloud.storage.ObjectStorage;

/** Happy path against the real NBIA emulator and a real S3 server (S3Proxy). */
@QuarkusTest
class DownloadFlowTest {

    @Inject
    ObjectStorage storage;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void multiSeriesJobStoresVerifiedZipsWithACompleteIndex() throws Exception {
        List<String> uids = Jobs.seriesUids().subList(0, 2);
        String jobId = Jobs.create(uids, true);
        JsonNode job = Jobs.await(jobId, Duration.ofSeconds(60));
        assertEquals("complete", job.get("state").asText(), job.toPrettyString());
        assertEquals(2, job.get("seriesComplete").asInt());
        Map<String, String> source = Jobs.sourceMd5ByFileName();
        Map<String, JsonNode> emu = new java.util.HashMap<>();
        Jobs.emulatorSeries().forEach(n -> emu.put(n.get("seriesInstanceUid").asText(), n));
        for (JsonNode s : job.get("series")) {
            String uid = s.get("seriesInstanceUid").asText();
            JsonNode e = emu.get(uid);
            String zipKey = s.get("zipKey").asText();
            assertEquals("tcia/" + e.get("collection").asText() + "/" + e.get("patientId").asText().replaceAll("[^A-Za-z0-9._-]", "_")
                    + "/" + s.get("studyInstanceUid").asText() + "/" + uid + ".zip", zipKey);
            assertEquals(zipKey.replace(".zip", ".index.json"), s.get("indexKey").asText());
            ObjectInfo zip = storage.head(zipKey);
            assertTrue(zip.exists());
            assertEquals(uid, zip.metadata().get("series_uid"));
            assertEquals(e.get("imageCount").asText(), zip.metadata().get("instances"));
            assertEquals(Jobs.md5(storage.get(zipKey)), s.get("zipMd5").asText(), "zipMd5 is the MD5 of the stored object");

            JsonNode index = Jobs.JSON.readTree(storage.get(s.get("indexKey").asText()));
            assertEquals(1, index.get("schemaVersion").asInt());
            assertEquals(uid, index.get("seriesInstanceUid").asText());
            assertEquals(e.get("collection").asText(), index.get("collection").asText());
            assertEquals(zip.size(), index.get("zipSize").asLong());
            assertEquals(s.get("zipMd5").asText(), index.get("zipMd5").asText());
            assertNotNull(index.get("modality"));
            JsonNode instances = index.get("instances");
            assertEquals(e.get("imageCount").asInt(), instances.size(), "every instance indexed");
            double lastPos = -Double.MAX_VALUE;
            for (JsonNode i : instances) {
                // ranged GET of exactly the entry's data, inflate when deflated, MD5 against the source file
                byte[] data;
                try (InputStream in = storage.getRange(zipKey, i.get("dataOffset").asLong(), i.get("compressedSize").asLong())) {
                    data = in.readAllBytes();
                }
                assertEquals(i.get("compressedSize").asLong(), data.length);
                InputStream plain = i.get("method").asInt() == 8
                        ? new InflaterInputStream(new ByteArrayInputStream(data), new Inflater(true))
                        : new ByteArrayInputStream(data);
                String md5 = Jobs.md5(plain);
                String sop = i.get("sopInstanceUid").asText();
                assertEquals(source.get(sop + ".dcm"), md5, "entry " + i.get("entryName") + " matches the source file");
                assertEquals(md5, i.get("md5").asText());
                // the local header sits at localHeaderOffset
                try (InputStream in = storage.getRange(zipKey, i.get("localHeaderOffset").asLong(), 4)) {
                    byte[] sig = in.readAllBytes();
                    assertEquals(0x50, sig[0] & 0xff);
                    assertEquals(0x4b, sig[1] & 0xff);
                    assertEquals(3, sig[2]);
                    assertEquals(4, sig[3]);
                }
                assertTrue(i.get("rows").asInt() > 0);
                assertNotNull(i.get("transferSyntaxUid"));
                if (i.has("imagePositionPatient") && i.has("imageOrientationPatient")) {
                    JsonNode o = i.get("imageOrientationPatient");
                    double[] n = {o.get(1).asDouble() * o.get(5).asDouble() - o.get(2).asDouble() * o.get(4).asDouble(),
                            o.get(2).asDouble() * o.get(3).asDouble() - o.get(0).asDouble() * o.get(5).asDouble(),
                            o.get(0).asDouble() * o.get(4).asDouble() - o.get(1).asDouble() * o.get(3).asDouble()};
                    JsonNode p = i.get("imagePositionPatient");
                    double d = p.get(0).asDouble() * n[0] + p.get(1).asDouble() * n[1] + p.get(2).asDouble() * n[2];
                    assertTrue(d >= lastPos - 1e-6, "instances sorted along the slice normal");
                    lastPos = d;
                }
            }
        }
        // metrics
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("download_series_completed_total"))
                .body(containsString("download_bytes_total"));
    }

    @Test
    void seriesAlreadyStoredIsNotDownloadedAgainUnlessForced() {
        String uid = Jobs.seriesUids().get(2);
        JsonNode first = Jobs.await(Jobs.create(List.of(uid), false), Duration.ofSeconds(60));
        assertEquals("complete", first.get("state").asText(), first.toPrettyString());
        JsonNode again = Jobs.await(Jobs.create(List.of(uid), false), Duration.ofSeconds(30));
        assertEquals("complete", again.get("state").asText());
        assertTrue(again.get("series").get(0).path("alreadyStored").asBoolean(), again.toPrettyString());
        assertEquals(first.get("series").get(0).get("zipMd5").asText(), again.get("series").get(0).get("zipMd5").asText());
        JsonNode forced = Jobs.await(Jobs.create(List.of(uid), true), Duration.ofSeconds(60));
        assertEquals("complete", forced.get("state").asText());
        assertFalse(forced.get("series").get(0).path("alreadyStored").asBoolean(), forced.toPrettyString());
    }

    @Test
    void manifestBodyCreatesAJob() {
        String uid = Jobs.seriesUids().get(0);
        String manifest = "downloadServerUrl=https://public.cancerimagingarchive.net/nbia-download/servlet/DownloadServlet\n"
                + "includeAnnotation=false\nnoOfrRetry=4\ndatabasketId=manifest-1.tcia\nmanifestVersion=3.0\n"
                + "ListOfSeriesToDownload=\n" + uid + "\n";
        String jobId = given().contentType("text/plain").body(manifest).when().post("/api/downloads")
                .then().statusCode(202).body("series[0].seriesInstanceUid", equalTo(uid)).extract().path("jobId");
        Jobs.await(jobId, Duration.ofSeconds(60));
        given().queryParam("size", 5).when().get("/api/downloads").then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(5));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        given().contentType("application/json").body("{\"seriesInstanceUids\": [\"1.2.3\", \"1.2.x; DROP TABLE\"]}")
                .when().post("/api/downloads").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("seriesInstanceUids[1]"));
        given().contentType("application/json").body("{\"seriesInstanceUids\": []}")
                .when().post("/api/downloads").then().statusCode(400).body("field", equalTo("seriesInstanceUids"));
        given().contentType("text/plain").body("ListOfSeriesToDownload=\nnot-a-uid\n")
                .when().post("/api/downloads").then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/downloads/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/api/downloads/not-a-uuid").then().statusCode(400).body("field", equalTo("jobId"));
    }

    @Test
    void unknownSeriesFailsWithAClearMessage() {
        JsonNode job = Jobs.await(Jobs.create(List.of("1.2.3.4.5.6.7.8.9"), false), Duration.ofSeconds(30));
        assertEquals("failed", job.get("state").asText());
        assertTrue(job.get("series").get(0).get("message").asText().contains("NBIA does not know series"), job.toPrettyString());
    }

    @Test
    void progressIsPushedAsServerSentEvents() throws Exception {
        String uid = Jobs.seriesUids().get(1);
        String jobId = Jobs.create(List.of(uid), true);
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/downloads/" + jobId + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader br = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = br.readLine()) != null) {
                if (line.startsWith("data:")) {
                    events.add(Jobs.JSON.readTree(line.substring(5).trim()));
                }
            }
        }
        assertFalse(events.isEmpty());
        JsonNode last = events.get(events.size() - 1);
        assertEquals("complete", last.get("state").asText(), "the stream ends with the finished job");
        assertEquals(jobId, last.get("jobId").asText());
    }
}
