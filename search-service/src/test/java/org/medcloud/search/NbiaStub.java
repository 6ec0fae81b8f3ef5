package org.medcloud.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * A real HTTP server speaking NBIA v4 from the reference sample responses in
 * shared/reference/nbia (byte for byte for the unfiltered value lists), with v4's parameter
 * allow-lists (400 on unknown names), the empty-body "no results", getSeries filtering over the
 * sample rows, and queued faults (status + Retry-After, delay, dropped connection, garbage body).
 */
public final class NbiaStub {

    public static volatile NbiaStub current;

    /** One queued fault for the next request. */
    public record Fault(int status, String retryAfter, long delayMs, boolean drop, String body) {
        public static Fault status(int s) {
            return new Fault(s, null, 0, false, null);
        }

        public static Fault retryAfter(int s, String seconds) {
            return new Fault(s, seconds, 0, false, null);
        }

        public static Fault delay(long ms) {
            return new Fault(0, null, ms, false, null);
        }

        public static Fault dropConnection() {
            return new Fault(0, null, 0, true, null);
        }

        public static Fault body(String b) {
            return new Fault(200, null, 0, false, b);
        }
    }

    public record Request(String method, String endpoint, Map<String, String> query, String authorization, String body) {
    }

    static final Map<String, Set<String>> ALLOWED = Map.of(
            "getCollectionValues", Set.of("format"),
            "getBodyPartValues", Set.of("Collection", "Modality", "format"),
            "getModalityValues", Set.of("Collection", "BodyPartExamined", "format"),
            "getManufacturerValues", Set.of("Collection", "Modality", "BodyPartExamined", "format"),
            "getManufacturerTree", Set.of(),
            "getSeries", Set.of("Collection", "PatientID", "StudyInstanceUID", "Modality", "BodyPartExamined", "Manufacturer",
                    "ManufacturerModelName", "SeriesInstanceUID", "format"),
            "getSeriesMetadata", Set.of("list", "format"));

    private final HttpServer server;
    private final Path samples;
    private final ObjectMapper mapper = new ObjectMapper();
    public final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    public volatile Fault always;
    public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    public NbiaStub() throws IOException {
        samples = locateSamples();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        current = this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/nbia-api/services";
    }

    public void stop() {
        server.stop(0);
    }

    public void reset() {
        faults.clear();
        always = null;
        requests.clear();
    }

    public long count(String endpoint) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.endpoint().equals(endpoint)).count();
        }
    }

    static Path locateSamples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/reference/nbia");
            if (Files.isRegularFile(c.resolve("getSeries.v4.json"))) {
                return c;
            }
            c = p.resolve("../shared/reference/nbia").normalize();
            if (Files.isRegularFile(c.resolve("getSeries.v4.json"))) {
                return c;
            }
        }
        return Path.of("/work/shared/reference/nbia");
    }

    public byte[] sample(String name) throws IOException {
        return Files.readAllBytes(samples.resolve(name));
    }

    static Map<String, String> parseQuery(String q) {
        Map<String, String> m = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) {
            return m;
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            m.merge(k, v, (a, b) -> a + "," + b);
        }
        return m;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String endpoint = path.substring(path.lastIndexOf('/') + 1);
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> q = parseQuery(ex.getRequestURI().getRawQuery());
            if (ex.getRequestMethod().equals("POST")) {
                q.putAll(parseQuery(body));
            }
            requests.add(new Request(ex.getRequestMethod(), endpoint, q, ex.getRequestHeaders().getFirst("Authorization"), body));
            if (endpoint.equals("token")) {
                token(ex, q);
                return;
            }
            Fault f = faults.poll();
            if (f == null) {
                f = always;
            }
            if (f != null) {
                if (f.delayMs() > 0) {
                    sleep(f.delayMs());
                }
                if (f.drop()) {
                    // answer with a status line and a promised body that never comes: the client sees a broken connection
                    ex.sendResponseHeaders(200, 1000);
                    ex.getResponseBody().write("[{\"Coll".getBytes(StandardCharsets.UTF_8));
                    ex.getResponseBody().flush();
                    ex.getHttpContext().getServer();
                    throw new IOException("dropped");
                }
                if (f.status() > 0 && f.status() != 200) {
                    if (f.retryAfter() != null) {
                        ex.getResponseHeaders().add("Retry-After", f.retryAfter());
                    }
                    send(ex, f.status(), "text/plain", "Server was not able to process your request".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (f.body() != null) {
                    send(ex, 200, "application/json", f.body().getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            Set<String> allowed = ALLOWED.get(endpoint);
            if (allowed == null) {
                send(ex, 404, "text/html", "Not Found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.contains("/v4/")) {
                for (String name : q.keySet()) {
                    if (!allowed.contains(name)) {
                        send(ex, 400, "text/plain", ("Invalid query parameter: '" + name + "'. Allowed parameters are: " + allowed)
                                .getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                }
            }
            switch (endpoint) {
                case "getCollectionValues" -> send(ex, 200, "application/json", sample("getCollectionValues.json"));
                case "getBodyPartValues" -> send(ex, 200, "application/json",
                        q.containsKey("Collection") ? "[{\"BodyPartExamined\":\"LUNG\"},{\"BodyPartExamined\":\"LUNG \"}]".getBytes()
                                : sample("getBodyPartValues.json"));
                case "getModalityValues" -> send(ex, 200, "application/json", sample("getModalityValues.json"));
                case "getManufacturerValues" -> send(ex, 200, "application/json", sample("getManufacturerValues.json"));
                case "getManufacturerTree" -> send(ex, 200, "application/json", ("{\"data\":{\"criteria\":\"root\",\"value\":\"x\"},"
                        + "\"children\":[{\"data\":{\"criteria\":\"Manufacturer\",\"value\":\"VARIAN\"},\"children\":["
                        + "{\"data\":{\"criteria\":\"Model\",\"value\":\"Trilogy Cone Beam CT\"},\"children\":[]},"
                        + "{\"data\":{\"criteria\":\"Model\",\"value\":\"trilogy cone beam ct\"}}]},"
                        + "{\"data\":{\"criteria\":\"Manufacturer\",\"value\":\"GE\"},\"children\":["
                        + "{\"data\":{\"criteria\":\"Model\",\"value\":\"GENESIS_SIGNA\"}}]}]}").getBytes());
                case "getSeries" -> series(ex, q);
                case "getSeriesMetadata" -> metadata(ex, q);
                default -> send(ex, 404, "text/plain", new byte[0]);
            }
        } catch (IOException e) {
            // dropped connection or client gone
        }
    }

    private void series(HttpExchange ex, Map<String, String> q) throws IOException {
        List<Map<String, Object>> rows = mapper.readValue(sample("getSeries.v4.json"), new TypeReference<>() {
        });
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            boolean ok = true;
            for (Map.Entry<String, String> e : q.entrySet()) {
                if (e.getKey().equals("format")) {
                    continue;
                }
                Object v = r.get(e.getKey());
                boolean uid = e.getKey().endsWith("UID");
                ok &= v != null && (uid ? v.toString().equals(e.getValue()) : v.toString().equalsIgnoreCase(e.getValue()));
            }
            if (ok) {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            ex.sendResponseHeaders(200, -1); // NBIA: empty body, no content type
            return;
        }
        send(ex, 200, "application/json", mapper.writeValueAsBytes(out));
    }

    private void metadata(HttpExchange ex, Map<String, String> q) throws IOException {
        List<Map<String, Object>> rows = mapper.readValue(sample("getSeriesMetadata.v4.json"), new TypeReference<>() {
        });
        Set<String> wanted = Set.of(q.getOrDefault("list", "").split(","));
        List<Map<String, Object>> out = rows.stream().filter(r -> wanted.contains(r.get("SeriesInstanceUID"))).toList();
        if (out.isEmpty()) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        send(ex, 200, "application/json", mapper.writeValueAsBytes(out));
    }

    public volatile int tokenLifetimeSeconds = 7200;

    private void token(HttpExchange ex, Map<String, String> q) throws IOException {
        String grant = q.get("grant_type");
        boolean ok = "password".equals(grant) && "alice".equals(q.get("username")) && "secret".equals(q.get("password"))
                || "refresh_token".equals(grant) && q.getOrDefault("refresh_token", "").startsWith("refresh-");
        if (!ok) {
            send(ex, 401, "application/json", "{\"error\":\"invalid_grant\"}".getBytes());
            return;
        }
        long n = count("token");
        String json = "{\"access_token\":\"access-" + n + "\",\"refresh_token\":\"refresh-" + n + "\",\"expires_in\":"
                + tokenLifetimeSeconds + ",\"token_type\":\"bearer\"}";
        send(ex, 200, "application/json", json.getBytes());
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().add("Content-Type", type);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
