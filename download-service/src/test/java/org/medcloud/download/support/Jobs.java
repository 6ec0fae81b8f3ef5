package org.medcloud.download.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test helpers: create jobs, wait for them, read emulator series and source files. */
public final class Jobs {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Jobs() {
    }

    public static String create(List<String> uids, boolean force) {
        Map<String, Object> body = new HashMap<>();
        body.put("seriesInstanceUids", uids);
        return given().contentType(ContentType.JSON).body(body).queryParam("force", force)
                .when().post("/api/downloads").then().statusCode(202).extract().path("jobId");
    }

    public static JsonNode get(String jobId) {
        try {
            return JSON.readTree(given().when().get("/api/downloads/" + jobId).then().statusCode(200).extract().asString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the job is no longer queued/running. */
    public static JsonNode await(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode j;
        while (true) {
            j = get(jobId);
            String s = j.get("state").asText();
            if (!s.equals("running") && !s.equals("queued")) {
                return j;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " did not finish within " + timeout + ": " + j.toPrettyString());
            }
            sleep(100);
        }
    }

    public static JsonNode awaitSeriesState(String jobId, String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode j = get(jobId);
            if (j.get("series").get(0).get("state").asText().equals(state)) {
                return j;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("series did not reach " + state + ": " + j.toPrettyString());
            }
            sleep(50);
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The emulator's series: seriesInstanceUid, collection, patientId, modality, imageCount, fileSize. */
    public static List<JsonNode> emulatorSeries() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(NbiaEmulatorResource.emulatorUrl() + "/emulator/series")).build(), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(r.body()).forEach(out::add);
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Multi-slice series (more than one instance), sorted by UID, so tests can pick distinct ones. */
    public static List<String> seriesUids() {
        return emulatorSeries().stream().filter(n -> n.get("imageCount").asInt() > 1)
                .map(n -> n.get("seriesInstanceUid").asText()).sorted().toList();
    }

    /** MD5 of every source DICOM file of the emulator, by file name (SOP Instance UID + .dcm). */
    public static Map<String, String> sourceMd5ByFileName() {
        Map<String, String> out = new HashMap<>();
        try (Stream<Path> s = Files.walk(NbiaEmulatorResource.dataDir())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".dcm")).toList()) {
                out.put(p.getFileName().toString(), md5(Files.newInputStream(p)));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    public static String md5(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] b = new byte[65536];
            int n;
            while ((n = in.read(b)) > 0) {
                md.update(b, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
