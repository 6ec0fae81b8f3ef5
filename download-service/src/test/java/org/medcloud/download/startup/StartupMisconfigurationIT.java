package org.medcloud.download.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medcloud.testing.PostgresSchema;
import org.medcloud.testing.S3ProxyServer;

/**
 * Starts the PACKAGED service (java -jar, as an operator would) with one wrong setting at a time
 * and checks that it stops on its own, quickly, with one clear log line naming the setting and no
 * stack trace.
 */
class StartupMisconfigurationIT {

    private static S3ProxyServer s3;
    private static PostgresSchema schema;

    @BeforeAll
    static void servers() {
        s3 = S3ProxyServer.start("medcloud");
        schema = PostgresSchema.create("startup");
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private Map<String, String> goodEnv() {
        return new java.util.HashMap<>(Map.of(
                "PORT", "0",
                "LOG_JSON", "false",
                "DB_JDBC_URL", schema.baseJdbcUrl(),
                "DB_SCHEMA", schema.schema(),
                "DB_USERNAME", schema.username(),
                "STORAGE_TYPE", "s3",
                "STORAGE_BUCKET", "medcloud",
                "S3_ENDPOINT", s3.endpoint().toString(),
                "S3_ACCESS_KEY", s3.accessKey(),
                "S3_SECRET_KEY", s3.secretKey()))
        {
            {
                put("S3_PATH_STYLE", "true");
                put("S3_REGION", s3.region());
                put("DOWNLOAD_WORKER_ENABLED", "false");
            }
        };
    }

    @Test
    void databaseDownNamesDbJdbcUrl() throws Exception {
        Map<String, String> env = goodEnv();
        env.put("DB_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/test");
        assertStopsWithOneLineNaming(env, "DB_JDBC_URL");
    }

    @Test
    void missingBucketNamesStorageBucket() throws Exception {
        Map<String, String> env = goodEnv();
        env.put("STORAGE_BUCKET", "no-such-bucket");
        assertStopsWithOneLineNaming(env, "STORAGE_BUCKET");
    }

    @Test
    void unreachableS3EndpointNamesS3Endpoint() throws Exception {
        Map<String, String> env = goodEnv();
        env.put("S3_ENDPOINT", "http://127.0.0.1:1");
        assertStopsWithOneLineNaming(env, "S3_ENDPOINT");
    }

    private static void assertStopsWithOneLineNaming(Map<String, String> env, String setting) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(jar), "the service must be packaged before this IT runs: " + jar.toAbsolutePath());
        Path log = Files.createTempFile("startup", ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log);
        String all = String.join("\n", lines);
        assertTrue(exited, "the service kept running with a wrong " + setting + ":\n" + all);
        assertNotEquals(0, p.exitValue(), "exit code must say it failed:\n" + all);
        List<String> failures = new ArrayList<>();
        for (String l : lines) {
            if (l.contains("Start-up check failed")) {
                failures.add(l);
            }
        }
        assertEquals(1, failures.size(), "exactly one start-up failure line expected:\n" + all);
        assertTrue(failures.get(0).contains(setting), "the line must name " + setting + ": " + failures.get(0));
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")),
                "no stack trace expected:\n" + all);
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
