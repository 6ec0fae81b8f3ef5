package org.medcloud.dev.nbia;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A fresh, empty data folder per test run: the emulator generates its collections into it at start. */
public class GeneratedDataResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(Path.of("target"));
            dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "nbia-test-data-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("nbia.data-dir", dir.toString());
    }

    @Override
    public void stop() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
