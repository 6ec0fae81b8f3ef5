package org.medcloud.download.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medcloud.testing.NbiaEmulatorProcess;
import org.medcloud.testing.PostgresSchema;
import org.medcloud.testing.QuarkusAppProcess;
import org.medcloud.testing.S3ProxyServer;

/**
 * "A job accepted is never lost": the PACKAGED service is killed with SIGKILL in the middle of a
 * download (the emulator throttles the ZIP so the kill lands mid-stream); a new process on the
 * same database picks the series up once the dead worker's lease expires and completes it,
 * verified and indexed.
 */
class KillAndRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static S3ProxyServer s3;
    private static PostgresSchema schema;
    private static NbiaEmulatorProcess emulator;

    @BeforeAll
    static void servers() {
        s3 = S3ProxyServer.start("medcloud");
        schema = PostgresSchema.create("killrestart");
        emulator = NbiaEmulatorProcess.start(2, 20, 24);
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_JDBC_URL", schema.baseJdbcUrl());
        env.put("DB_SCHEMA", schema.schema());
        env.put("DB_USERNAME", schema.username());
        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_BUCKET", "medcloud");
        env.put("S3_ENDPOINT", s3.endpoint().toString());
        env.put("S3_ACCESS_KEY", s3.accessKey());
        env.put("S3_SECRET_KEY", s3.secretKey());
        env.put("S3_REGION", s3.region());
        env.put("S3_PATH_STYLE", "true");
        env.put("NBIA_BASE_URL", emulator.servicesUrl());
        env.put("DOWNLOAD_LEASE", "3s");
        env.put("DOWNLOAD_POLL_INTERVAL", "200ms");
        env.put("DOWNLOAD_RETRY_BACKOFF", "200ms");
        env.put("VIEWER_URL", "http://127.0.0.1:9");
        return env;
    }

    @Test
    void aDownloadInFlightWhenTheProcessIsKilledCompletesAfterRestart() throws Exception {
        JsonNode series = null;
        for (JsonNode s : JSON.readTree(get(emulator.baseUrl() + "/emulator/series").body())) {
            if (s.get("imageCount").asInt() >= 20) {
                series = s;
                break;
            }
        }
        assertTrue(series != null, "the emulator generated no multi-slice series");
        String uid = series.get("seriesInstanceUid").asText();
        int expected = series.get("imageCount").asInt();

        emulator.faults("getImage:rate=150000");   // ~150 kB/s: the download takes long enough to be killed mid-stream
        Predicate<String> up = body -> body.contains("UP");
        QuarkusAppProcess first = QuarkusAppProcess.start("download-service", env(), "/q/health/ready", up);
        String jobId;
        try {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/api/downloads"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"seriesInstanceUids\":[\"" + uid + "\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, created.statusCode(), created.body());
            jobId = JSON.readTree(created.body()).get("jobId").asText();
            JsonNode inFlight = awaitSeries(first.baseUrl(), jobId,
                    s -> s.get("state").asText().equals("downloading") && s.get("bytes").asLong() > 100_000, Duration.ofSeconds(60));
            assertTrue(inFlight.get("bytes").asLong() < inFlight.path("expectedBytes").asLong(Long.MAX_VALUE),
                    "the kill must land before the series is downloaded: " + inFlight);
        } finally {
            first.kill();
        }

        emulator.faults("");
        QuarkusAppProcess second = QuarkusAppProcess.start("download-service", env(), "/q/health/ready", up);
        try {
            JsonNode done = awaitSeries(second.baseUrl(), jobId,
                    s -> !s.get("state").asText().matches("queued|downloading|verifying"), Duration.ofSeconds(120));
            assertEquals("complete", done.get("state").asText(), done.toPrettyString());
            assertEquals(expected, done.get("instances").asInt(), done.toPrettyString());
            assertTrue(done.hasNonNull("indexKey"), "a complete series has its index: " + done);
            HttpResponse<String> job = get(second.baseUrl() + "/api/downloads/" + jobId);
            assertEquals("complete", JSON.readTree(job.body()).get("state").asText(), job.body());
        } finally {
            second.close();
        }
    }

    private static JsonNode awaitSeries(String base, String jobId, Predicate<JsonNode> until, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(base + "/api/downloads/" + jobId);
            if (r.statusCode() == 200) {
                last = JSON.readTree(r.body()).get("series").get(0);
                if (until.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + "; last series state: " + last);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
