package org.medcloud.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real Azure Blob emulator: Azurite ({@code azurite-blob}) as a child process on 127.0.0.1 and a
 * free port, storing into a temporary directory, with the well-known development account
 * {@code devstoreaccount1}. Close it to stop it and delete its files.
 *
 * <p>Azurite comes from the npm project in {@code libs/testing/azurite} (azurite pinned in its
 * package.json). If its {@code node_modules} is missing, this class runs {@code npm ci} (or
 * {@code npm install}) there first, under a file lock, so tests work on a fresh clone. The folder
 * is found from the system property {@code medcloud.azurite.dir} or the environment variable
 * {@code MEDCLOUD_AZURITE_DIR}, else by walking up from {@code medcloud.repo.root} and the working
 * directory. It runs the same program as {@code npx azurite-blob}, started with {@code node}
 * directly so that stopping it leaves no process behind. Needs Node.js ({@code node}, {@code npm}).
 *
 * <p>{@link #startWithOAuth} starts it on HTTPS (a {@link SelfSignedTls} certificate) with
 * {@code --oauth basic}: besides Shared Key and SAS it then accepts Microsoft Entra bearer tokens,
 * checking their issuer ({@code https://sts.windows.net/<tenant>/}), audience
 * ({@code https://storage.azure.com} or the account URL) and lifetime, not their signature, and it
 * answers {@code Get User Delegation Key} for user delegation SAS.
 */
public final class AzuriteServer implements AutoCloseable {

    public static final String ACCOUNT = "devstoreaccount1";
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public static final String DEFAULT_CONTAINER = "medcloud-test";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private final Path location;
    private final SelfSignedTls tls;
    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;

    private AzuriteServer(Path azuriteDir, SelfSignedTls tls) {
        this.tls = tls;
        this.location = TestDirs.tempDir("azurite-");
        this.log = location.resolveSibling(location.getFileName() + ".log");
        Process started = null;
        int chosen = -1;
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3 && started == null; attempt++) {
            int p = freePort();
            Process proc = launch(azuriteDir, p);
            try {
                waitForPort(proc, p);
                started = proc;
                chosen = p;
            } catch (IllegalStateException e) {
                destroy(proc);
                last = e;
            }
        }
        if (started == null) {
            TestDirs.deleteRecursively(location);
            throw last;
        }
        this.process = started;
        this.port = chosen;
        // if the test JVM ends without close() (crash, kill), do not leave Azurite running
        Process toStop = started;
        this.shutdownHook = new Thread(() -> destroy(toStop), "azurite-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts Azurite and creates the container {@value #DEFAULT_CONTAINER}. */
    public static AzuriteServer start() {
        return start(DEFAULT_CONTAINER);
    }

    /** Starts Azurite (installing it first if needed) and creates {@code container} (none if null). */
    public static AzuriteServer start(String container) {
        return start(container, null);
    }

    /**
     * Starts Azurite on HTTPS with the certificate of {@code tls} and {@code --oauth basic} (bearer
     * tokens accepted), and creates {@code container} (none if null). Clients must trust
     * {@code tls} ({@link SelfSignedTls#clientContext()}).
     */
    public static AzuriteServer startWithOAuth(String container, SelfSignedTls tls) {
        if (tls == null) {
            throw new IllegalArgumentException("Azurite's OAuth mode needs HTTPS: pass a SelfSignedTls");
        }
        return start(container, tls);
    }

    private static AzuriteServer start(String container, SelfSignedTls tls) {
        Path dir = azuriteDir();
        ensureInstalled(dir);
        AzuriteServer server = new AzuriteServer(dir, tls);
        if (container != null) {
            try {
                server.createContainer(container);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/devstoreaccount1}, or {@code https://...} when started with OAuth. */
    public String blobEndpoint() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=" + (tls == null ? "http" : "https") + ";AccountName=" + ACCOUNT
                + ";AccountKey=" + ACCOUNT_KEY + ";BlobEndpoint=" + blobEndpoint() + ";";
    }

    /** Whether it runs on HTTPS with {@code --oauth basic}. */
    public boolean oauth() {
        return tls != null;
    }

    public String accountName() {
        return ACCOUNT;
    }

    public String accountKey() {
        return ACCOUNT_KEY;
    }

    /** Creates a container with a Shared Key signed REST call; an existing one is fine. */
    public void createContainer(String name) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String version = "2021-08-06";
        String stringToSign = "PUT\n\n\n\n\n\n\n\n\n\n\n\n"
                + "x-ms-date:" + date + "\n" + "x-ms-version:" + version + "\n"
                + "/" + ACCOUNT + "/" + ACCOUNT + "/" + name + "\nrestype:container";
        HttpRequest request = HttpRequest.newBuilder(URI.create(blobEndpoint() + "/" + name + "?restype=container"))
                .timeout(Duration.ofSeconds(30))
                .header("x-ms-date", date)
                .header("x-ms-version", version)
                .header("Authorization", "SharedKey " + ACCOUNT + ":" + sign(stringToSign))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                .build();
        try {
            HttpClient http = tls == null ? HttpClient.newHttpClient() : tls.httpClientBuilder().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                throw new IllegalStateException("Azurite refused to create container '" + name + "': HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create container '" + name + "' on Azurite", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Azurite's output so far (for diagnostics). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        destroy(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // already running the hooks
        }
        TestDirs.deleteRecursively(location);
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The npm project folder holding Azurite's package.json. */
    public static Path azuriteDir() {
        String explicit = TestDirs.setting("medcloud.azurite.dir", "MEDCLOUD_AZURITE_DIR", null);
        if (explicit != null) {
            Path p = Path.of(explicit).toAbsolutePath();
            if (!Files.isRegularFile(p.resolve("package.json"))) {
                throw new IllegalStateException("medcloud.azurite.dir / MEDCLOUD_AZURITE_DIR " + p
                        + " has no package.json");
            }
            return p;
        }
        List<Path> starts = new ArrayList<>();
        String root = System.getProperty("medcloud.repo.root");
        if (root != null && !root.isBlank()) {
            starts.add(Path.of(root));
        }
        starts.add(Path.of(System.getProperty("user.dir")));
        for (Path start : starts) {
            for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
                Path candidate = d.resolve("libs/testing/azurite");
                if (Files.isRegularFile(candidate.resolve("package.json"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("cannot find libs/testing/azurite/package.json above " + starts
                + "; set -Dmedcloud.azurite.dir or MEDCLOUD_AZURITE_DIR");
    }

    /** Runs {@code npm ci} / {@code npm install} in {@code dir} unless Azurite is installed there. */
    public static void ensureInstalled(Path dir) {
        Path main = mainScript(dir);
        if (Files.isRegularFile(main)) {
            return;
        }
        Path lockFile = dir.resolve(".install.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.isRegularFile(main)) {
                return; // installed by another JVM while we waited
            }
            boolean hasLock = Files.isRegularFile(dir.resolve("package-lock.json"));
            List<String> cmd = List.of("npm", hasLock ? "ci" : "install", "--no-audit", "--no-fund",
                    "--loglevel=error");
            Path out = Files.createTempFile("azurite-npm-", ".log");
            Process npm;
            try {
                npm = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("Azurite is not installed in " + dir + " and `npm` cannot be run"
                        + " (Node.js and npm must be on PATH): " + e.getMessage(), e);
            }
            if (!npm.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy(npm);
                throw new IllegalStateException("`" + String.join(" ", cmd) + "` in " + dir + " timed out");
            }
            String output = Files.readString(out);
            Files.deleteIfExists(out);
            if (npm.exitValue() != 0 || !Files.isRegularFile(main)) {
                throw new IllegalStateException("`" + String.join(" ", cmd) + "` in " + dir + " failed (exit "
                        + npm.exitValue() + "):\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install Azurite in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path mainScript(Path dir) {
        return dir.resolve("node_modules/azurite/dist/src/blob/main.js");
    }

    private Process launch(Path dir, int p) {
        List<String> cmd = new ArrayList<>(List.of("node", mainScript(dir).toString(),
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(p),
                "--location", location.toString(), "--silent", "--disableTelemetry", "--skipApiVersionCheck"));
        if (tls != null) {
            cmd.addAll(List.of("--cert", tls.certificatePem().toString(), "--key", tls.privateKeyPem().toString(),
                    "--oauth", "basic"));
        }
        try {
            return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `node` for Azurite (Node.js must be on PATH): "
                    + e.getMessage(), e);
        }
    }

    private void waitForPort(Process proc, int p) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!proc.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + proc.exitValue() + " before listening on "
                        + p + ":\n" + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", p), 200);
                return;
            } catch (IOException notYet) {
                HttpReadiness.pause(100);
            }
        }
        throw new IllegalStateException("Azurite did not listen on 127.0.0.1:" + p + " within " + START_TIMEOUT
                + ":\n" + log());
    }

    private static void destroy(Process proc) {
        if (proc == null) {
            return;
        }
        proc.descendants().forEach(ProcessHandle::destroy);
        proc.destroy();
        try {
            if (!proc.waitFor(10, TimeUnit.SECONDS)) {
                proc.descendants().forEach(ProcessHandle::destroyForcibly);
                proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sign(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(ACCOUNT_KEY), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
