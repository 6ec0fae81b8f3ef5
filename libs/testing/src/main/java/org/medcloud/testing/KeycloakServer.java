package org.medcloud.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak ({@code org.keycloak:keycloak-quarkus-dist}, from Maven Central) as a process on a
 * free loopback port, with the realm of {@code dev/keycloak/medcloud-realm.json} imported fresh at
 * every start: realm {@value #REALM}, roles {@code viewer}/{@code admin}, clients
 * {@value #WEB_CLIENT}, {@value #SERVICES_CLIENT} and {@value #TESTS_CLIENT}, users
 * {@value #VIEWER_USER} and {@value #ADMIN_USER}.
 *
 * <pre>{@code
 * try (KeycloakServer kc = KeycloakServer.start()) {
 *     String issuer = kc.issuerUrl();   // OIDC_ISSUER_URL of the services
 *     String token = kc.passwordToken(KeycloakServer.TESTS_CLIENT, "vera", "vera-password");
 * }
 * }</pre>
 *
 * <p>The distribution zip is unpacked once into a cache folder shared by every test and run
 * ({@code ~/.cache/medcloud/keycloak-<version>}); its Quarkus augmentation (~20 s) is done once too.
 * Each server gets its own home (H2 database, import folder) under {@code target/}, deleted on close.
 *
 * <p>Settings (system property, else environment variable, else default):
 * <ul>
 * <li>{@code medcloud.keycloak.dist} / {@code MEDCLOUD_KEYCLOAK_DIST}: the distribution zip or an
 * unpacked folder (default: the zip in the local Maven repository, which a module gets by declaring
 * {@code org.keycloak:keycloak-quarkus-dist:<version>:zip} as a test dependency);</li>
 * <li>{@code medcloud.keycloak.cache} / {@code MEDCLOUD_KEYCLOAK_CACHE}: where to unpack it;</li>
 * <li>{@code medcloud.keycloak.java-home} / {@code KEYCLOAK_JAVA_HOME}: the JDK to run it with
 * (default: {@code /usr/lib/jvm/temurin-25-jdk-amd64} when present, else the test's own JDK;
 * Keycloak 26.7 runs on 17 too);</li>
 * <li>{@code medcloud.keycloak.realm} / {@code MEDCLOUD_KEYCLOAK_REALM}: the realm file (default
 * {@code dev/keycloak/medcloud-realm.json} of the repository).</li>
 * </ul>
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String VERSION = "26.7.3";
    public static final String REALM = "medcloud";
    /** The web UI: public, authorization code + PKCE S256. */
    public static final String WEB_CLIENT = "medcloud-web";
    /** The services: confidential, service account with realm role admin. */
    public static final String SERVICES_CLIENT = "medcloud-services";
    public static final String SERVICES_SECRET = "medcloud-services-local-secret";
    /** Tests: public, direct access grants, access tokens live {@value #TESTS_TOKEN_LIFESPAN_SECONDS} s. */
    public static final String TESTS_CLIENT = "medcloud-tests";
    public static final int TESTS_TOKEN_LIFESPAN_SECONDS = 2;
    public static final String VIEWER_USER = "vera";
    public static final String VIEWER_PASSWORD = "vera-password";
    public static final String ADMIN_USER = "adam";
    public static final String ADMIN_PASSWORD = "adam-password";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    /** The options that decide Keycloak's build (augmentation); a change re-augments the cache. */
    private static final String BUILD_SIGNATURE = "start-dev db=dev-file " + VERSION;

    private final Process process;
    private final int port;
    private final Path home;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakServer(Process process, int port, Path home, Path log) {
        this.process = process;
        this.port = port;
        this.home = home;
        this.log = log;
    }

    /** Starts Keycloak with the medcloud realm; the web client's extra CORS origin port is 8080. */
    public static KeycloakServer start() {
        return start(Map.of());
    }

    /**
     * Starts Keycloak; {@code realmEnv} fills placeholders of the realm file, e.g.
     * {@code MEDCLOUD_WEB_PORT} (the port of the UI origin the web client accepts, besides 8080 and 4200).
     */
    public static KeycloakServer start(Map<String, String> realmEnv) {
        Path dist = distribution();
        Path realm = realmFile();
        Path java = javaExecutable();
        try {
            int port = freePort();
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            Path home = target.resolve("keycloak-" + port);
            TestDirs.deleteRecursively(home);
            Files.createDirectories(home.resolve("data/import"));
            Files.createDirectories(home.resolve("providers"));
            Files.copy(realm, home.resolve("data/import/medcloud-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            Path log = target.resolve("keycloak-" + port + ".log");

            Path marker = dist.resolve(".medcloud-augmented");
            try (FileChannel lockFile = FileChannel.open(dist.resolveSibling(dist.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                boolean built = Files.isRegularFile(marker) && Files.readString(marker).equals(BUILD_SIGNATURE);
                Process process = launch(java, dist, home, port, realmEnv, log, built, false);
                KeycloakServer server = new KeycloakServer(process, port, home, log);
                int exit = server.awaitReady();
                if (exit == 10) {
                    // Keycloak re-augmented itself (first start on this cache) and asks to be relaunched
                    Files.writeString(marker, BUILD_SIGNATURE);
                    process = launch(java, dist, home, port, realmEnv, log, true, true);
                    server = new KeycloakServer(process, port, home, log);
                    exit = server.awaitReady();
                }
                if (exit != -1) {
                    server.close();
                    throw new IllegalStateException("Keycloak exited with " + exit + " during start-up; see " + log
                            + "\n" + tail(log, 20));
                }
                if (!built) {
                    Files.writeString(marker, BUILD_SIGNATURE);
                }
                return server;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak: " + e.getMessage(), e);
        }
    }

    private static Process launch(Path java, Path dist, Path home, int port, Map<String, String> realmEnv, Path log,
                                  boolean built, boolean append) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java.toString(),
                "-Xms64m", "-Xmx512m", "-XX:MetaspaceSize=96M", "-XX:MaxMetaspaceSize=256m", "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8", "-Djava.security.egd=file:/dev/urandom",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.security=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Duser.language=en", "-Duser.country=US",
                "-Djava.util.concurrent.ForkJoinPool.common.threadFactory=io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory",
                "-Dkc.home.dir=" + home, "-Djboss.server.config.dir=" + dist.resolve("conf"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Dpicocli.disable.closures=true",
                "-Dquarkus-log-max-startup-records=10000"));
        if (built) {
            cmd.add("-Dkc.config.built=true");
        }
        cmd.addAll(List.of("-cp", dist.resolve("lib/quarkus-run.jar").toString(),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port,
                "--hostname=http://127.0.0.1:" + port,   // a fixed issuer, whichever name a client uses
                "--import-realm"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("QUARKUS_") || k.equals("JAVA_OPTS"));
        pb.environment().putAll(realmEnv);
        return pb.start();
    }

    /** -1 once the realm's discovery document answers; the exit code if the process ended first. */
    private int awaitReady() {
        return HttpReadiness.await(process, http, URI.create(issuerUrl() + "/.well-known/openid-configuration"),
                body -> body.contains("\"issuer\""), START_TIMEOUT, 250, this::close, "Keycloak", log);
    }

    /** e.g. http://127.0.0.1:PORT */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The realm's issuer, as OIDC_ISSUER_URL takes it: http://127.0.0.1:PORT/realms/medcloud */
    public String issuerUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuerUrl() + "/protocol/openid-connect/token";
    }

    public Path log() {
        return log;
    }

    /** An access token by the resource-owner password grant (client {@value #TESTS_CLIENT} allows it). */
    public String passwordToken(String client, String user, String password) {
        return accessToken(tokenResponse(Map.of("grant_type", "password", "client_id", client,
                "username", user, "password", password, "scope", "openid")));
    }

    /** An access token by the client-credentials grant, e.g. of {@value #SERVICES_CLIENT}'s service account (admin). */
    public String clientCredentialsToken(String client, String secret) {
        return accessToken(tokenResponse(Map.of("grant_type", "client_credentials", "client_id", client,
                "client_secret", secret)));
    }

    /** The raw token endpoint answer (JSON) for a form of {@code params}; fails unless 200. */
    public String tokenResponse(Map<String, String> params) {
        String form = new LinkedHashMap<>(params).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + params.get("client_id") + "/"
                        + params.getOrDefault("username", "-") + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String accessToken(String json) {
        Matcher m = ACCESS_TOKEN.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no access_token in " + json);
        }
        return m.group(1);
    }

    /** Stops Keycloak and every process it started, and deletes its home (the log stays). */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestDirs.deleteRecursively(home);
    }

    // --- where things are ------------------------------------------------------------------

    /** The unpacked distribution in the cache, unpacking the zip first when needed. */
    static Path distribution() {
        String configured = TestDirs.setting("medcloud.keycloak.dist", "MEDCLOUD_KEYCLOAK_DIST", "");
        Path source;
        if (!configured.isEmpty()) {
            source = Path.of(configured);
        } else {
            String repo = TestDirs.setting("maven.repo.local", "MAVEN_REPO_LOCAL",
                    Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
            source = Path.of(repo, "org", "keycloak", "keycloak-quarkus-dist", VERSION, "keycloak-quarkus-dist-" + VERSION + ".zip");
        }
        if (Files.isDirectory(source)) {
            return source.toAbsolutePath();
        }
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("No Keycloak distribution at " + source + ": declare the test dependency "
                    + "org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip, or run `mvn dependency:copy "
                    + "-Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip`, or set MEDCLOUD_KEYCLOAK_DIST");
        }
        Path cache = Path.of(TestDirs.setting("medcloud.keycloak.cache", "MEDCLOUD_KEYCLOAK_CACHE",
                Path.of(System.getProperty("user.home"), ".cache", "medcloud", "keycloak-" + VERSION).toString())).toAbsolutePath();
        try {
            Files.createDirectories(cache.getParent());
            try (FileChannel lockFile = FileChannel.open(cache.resolveSibling(cache.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!Files.isRegularFile(cache.resolve("lib/quarkus-run.jar"))) {
                    Path tmp = Files.createTempDirectory(cache.getParent(), cache.getFileName() + ".unpacking-");
                    unzipStrippingTopFolder(source, tmp);
                    TestDirs.deleteRecursively(cache);
                    Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return cache;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + source + " into " + cache + ": " + e.getMessage(), e);
        }
    }

    private static void unzipStrippingTopFolder(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                String name = e.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path out = into.resolve(name.substring(slash + 1)).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + name);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(z, out, StandardCopyOption.REPLACE_EXISTING);
                    if (name.endsWith(".sh")) {
                        out.toFile().setExecutable(true);
                    }
                }
            }
        }
    }

    static Path realmFile() {
        String configured = TestDirs.setting("medcloud.keycloak.realm", "MEDCLOUD_KEYCLOAK_REALM", "");
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        List<Path> starts = new ArrayList<>();
        String root = System.getProperty("medcloud.repo.root");
        if (root != null && !root.isBlank()) {
            starts.add(Path.of(root));
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
                Path realm = p.resolve("dev/keycloak/medcloud-realm.json");
                if (Files.isRegularFile(realm)) {
                    return realm;
                }
            }
        }
        throw new IllegalStateException("dev/keycloak/medcloud-realm.json not found above " + starts
                + ": set medcloud.keycloak.realm / MEDCLOUD_KEYCLOAK_REALM");
    }

    static Path javaExecutable() {
        String configured = TestDirs.setting("medcloud.keycloak.java-home", "KEYCLOAK_JAVA_HOME", "");
        Path home;
        if (!configured.isEmpty()) {
            home = Path.of(configured);
        } else if (Files.isExecutable(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"))) {
            home = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        } else {
            home = Path.of(System.getProperty("java.home"));
        }
        return home.resolve("bin/java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file).stream().filter(l -> !l.startsWith("\tat ")).toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

}
