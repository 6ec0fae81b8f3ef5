package org.medcloud.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The root docker-compose.yml, validated and resolved by `docker-compose config` (Debian's
 * docker-compose v1: needs no Docker engine), then checked for what it promises.
 */
class ComposeConfigTest {

    static final List<String> SERVICES = List.of("search-service", "download-service", "viewer-service", "inference-gateway");
    static final Set<String> SERVICE_ENV = Set.of("PORT", "DB_JDBC_URL", "DB_USERNAME", "DB_PASSWORD", "STORAGE_TYPE",
            "STORAGE_BUCKET", "S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_PATH_STYLE",
            "AZURE_CONNECTION_STRING", "NBIA_BASE_URL", "VIEWER_URL", "MONAI_LABEL_URL", "LOG_JSON",
            "QUARKUS_OTEL_SDK_DISABLED", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");

    static JsonNode resolved;

    record Result(int exit, String out, String err) {
    }

    static Result compose(Path file, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker-compose", "-f", file.toString()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        } catch (IOException e) {
            fail("docker-compose is not installed: run the apt step of .ci/run (apt-get install -y docker-compose)"
                    + " — this test validates docker-compose.yml and is never skipped. (" + e.getMessage() + ")");
            throw e;
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker-compose config hung");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    @BeforeAll
    static void resolve() throws Exception {
        Path file = Chart.repoRoot().resolve("docker-compose.yml");
        assertTrue(Files.isRegularFile(file), file + " missing");
        Result r = compose(file, "--profile", "auth", "--profile", "gpu", "--profile", "cpu", "config");
        assertEquals(0, r.exit(), "docker-compose config failed:\n" + r.err());
        resolved = Chart.YAML.readTree(r.out());
    }

    @Test
    void everyComponentIsThere() {
        Set<String> names = new TreeSet<>();
        resolved.path("services").fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(List.of("postgres", "minio", "minio-init", "search-service", "download-service",
                "viewer-service", "inference-gateway", "web-ui", "keycloak", "monai-label", "nbia-emulator",
                "monai-label-emulator")), names);
    }

    @Test
    void profilesSeparateAuthGpuAndStandIns() {
        JsonNode s = resolved.path("services");
        assertEquals("[\"auth\"]", s.path("keycloak").path("profiles").toString());
        assertEquals("[\"gpu\"]", s.path("monai-label").path("profiles").toString());
        assertEquals("[\"cpu\",\"dev\"]", s.path("nbia-emulator").path("profiles").toString());
        assertEquals("[\"cpu\",\"dev\"]", s.path("monai-label-emulator").path("profiles").toString());
        for (String always : List.of("postgres", "minio", "minio-init", "web-ui", "search-service", "download-service", "viewer-service", "inference-gateway")) {
            assertTrue(s.path(always).path("profiles").isMissingNode(), always + " must run without a profile");
        }
        // the stand-in answers under the real server's name and port
        assertTrue(s.path("monai-label-emulator").path("networks").path("default").path("aliases").toString().contains("monai-label"));
        assertEquals("8000", s.path("monai-label-emulator").path("environment").path("PORT").asText());
    }

    @Test
    void monaiLabelUsesOurDicomwebOnAnNvidiaGpu() {
        JsonNode m = resolved.path("services").path("monai-label");
        assertTrue(m.path("image").asText().matches("docker.io/projectmonai/monailabel:\\d+\\.\\d+\\.\\d+"), m.path("image").asText());
        String command = m.path("command").toString();
        assertTrue(command.contains("--app /opt/monailabel/apps/radiology"), command);
        assertTrue(command.contains("--studies http://viewer-service:8083/dicomweb"), command);
        assertTrue(command.contains("--conf models deepedit"), command);
        JsonNode device = m.path("deploy").path("resources").path("reservations").path("devices").path(0);
        assertEquals("nvidia", device.path("driver").asText());
        assertTrue(device.path("capabilities").toString().contains("gpu"));
    }

    @Test
    void servicesGetEverySettingAndRunLockedDown() {
        JsonNode s = resolved.path("services");
        for (String svc : SERVICES) {
            JsonNode c = s.path(svc);
            Set<String> env = new TreeSet<>();
            c.path("environment").fieldNames().forEachRemaining(env::add);
            Set<String> missing = new TreeSet<>(SERVICE_ENV);
            missing.removeAll(env);
            assertEquals(Set.of(), missing, svc);
            assertTrue(c.path("read_only").asBoolean(), svc + " read_only");
            assertEquals("185", c.path("user").asText(), svc + " user");
            assertTrue(c.path("tmpfs").toString().contains("/tmp"), svc + " tmpfs /tmp");
            assertTrue(c.path("cap_drop").toString().contains("ALL"), svc + " cap_drop");
            assertEquals("src/main/docker/Dockerfile.jvm", c.path("build").path("dockerfile").asText());
            assertTrue(Files.isRegularFile(Path.of(c.path("build").path("context").asText()).resolve("src/main/docker/Dockerfile.jvm")));
        }
        assertEquals("http://minio:9000", s.path("download-service").path("environment").path("S3_ENDPOINT").asText());
        assertEquals("download", s.path("download-service").path("environment").path("DB_SCHEMA").asText());
        assertTrue(s.path("minio-init").path("entrypoint").toString().contains("mc mb --ignore-existing"));
    }

    @Test
    void everyImageIsPinned() {
        List<String> unpinned = new ArrayList<>();
        resolved.path("services").fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText();
            String last = image.substring(image.lastIndexOf('/') + 1);
            if (image.isEmpty() || !last.contains(":") || last.endsWith(":latest")) {
                unpinned.add(e.getKey() + " -> " + image);
            }
        });
        assertEquals(List.of(), unpinned);
    }

    /** The check must be able to fail: a misspelled key is refused by `docker-compose config`. */
    @Test
    void aBrokenComposeFileIsRefused(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("docker-compose.yml");
        Files.writeString(bad, "services:\n  web:\n    imagee: nginx:1.29\n");
        Result r = compose(bad, "config");
        assertNotEquals(0, r.exit(), "docker-compose accepted an unknown key:\n" + r.out());
        assertTrue(r.err().contains("imagee"), r.err());
    }
}
