package org.medcloud.download.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the real NBIA emulator (dev/nbia-emulator, built by the root reactor before this module)
 * as a separate process over a temporary NBIA_DATA_DIR that it fills with generated series
 * cloned from shared/testdata/dicom.
 */
public class NbiaEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String baseUrl;
    private static volatile Path dataDir;
    private Process process;
    private Path dir;

    public static String emulatorUrl() {
        return baseUrl;
    }

    public static Path dataDir() {
        return dataDir;
    }

    /** Sets the emulator's fault rules (PUT /emulator/faults); empty clears them. */
    public static void faults(String rules) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/emulator/faults"))
                    .PUT(HttpRequest.BodyPublishers.ofString(rules == null ? "" : rules)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("emulator refused faults '" + rules + "': " + r.body());
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path jar() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            Path j = p.resolve("dev/nbia-emulator/target/quarkus-app/quarkus-run.jar");
            if (Files.isRegularFile(j)) {
                return j;
            }
        }
        throw new IllegalStateException("dev/nbia-emulator/target/quarkus-app/quarkus-run.jar not found: build it first "
                + "(mvn install from the repository root, or mvn -f dev/nbia-emulator/pom.xml install -DskipTests)");
    }

    @Override
    public Map<String, String> start() {
        try {
            Path jar = jar();
            Files.createDirectories(Path.of("target"));
            dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "nbia-data-");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
            pb.environment().put("PORT", String.valueOf(port));
            pb.environment().put("HTTP_HOST", "127.0.0.1");
            pb.environment().put("NBIA_DATA_DIR", dir.toString());
            pb.environment().put("NBIA_GENERATE_SERIES", "4");
            pb.environment().put("NBIA_GENERATE_MIN_SLICES", "3");
            pb.environment().put("NBIA_GENERATE_MAX_SLICES", "6");
            pb.environment().put("LOG_JSON", "false");
            pb.redirectErrorStream(true);
            pb.redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile());
            pb.directory(jar.getParent().getParent().getParent().getParent().toFile()); // repository root
            process = pb.start();
            String url = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the NBIA emulator exited with " + process.exitValue() + "; see "
                            + dir.resolveSibling(dir.getFileName() + ".log"));
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/emulator/series")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("seriesInstanceUid")) {
                        break;
                    }
                } catch (IOException ignored) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the NBIA emulator did not come up within 90 s");
                }
                Thread.sleep(200);
            }
            baseUrl = url;
            dataDir = dir;
            return Map.of("download.nbia.base-url", url + "/nbia-api/services/v4");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the NBIA emulator: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
