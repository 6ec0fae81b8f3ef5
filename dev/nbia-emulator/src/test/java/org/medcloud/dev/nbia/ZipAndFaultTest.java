package org.medcloud.dev.nbia;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** getImage / getImageWithMD5Hash ZIP streaming and every fault mode, over real HTTP. */
@QuarkusTest
@QuarkusTestResource(value = GeneratedDataResource.class, restrictToAnnotatedClass = false)
class ZipAndFaultTest {

    @TestHTTPResource("/")
    URL base;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void clearFaults() {
        given().when().delete("/emulator/faults").then().statusCode(200);
    }

    String ctSeries() {
        return given().queryParam("Collection", "MedCloud-Lung-CT").queryParam("Modality", "CT")
                .when().get("/nbia-api/services/v4/getSeries").then().statusCode(200)
                .extract().jsonPath().getString("[0].SeriesInstanceUID");
    }

    int imageCount(String uid) {
        return given().queryParam("SeriesInstanceUID", uid).when().get("/nbia-api/services/v4/getSeries")
                .then().statusCode(200).extract().jsonPath().getInt("[0].ImageCount");
    }

    HttpResponse<byte[]> get(String pathAndQuery, String faultHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + pathAndQuery));
        if (faultHeader != null) {
            b.header("X-Emulator-Fault", faultHeader);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    record Entry(String name, byte[] bytes) {
    }

    static List<Entry> unzip(byte[] zip) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                out.add(new Entry(e.getName(), z.readAllBytes()));
            }
        }
        return out;
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    static Map<String, String> md5csv(List<Entry> entries) {
        Map<String, String> m = new LinkedHashMap<>();
        Entry csv = entries.stream().filter(e -> e.name().equals("md5hashes.csv")).findFirst().orElseThrow();
        String[] lines = new String(csv.bytes()).split("\n");
        assertEquals("Filename,MD5Hash", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] p = lines[i].split(",");
            m.put(p[0], p[1]);
        }
        return m;
    }

    /** Number of images whose MD5 differs from md5hashes.csv. */
    static int mismatches(List<Entry> entries) throws Exception {
        Map<String, String> csv = md5csv(entries);
        int bad = 0;
        for (Entry e : entries) {
            if (e.name().endsWith(".dcm") && !md5(e.bytes()).equals(csv.get(e.name()))) {
                bad++;
            }
        }
        return bad;
    }

    @Test
    void getImageStreamsAZipWithoutContentLengthLicenseFirstAndCorrectMd5s() throws Exception {
        String uid = ctSeries();
        HttpResponse<byte[]> r = get("/nbia-api/services/v4/getImage?SeriesInstanceUID=" + uid + "&IncludeMD5=Yes", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Length").isEmpty(), "no Content-Length");
        assertEquals("chunked", r.headers().firstValue("Transfer-Encoding").orElse(""));
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains(uid + ".zip"));
        List<Entry> entries = unzip(r.body());
        assertEquals("LICENSE", entries.get(0).name());
        assertTrue(new String(entries.get(0).bytes()).contains("Creative Commons"));
        assertEquals("md5hashes.csv", entries.get(entries.size() - 1).name());
        int n = imageCount(uid);
        assertEquals(n + 2, entries.size());
        assertEquals("00000001.dcm", entries.get(1).name());
        assertEquals(0, mismatches(entries));
        assertEquals(n, md5csv(entries).size());
        // the DICOM files are real Part 10 files
        byte[] first = entries.get(1).bytes();
        assertEquals("DICM", new String(first, 128, 4));
        // without IncludeMD5: LICENSE + images only
        List<Entry> plain = unzip(get("/nbia-api/services/v4/getImage?SeriesInstanceUID=" + uid, null).body());
        assertEquals(n + 1, plain.size());
        assertFalse(plain.stream().anyMatch(e -> e.name().equals("md5hashes.csv")));
    }

    @Test
    void getImageWithMd5HashHasNoLicenseAndNewFileNamesFollowInstanceOrder() throws Exception {
        String uid = ctSeries();
        List<Entry> entries = unzip(get("/nbia-api/services/v4/getImageWithMD5Hash?SeriesInstanceUID=" + uid, null).body());
        assertEquals("00000001.dcm", entries.get(0).name());
        assertEquals(0, mismatches(entries));
        List<Entry> named = unzip(get("/nbia-api/services/v4/getImage?SeriesInstanceUID=" + uid + "&NewFileNames=Yes", null).body());
        assertEquals("1-1.dcm", named.get(1).name().replaceAll("-0+", "-"));
        assertEquals(400, get("/nbia-api/services/v4/getImage?SeriesInstanceUID=1.2.3.4", null).statusCode());
        assertEquals(400, get("/nbia-api/services/v4/getImage", null).statusCode());
    }

    @Test
    void latencyFault() throws Exception {
        long t0 = System.nanoTime();
        assertEquals(200, get("/nbia-api/services/v4/getCollectionValues?emulatorFault=latency%3D400", null).statusCode());
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 400);
    }

    @Test
    void statusFaults() throws Exception {
        HttpResponse<byte[]> r500 = get("/nbia-api/services/v4/getCollectionValues", "status=500");
        assertEquals(500, r500.statusCode());
        HttpResponse<byte[]> r429 = get("/nbia-api/services/v4/getSeries?Collection=x", "status=429,retryAfter=7");
        assertEquals(429, r429.statusCode());
        assertEquals("7", r429.headers().firstValue("Retry-After").orElse(""));
        assertEquals(400, get("/nbia-api/services/v4/getCollectionValues", "nonsense=1").statusCode());
    }

    @Test
    void dropFaultCutsTheStream() throws Exception {
        String uid = ctSeries();
        assertThrows(IOException.class, () -> get("/nbia-api/services/v4/getImage?SeriesInstanceUID=" + uid, "drop=100000"));
        assertThrows(IOException.class, () -> get("/nbia-api/services/v4/getCollectionValues", "drop=10"));
    }

    @Test
    void flipMissingAndBadMd5Faults() throws Exception {
        String uid = ctSeries();
        int n = imageCount(uid);
        String q = "/nbia-api/services/v4/getImage?IncludeMD5=Yes&SeriesInstanceUID=" + uid;
        List<Entry> flipped = unzip(get(q, "flip=2").body());
        assertEquals(1, mismatches(flipped));
        List<Entry> missing = unzip(get(q, "missing=1").body());
        assertEquals(n - 1, missing.stream().filter(e -> e.name().endsWith(".dcm")).count());
        assertEquals(n, md5csv(missing).size());
        List<Entry> bad = unzip(get(q, "badmd5=3").body());
        assertEquals(1, mismatches(bad));
        assertNotEquals(md5csv(bad), md5csv(flipped));
    }

    @Test
    void configuredFaultRulesCountDown() throws Exception {
        given().body("getCollectionValues:status=503,times=2").when().put("/emulator/faults").then().statusCode(200);
        assertEquals(503, get("/nbia-api/services/v4/getCollectionValues", null).statusCode());
        assertEquals(200, get("/nbia-api/services/v4/getModalityValues", null).statusCode());
        assertEquals(503, get("/nbia-api/services/v4/getCollectionValues", null).statusCode());
        assertEquals(200, get("/nbia-api/services/v4/getCollectionValues", null).statusCode());
        given().body("bogus").when().put("/emulator/faults").then().statusCode(400);
    }
}
