package org.medcloud.search;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the real NBIA emulator (dev/nbia-emulator, its built Quarkus jar) as a separate process
 * on a free loopback port with a small generated data set, and points the NBIA client at it.
 * The emulator must be built first (the reactor builds it before this module;
 * alone: {@code mvn -q -f dev/nbia-emulator/pom.xml package -DskipTests}).
 */
public class EmulatorProcessResource implements QuarkusTestResourceLifecycleManager {

    public static volatile String emulatorBase;
    private Process process;
    private Path dataDir;

    static Path locateJar() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path jar = p.resolve("dev/nbia-emulator/target/quarkus-app/quarkus-run.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("The NBIA emulator is not built: run `mvn -q -f dev/nbia-emulator/pom.xml package -DskipTests`"
                + " (the full build does it before search-service).");
    }

    @Override
    public Map<String, String> start() {
        try {
            Path jar = locateJar();
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Files.createDirectories(Path.of("target"));
            dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "emulator-data-");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
            pb.environment().putAll(Map.of("PORT", String.valueOf(port), "HTTP_HOST", "127.0.0.1", "LOG_JSON", "false",
                    "NBIA_DATA_DIR", dataDir.toString(), "NBIA_GENERATE_SERIES", "12", "NBIA_GENERATE_MIN_SLICES", "3",
                    "NBIA_GENERATE_MAX_SLICES", "5"));
            pb.redirectErrorStream(true).redirectOutput(Path.of("target", "nbia-emulator-process.log").toFile());
            process = pb.start();
            emulatorBase = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long deadline = System.currentTimeMillis() + 90_000;
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the emulator exited with " + process.exitValue() + "; see target/nbia-emulator-process.log");
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulatorBase + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the emulator did not become ready in 90 s; see target/nbia-emulator-process.log");
                }
                Thread.sleep(200);
            }
            return Map.of("quarkus.rest-client.nbia.url", emulatorBase + "/nbia-api/services");
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dataDir != null) {
            try (Stream<Path> s = Files.walk(dataDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
