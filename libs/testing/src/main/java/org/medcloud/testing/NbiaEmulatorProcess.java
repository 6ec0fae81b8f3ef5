package org.medcloud.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real NBIA emulator (dev/nbia-emulator) as a process over a fresh data folder that it fills
 * with series generated from the shared DICOM corpus. Used by every test that needs "TCIA".
 */
public final class NbiaEmulatorProcess implements AutoCloseable {

    private final QuarkusAppProcess app;
    private final Path dataDir;

    private NbiaEmulatorProcess(QuarkusAppProcess app, Path dataDir) {
        this.app = app;
        this.dataDir = dataDir;
    }

    /** {@code series} generated series of {@code minSlices}..{@code maxSlices} slices each. */
    public static NbiaEmulatorProcess start(int series, int minSlices, int maxSlices) {
        try {
            Files.createDirectories(Path.of("target"));
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "nbia-data-");
            Map<String, String> env = new HashMap<>();
            env.put("NBIA_DATA_DIR", dir.toString());
            env.put("NBIA_GENERATE_SERIES", String.valueOf(series));
            env.put("NBIA_GENERATE_MIN_SLICES", String.valueOf(minSlices));
            env.put("NBIA_GENERATE_MAX_SLICES", String.valueOf(maxSlices));
            QuarkusAppProcess app = QuarkusAppProcess.start("dev/nbia-emulator", env, "/emulator/series",
                    body -> body.contains("seriesInstanceUid"));
            return new NbiaEmulatorProcess(app, dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the NBIA emulator's data folder: " + e.getMessage(), e);
        }
    }

    /** e.g. http://127.0.0.1:PORT */
    public String baseUrl() {
        return app.baseUrl();
    }

    /** The services root, as NBIA_BASE_URL takes it: {@code <base>/nbia-api/services}. */
    public String servicesUrl() {
        return app.baseUrl() + "/nbia-api/services";
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Sets the emulator's fault rules (PUT /emulator/faults); null or empty clears them. */
    public void faults(String rules) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(app.baseUrl() + "/emulator/faults"))
                            .PUT(HttpRequest.BodyPublishers.ofString(rules == null ? "" : rules)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the emulator refused faults '" + rules + "': " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.close();
        try (Stream<Path> s = Files.walk(dataDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it lives under target/
        }
    }
}
