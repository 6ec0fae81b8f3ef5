package org.medcloud.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One of our own packaged Quarkus apps (a stand-in such as dev/nbia-emulator) started as a real
 * process on a free loopback port, for tests of the services that talk to it over HTTP. The root
 * reactor builds the stand-ins before the services that test against them.
 */
public final class QuarkusAppProcess implements AutoCloseable {

    private final Process process;
    private final String baseUrl;
    private final Path log;

    private QuarkusAppProcess(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    /** Finds {@code <module>/target/quarkus-app/quarkus-run.jar} from the working directory upwards. */
    public static Path jarOf(String module) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path jar = p.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException(module + " is not built: run `mvn install` from the repository root, or `mvn -f "
                + module + "/pom.xml package -DskipTests`");
    }

    /**
     * Starts the app of {@code module} with {@code env} (PORT and HTTP_HOST are set here) and waits
     * until GET {@code readyPath} answers 200 with a body {@code ready} accepts.
     */
    public static QuarkusAppProcess start(String module, Map<String, String> env, String readyPath, Predicate<String> ready) {
        Path jar = jarOf(module);
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Files.createDirectories(Path.of("target"));
            Path log = Path.of("target", Path.of(module).getFileName() + "-" + port + ".log").toAbsolutePath();
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
            pb.environment().putAll(env);
            pb.environment().put("PORT", String.valueOf(port));
            pb.environment().put("HTTP_HOST", "127.0.0.1");
            pb.environment().putIfAbsent("LOG_JSON", "false");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = pb.start();
            QuarkusAppProcess app = new QuarkusAppProcess(process, "http://127.0.0.1:" + port, log);
            app.awaitReady(readyPath, ready, Duration.ofSeconds(90));
            return app;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + module + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(String path, Predicate<String> ready, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        int exit = HttpReadiness.await(process, http, URI.create(baseUrl + path), ready, timeout, 200, this::close, "the process", log);
        if (exit != HttpReadiness.READY) {
            throw new IllegalStateException("the process exited with " + exit + "; see " + log);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** SIGKILL, as a crashed node or an OOM-killed container: no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
