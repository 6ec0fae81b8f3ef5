package org.medcloud.smoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The smoke client against a tiny fake of the REST surface (JDK HttpServer on loopback): this tests
 * the client's flow and parsing, not our services (the real run is dev/local-stack/e2e.sh).
 */
class SmokeFlowTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final String SERIES = "1.2.826.0.1.3680043.2.1125.1.1";
    static final String STUDY = "1.2.826.0.1.3680043.2.1125.1";
    static final String SOP = "1.2.826.0.1.3680043.2.1125.1.1.1";

    HttpServer server;
    String base;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> authHeaders = new ConcurrentHashMap<>();
    /** path -> override (status, content type, body) */
    final Map<String, Object[]> overrides = new ConcurrentHashMap<>();
    final AtomicInteger downloadPolls = new AtomicInteger();
    volatile String downloadFinalStatus = "COMPLETED";
    volatile String postedDownloadBody;
    volatile String postedInferenceBody;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(ex.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            authHeaders.put(path, auth);
        }
        Object[] o = overrides.get(path);
        if (o != null) {
            reply(ex, (Integer) o[0], (String) o[1], ((String) o[2]).getBytes(StandardCharsets.UTF_8));
            return;
        }
        switch (ex.getRequestMethod() + " " + path) {
            case "GET /api/search/values/collection" -> json(ex, 200, "[{\"value\":\"LIDC-IDRI\",\"count\":2},{\"value\":\"CPTAC-CCRCC\",\"count\":1}]");
            case "GET /api/search/series" -> json(ex, 200, "{\"series\":[{\"seriesInstanceUid\":\"9.9\",\"studyInstanceUid\":\"9\",\"imageCount\":300},"
                    + "{\"seriesInstanceUid\":\"" + SERIES + "\",\"studyInstanceUid\":\"" + STUDY + "\",\"imageCount\":3}],\"total\":2,\"totalSizeBytes\":1000}");
            case "POST /api/downloads" -> {
                postedDownloadBody = body;
                json(ex, 202, "{\"id\":\"d-1\",\"status\":\"QUEUED\"}");
            }
            case "GET /api/downloads/d-1" -> json(ex, 200, "{\"id\":\"d-1\",\"status\":\""
                    + (downloadPolls.incrementAndGet() < 3 ? "RUNNING" : downloadFinalStatus) + "\",\"series\":[]}");
            case "GET /api/viewer/series/" + SERIES -> json(ex, 200, "{\"seriesInstanceUid\":\"" + SERIES + "\",\"studyInstanceUid\":\"" + STUDY
                    + "\",\"instances\":[{\"sopInstanceUid\":\"" + SOP + "\"}]}");
            case "GET /api/viewer/instances/" + SOP + "/rendered" -> reply(ex, 200, "image/png", PNG);
            case "GET /dicomweb/studies/" + STUDY + "/series/" + SERIES + "/metadata" -> reply(ex, 200, "application/dicom+json",
                    ("[{\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"" + SERIES + "\"]}}]").getBytes(StandardCharsets.UTF_8));
            case "GET /api/inference/models" -> json(ex, 200, "[{\"name\":\"segmentation\"},{\"name\":\"deepedit\"}]");
            case "POST /api/inference/jobs" -> {
                postedInferenceBody = body;
                json(ex, 202, "{\"jobId\":\"i-1\",\"status\":\"QUEUED\"}");
            }
            case "GET /api/inference/jobs/i-1" -> json(ex, 200, "{\"jobId\":\"i-1\",\"status\":\"SUCCEEDED\",\"result\":{},"
                    + "\"overlays\":[{\"sopInstanceUid\":\"" + SOP + "\",\"url\":\"/api/inference/jobs/i-1/overlays/" + SOP + "\"}]}");
            case "GET /api/inference/jobs/i-1/overlays/" + SOP -> reply(ex, 200, "image/png", PNG);
            default -> json(ex, 404, "{\"type\":\"urn:medcloud:problem:not-found\",\"title\":\"Not found\",\"detail\":\"" + path + "\"}");
        }
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        reply(ex, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    record Run(int exit, String out, String err) {
    }

    Run run(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[4 + extra.length];
        args[0] = "--base-url";
        args[1] = base;
        args[2] = "--poll-millis";
        args[3] = "10";
        System.arraycopy(extra, 0, args, 4, extra.length);
        int exit = SmokeMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theWholeFlowPassesAndPrintsOneLinePerStep() {
        Run r = run("--token", "secret-token");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> steps = r.out().lines().filter(l -> l.startsWith("[ok]")).map(l -> l.split("\\s+")[1]).toList();
        assertEquals(List.of("search.values", "search.series", "download.start", "download.wait", "viewer.series",
                "viewer.rendered", "dicomweb.metadata", "inference.models", "inference.start", "inference.wait",
                "inference.overlay"), steps);
        assertTrue(r.out().lines().filter(l -> l.startsWith("[ok]")).allMatch(l -> l.matches("\\[ok] +\\S+ +\\d+ ms .*")), r.out());
        assertTrue(r.out().contains("smoke test passed"));
        // the chosen series is the smallest CT volume of the first collection with CT, and the bodies are what the API expects
        assertTrue(requests.contains("GET /api/search/series?collection=LIDC-IDRI&modality=CT&size=50"), requests.toString());
        assertEquals("{\"seriesInstanceUids\":[\"" + SERIES + "\"]}", postedDownloadBody);
        assertEquals("{\"seriesInstanceUid\":\"" + SERIES + "\",\"model\":\"deepedit\"}", postedInferenceBody);
        assertEquals(3, downloadPolls.get(), "polls until the job completes");
        assertEquals("Bearer secret-token", authHeaders.get("/api/inference/jobs"));
        assertEquals(authHeaders.size(), requests.stream().map(x -> x.split(" ")[1].split("\\?")[0]).distinct().count(),
                "every request carries the token");
    }

    @Test
    void aFailedDownloadStopsTheRunWithTheStepAndTheBody() {
        downloadFinalStatus = "FAILED";
        Run r = run();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("FAILED at step download.wait"), r.err());
        assertTrue(r.err().contains("\"status\":\"FAILED\""), "the response body is shown: " + r.err());
        assertTrue(r.out().contains("[FAIL] download.wait"), r.out());
        assertTrue(requests.stream().noneMatch(x -> x.contains("/api/viewer")), "no step runs after the broken one");
    }

    @Test
    void aProblemResponseIsReportedWithItsStatusAndBody() {
        overrides.put("/api/search/values/collection", new Object[]{503, "application/problem+json",
                "{\"type\":\"urn:medcloud:problem:upstream\",\"title\":\"NBIA unavailable\",\"status\":503}"});
        Run r = run();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("step search.values"), r.err());
        assertTrue(r.err().contains("HTTP status: 503"), r.err());
        assertTrue(r.err().contains("NBIA unavailable"), r.err());
    }

    @Test
    void aRenderedImageThatIsNotPngFails() {
        overrides.put("/api/viewer/instances/" + SOP + "/rendered", new Object[]{200, "image/png", "<html>oops</html>"});
        Run r = run();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("step viewer.rendered") && r.err().contains("not a PNG"), r.err());
        assertTrue(r.err().contains("<html>oops</html>"), r.err());
    }

    @Test
    void metadataOfAnotherSeriesFails() {
        overrides.put("/dicomweb/studies/" + STUDY + "/series/" + SERIES + "/metadata",
                new Object[]{200, "application/dicom+json", "[{\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}]"});
        Run r = run();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("step dicomweb.metadata"), r.err());
    }

    @Test
    void aJobThatNeverFinishesTimesOut() {
        overrides.put("/api/inference/jobs/i-1", new Object[]{200, "application/json", "{\"jobId\":\"i-1\",\"status\":\"RUNNING\"}"});
        Run r = run("--timeout-seconds", "1");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("step inference.wait") && r.err().contains("timed out"), r.err());
    }

    @Test
    void aMissingModelOrOverlayFails() {
        overrides.put("/api/inference/jobs/i-1", new Object[]{200, "application/json", "{\"jobId\":\"i-1\",\"status\":\"SUCCEEDED\"}"});
        Run r = run();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("step inference.overlay") && r.err().contains("links no overlay"), r.err());

        Run r2 = run("--model", "no-such-model");
        assertEquals(1, r2.exit());
        assertTrue(r2.err().contains("step inference.models"), r2.err());
    }

    @Test
    void anUnreachableServerFailsOnTheFirstStep() {
        server.stop(0);
        Run r = run();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("step search.values"), r.err());
    }

    @Test
    void badArgumentsExitWithOneAndTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(1, SmokeMain.run(new String[0], System.out, e));
        assertEquals(1, SmokeMain.run(new String[]{"--base-url", "ftp://x"}, System.out, e));
        assertEquals(1, SmokeMain.run(new String[]{"--base-url", "http://x", "--timeout-seconds", "-3"}, System.out, e));
        assertEquals(1, SmokeMain.run(new String[]{"--bogus", "1"}, System.out, e));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--base-url is required") && text.contains("usage:"), text);
    }

    @Test
    void tolerantReadersUnderstandTheLikelyShapes() throws Exception {
        var m = SmokeClient.JSON;
        assertEquals(List.of("A", "B"), SmokeFlow.valueNames(m.readTree("[\"A\",\"B\"]")));
        assertEquals(List.of("A"), SmokeFlow.valueNames(m.readTree("{\"values\":[{\"value\":\"A\"}]}")));
        assertEquals(List.of("deepedit"), SmokeFlow.modelNames(m.readTree("{\"models\":{\"deepedit\":{}}}")));
        assertEquals(List.of("deepedit"), SmokeFlow.modelNames(m.readTree("[\"deepedit\"]")));
        assertEquals("/x", SmokeFlow.overlayLink(m.readTree("{\"overlays\":[\"/x\"]}")));
        assertEquals("/y", SmokeFlow.overlayLink(m.readTree("{\"overlays\":{\"1.2\":{\"href\":\"/y\"}}}")));
        assertEquals(null, SmokeFlow.overlayLink(m.readTree("{\"overlays\":[]}")));
    }
}
