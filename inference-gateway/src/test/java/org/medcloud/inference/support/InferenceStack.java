package org.medcloud.inference.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's real neighbours for tests:
 * <ul>
 *   <li>a DICOMweb origin standing in for the viewer-service (QIDO-RS series search, WADO-RS series retrieve and
 *       metadata) serving {@link SyntheticSeries};</li>
 *   <li>the MONAI Label stand-in (dev/monai-label-emulator) started from its built jar as a separate process, with
 *       DICOMWEB_URL pointing at that origin. The jar is built (offline, tests skipped) if it is missing.</li>
 * </ul>
 * Init arg {@code monai=down} points the gateway at a closed port instead of starting the stand-in.
 */
public class InferenceStack implements QuarkusTestResourceLifecycleManager {

    private HttpServer viewer;
    private Process emulator;
    private boolean down;

    public static volatile String emulatorUrl;

    @Override
    public void init(Map<String, String> initArgs) {
        down = "down".equals(initArgs.get("monai"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> cfg = new LinkedHashMap<>();
        try {
            viewer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            viewer.createContext("/dicomweb/", this::dicomWeb);
            viewer.start();
            String viewerUrl = "http://127.0.0.1:" + viewer.getAddress().getPort();
            cfg.put("inference.viewer-url", viewerUrl);
            int port = freePort();
            String url = "http://127.0.0.1:" + port;
            if (!down) {
                emulator = startEmulator(port, viewerUrl + "/dicomweb");
            }
            emulatorUrl = url;
            cfg.put("inference.monai-label-url", url);
            return cfg;
        } catch (IOException | InterruptedException e) {
            stop();
            throw new IllegalStateException("cannot start the inference test stack: " + e.getMessage(), e);
        }
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("dev/monai-label-emulator/pom.xml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (dev/monai-label-emulator) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private static Process startEmulator(int port, String dicomWebUrl) throws IOException, InterruptedException {
        Path root = repoRoot();
        Path jar = root.resolve("dev/monai-label-emulator/target/quarkus-app/quarkus-run.jar");
        Path log = root.resolve("inference-gateway/target/monai-label-emulator.log");
        Files.createDirectories(log.getParent());
        if (!Files.exists(jar) || newestSource(root.resolve("dev/monai-label-emulator/src/main")) > Files.getLastModifiedTime(jar).toMillis()) {
            Process build = new ProcessBuilder("mvn", "-q", "-o", "-f", root.resolve("dev/monai-label-emulator/pom.xml").toString(),
                    "package", "-DskipTests").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
                throw new IOException("building the MONAI Label stand-in failed; see " + log);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("HTTP_HOST", "127.0.0.1");
        pb.environment().put("DICOMWEB_URL", dicomWebUrl);
        pb.environment().put("LOG_JSON", "false");
        Process p = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("the MONAI Label stand-in exited with " + p.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/info/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    warmUp(http, port);
                    return p;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IOException("the MONAI Label stand-in did not start within 60 s; see " + log);
    }

    /**
     * One inference through the DICOMweb path before the tests run, so that class loading and JIT warm-up of a fresh
     * JVM on a busy machine do not count against the tests' short read timeout.
     */
    private static void warmUp(HttpClient http, int port) throws IOException, InterruptedException {
        String boundary = "warmup0123456789";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"params\"\r\n\r\n{}\r\n--" + boundary + "--\r\n";
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/infer/deepedit_seg?output=json&image="
                        + SyntheticSeries.SERIES)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Newest modification time under {@code dir}: the stand-in's jar is rebuilt when its sources are newer. */
    private static long newestSource(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void dicomWeb(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        String seriesPath = "/dicomweb/studies/" + SyntheticSeries.STUDY + "/series/" + SyntheticSeries.SERIES;
        if (path.equals("/dicomweb/series")) {
            String body = query != null && query.contains("SeriesInstanceUID=" + SyntheticSeries.SERIES)
                    ? "[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"" + SyntheticSeries.STUDY + "\"]},"
                      + "\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"" + SyntheticSeries.SERIES + "\"]},"
                      + "\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]}}]"
                    : "[]";
            send(ex, 200, "application/dicom+json", body.getBytes(StandardCharsets.UTF_8));
        } else if (path.equals(seriesPath + "/metadata")) {
            send(ex, 200, "application/dicom+json", SyntheticSeries.metadataJson().getBytes(StandardCharsets.UTF_8));
        } else if (path.equals(seriesPath)) {
            String boundary = "viewer-boundary-7d1f";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int n = 1; n <= SyntheticSeries.N; n++) { // instance-number order = reversed along the normal
                out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(SyntheticSeries.instance(n));
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            send(ex, 200, "multipart/related; type=\"application/dicom\"; boundary=" + boundary, out.toByteArray());
        } else {
            send(ex, 404, "application/json", "{\"status\":404}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.destroy();
            try {
                if (!emulator.waitFor(10, TimeUnit.SECONDS)) {
                    emulator.destroyForcibly();
                }
            } catch (InterruptedException e) {
                emulator.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            emulator = null;
        }
        if (viewer != null) {
            viewer.stop(0);
            viewer = null;
        }
    }
}
