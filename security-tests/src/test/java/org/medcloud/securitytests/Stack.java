package org.medcloud.securitytests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.medcloud.testing.KeycloakServer;
import org.medcloud.testing.NbiaEmulatorProcess;
import org.medcloud.testing.PostgresSchema;
import org.medcloud.testing.QuarkusAppProcess;
import org.medcloud.testing.S3ProxyServer;

/**
 * The product as an operator runs it with sign-in on: Keycloak, S3Proxy, PostgreSQL schemas on the
 * machine's server, the NBIA emulator and the MONAI Label stand-in, and the four PACKAGED services
 * (java -jar) with AUTH_MODE=oidc. Independent parts start in parallel.
 */
final class Stack implements AutoCloseable {

    static final String BUCKET = "medcloud";
    static final List<String> SERVICES = List.of("search-service", "download-service", "viewer-service", "inference-gateway");

    KeycloakServer keycloak;
    S3ProxyServer s3;
    NbiaEmulatorProcess nbia;
    QuarkusAppProcess monai;
    final Map<String, PostgresSchema> schemas = new LinkedHashMap<>();
    final Map<String, QuarkusAppProcess> services = new LinkedHashMap<>();
    final Map<String, Long> startMillis = new LinkedHashMap<>();
    private final List<CompletableFuture<? extends AutoCloseable>> pending = new ArrayList<>();
    /** Its own threads: the common pool has one worker on a 2-core machine, which would start everything in turn. */
    private static final java.util.concurrent.ExecutorService STARTER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stack-start");
        t.setDaemon(true);
        return t;
    });

    static Stack start() {
        Stack st = new Stack();
        try {
            CompletableFuture<KeycloakServer> kc = timed(st, "keycloak", KeycloakServer::start);
            CompletableFuture<NbiaEmulatorProcess> nbia = timed(st, "nbia-emulator", () -> NbiaEmulatorProcess.start(2, 3, 4));
            CompletableFuture<QuarkusAppProcess> monai = timed(st, "monai-label-emulator", () -> QuarkusAppProcess.start(
                    "dev/monai-label-emulator", Map.of("LOG_JSON", "false", "EMULATOR_INFO_WAITS", "false"), "/info/", b -> b.contains("models")));
            st.s3 = S3ProxyServer.start(BUCKET);
            for (String s : List.of("download", "viewer", "inference")) {
                st.schemas.put(s, PostgresSchema.create("sec_" + s));
            }
            st.keycloak = join(kc);
            // search and viewer first: download and inference call the viewer
            st.nbia = join(nbia);
            CompletableFuture<QuarkusAppProcess> search = timed(st, "search-service", () -> st.startService("search-service", Map.of()));
            CompletableFuture<QuarkusAppProcess> viewer = timed(st, "viewer-service", () -> st.startService("viewer-service", Map.of()));
            st.monai = join(monai);
            st.services.put("viewer-service", join(viewer));
            String viewerUrl = st.services.get("viewer-service").baseUrl();
            CompletableFuture<QuarkusAppProcess> download = timed(st, "download-service", () -> st.startService("download-service",
                    Map.of("VIEWER_URL", viewerUrl, "DOWNLOAD_POLL_INTERVAL", "200ms", "DOWNLOAD_RETRY_BACKOFF", "500ms")));
            CompletableFuture<QuarkusAppProcess> inference = timed(st, "inference-gateway", () -> st.startService("inference-gateway",
                    Map.of("VIEWER_URL", viewerUrl, "MONAI_LABEL_URL", st.monai.baseUrl())));
            st.services.put("search-service", join(search));
            st.services.put("download-service", join(download));
            st.services.put("inference-gateway", join(inference));
            return st;
        } catch (RuntimeException | Error e) {
            for (CompletableFuture<? extends AutoCloseable> f : st.pending) {   // what was still starting
                try {
                    f.get(240, java.util.concurrent.TimeUnit.SECONDS).close();
                } catch (Exception ignored) {
                    // failed to start, or already closed
                }
            }
            st.close();
            throw e;
        }
    }

    private QuarkusAppProcess startService(String module, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("LOG_JSON", "false");
        env.put("AUTH_MODE", "oidc");
        env.put("OIDC_ISSUER_URL", keycloak.issuerUrl());
        env.put("OIDC_CLIENT_ID", KeycloakServer.SERVICES_CLIENT);
        env.put("OIDC_CLIENT_SECRET", KeycloakServer.SERVICES_SECRET);
        // the sweep starts many downloads and inference jobs as one user: no rate limit in the way
        env.put("RATE_LIMIT_DOWNLOADS_PER_MINUTE", "1000000");
        env.put("RATE_LIMIT_INFERENCE_PER_MINUTE", "1000000");
        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_BUCKET", BUCKET);
        env.put("S3_ENDPOINT", s3.endpoint().toString());
        env.put("S3_ACCESS_KEY", s3.accessKey());
        env.put("S3_SECRET_KEY", s3.secretKey());
        env.put("S3_REGION", s3.region());
        env.put("S3_PATH_STYLE", "true");
        env.put("NBIA_BASE_URL", nbia.servicesUrl());
        String db = switch (module) {
            case "download-service" -> "download";
            case "viewer-service" -> "viewer";
            case "inference-gateway" -> "inference";
            default -> null;
        };
        if (db != null) {
            PostgresSchema schema = schemas.get(db);
            env.put("DB_JDBC_URL", schema.baseJdbcUrl());
            env.put("DB_SCHEMA", schema.schema());
            env.put("DB_USERNAME", schema.username());
            env.put("DB_PASSWORD", schema.password());
        }
        env.putAll(extra);
        return QuarkusAppProcess.start(module, env, "/q/health/ready", body -> body.contains("UP"));
    }

    private static <T extends AutoCloseable> CompletableFuture<T> timed(Stack st, String name, Supplier<T> start) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            T t = start.get();
            synchronized (st.startMillis) {
                st.startMillis.put(name, (System.nanoTime() - t0) / 1_000_000);
            }
            return t;
        }, STARTER);
        st.pending.add(f);
        return f;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    String url(String service) {
        return services.get(service).baseUrl();
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(services.values());
        all.add(monai);
        all.add(nbia);
        all.add(keycloak);
        all.add(s3);
        all.addAll(schemas.values());
        for (AutoCloseable c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // stop the rest all the same
                }
            }
        }
    }
}
