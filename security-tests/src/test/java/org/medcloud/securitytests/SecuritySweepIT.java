package org.medcloud.securitytests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.medcloud.testing.KeycloakServer;

/**
 * docs/security.md, checked against the real thing: Keycloak and the four packaged services with
 * AUTH_MODE=oidc. For every operation of every service's OpenAPI document: (a) no token → 401;
 * (b) a genuinely expired token → 401; (c) forged tokens → 401; (d) admin operations → 403 for the
 * viewer vera and allowed for the admin adam, viewer operations allowed for both, other users' jobs
 * hidden from vera; (e) hostile path, query and body values (as adam) never give a 5xx or a stack
 * trace. /q/* is open. Identity headers such as X-User change nothing when auth is on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuritySweepIT {

    static final String OPEN = "open /q/*", NO_TOKEN = "(a) no token", EXPIRED = "(b) expired", FORGED = "(c) forged",
            VIEWER_403 = "(d) vera→403", ALLOWED = "(d) allowed", OWN_ONLY = "(d) own jobs only", HOSTILE = "(e) hostile",
            HEADERS = "X-User ignored", CORS = "CORS/nosniff", SEED = "seed";
    static final List<String> CHECKS = List.of(OPEN, NO_TOKEN, EXPIRED, FORGED, VIEWER_403, ALLOWED, OWN_ONLY, HEADERS, CORS, HOSTILE);

    private static Stack stack;
    private static final Sweep sweep = new Sweep();
    private static final Map<String, List<ApiOperation>> operations = new LinkedHashMap<>();
    private static final Map<String, JsonNode> openapi = new LinkedHashMap<>();
    private static ValidInputs inputs;
    private static Tokens adam;
    private static Tokens vera;
    private static String expiredAdminToken;
    private static Map<String, String> forged;
    private static long startMillis;
    private static long sweepStart;

    /** Access tokens of one user from medcloud-tests (2 s lifespan): a fresh one whenever the last is over 1 s old. */
    static final class Tokens {
        private final String user;
        private final String password;
        private String token;
        private long at;

        Tokens(String user, String password) {
            this.user = user;
            this.password = password;
        }

        synchronized String get() {
            if (token == null || System.currentTimeMillis() - at > 1000) {
                token = stack.keycloak.passwordToken(KeycloakServer.TESTS_CLIENT, user, password);
                at = System.currentTimeMillis();
            }
            return token;
        }

        Map<String, String> bearer() {
            return Map.of("Authorization", "Bearer " + get());
        }
    }

    @BeforeAll
    static void startTheProductWithSignInOn() throws Exception {
        long t0 = System.nanoTime();
        stack = Stack.start();
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        for (String s : Stack.SERVICES) {
            sweep.service(s, stack.url(s), stack.services.get(s).log());
        }
        adam = new Tokens(KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
        vera = new Tokens(KeycloakServer.VIEWER_USER, KeycloakServer.VIEWER_PASSWORD);
        expiredAdminToken = stack.keycloak.passwordToken(KeycloakServer.TESTS_CLIENT, KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
        forged = ForgedTokens.all(adam.get(), providerKey(adam.get()));
        inputs = new ValidInputs(seed());
        for (String s : Stack.SERVICES) {
            RawHttp.Response r = sweep.call(s, "GET", "/q/openapi?format=json", Map.of(), null);
            assertEquals(200, r.status(), s + " /q/openapi must be open: " + r.bodyStart());
            JsonNode doc = Hostile.JSON.readTree(fullBody(s, "/q/openapi?format=json"));
            openapi.put(s, doc);
            operations.put(s, ApiOperation.parse(s, doc));
            assertFalse(operations.get(s).isEmpty(), s + " documents no operation");
        }
        // the token taken before the seeding has long expired (2 s lifespan); make sure
        long exp = ForgedTokens.claims(expiredAdminToken).path("exp").asLong();
        while (System.currentTimeMillis() / 1000 <= exp + 1) {
            Thread.sleep(250);
        }
        sweepStart = System.nanoTime();
    }

    /** The provider's public signing key (JWK JSON) that signed {@code jwt}. */
    private static String providerKey(String jwt) throws Exception {
        java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
        JsonNode jwks = Hostile.JSON.readTree(c.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(stack.keycloak.issuerUrl() + "/protocol/openid-connect/certs")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        String kid = ForgedTokens.header(jwt).path("kid").asText();
        for (JsonNode k : jwks.path("keys")) {
            if (kid.equals(k.path("kid").asText())) {
                return k.toString();
            }
        }
        throw new IllegalStateException("no key " + kid + " in " + jwks);
    }

    /** The whole OpenAPI document (RawHttp reads only the start of bodies). */
    private static String fullBody(String service, String path) throws Exception {
        java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
        return c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.url(service) + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * Stores one series through the product as adam (download → viewer), and starts one inference
     * job, so the checks run against real UIDs and jobs. What fails here is reported, and the
     * checks go on with well-formed UIDs that do not exist.
     */
    private static ValidInputs.Known seed() throws Exception {
        ValidInputs.Known fallback = ValidInputs.Known.placeholders();
        JsonNode emulated = Hostile.JSON.readTree(new java.net.URL(stack.nbia.baseUrl() + "/emulator/series").openStream());
        String series = emulated.get(0).get("seriesInstanceUid").asText();
        String study = fallback.study(), instance = fallback.instance(), indexKey = fallback.indexKey();
        String downloadJob = fallback.downloadJob(), inferenceJob = fallback.inferenceJob();

        Hostile.Body body = new Hostile.Body("seed", "application/json",
                ("{\"seriesInstanceUids\":[\"" + series + "\"]}").getBytes(StandardCharsets.UTF_8));
        RawHttp.Response created = sweep.expect("download-service", SEED, null, "adam starts a download", "POST", "/api/downloads",
                adam.bearer(), body, s -> s == 202, "202");
        if (created.status() == 202) {
            downloadJob = Hostile.JSON.readTree(created.bodyStart()).path("jobId").asText(downloadJob);
            long deadline = System.currentTimeMillis() + 120_000;
            String state = "";
            JsonNode job = null;
            while (System.currentTimeMillis() < deadline) {
                RawHttp.Response r = sweep.call("download-service", "GET", "/api/downloads/" + downloadJob, adam.bearer(), null);
                if (r.status() == 200) {
                    job = Hostile.JSON.readTree(r.bodyStart());
                    state = job.path("state").asText();
                    if (!state.matches("queued|downloading|verifying|running|pending")) {
                        break;
                    }
                }
                Thread.sleep(300);
            }
            if (job != null && job.path("series").size() > 0) {
                indexKey = job.path("series").get(0).path("indexKey").asText(indexKey);
            }
            if (!"complete".equals(state) && !"completed".equals(state)) {
                sweep.findings.add(new Sweep.Finding("download-service", SEED, "GET /api/downloads/{jobId}", "adam's seed download",
                        "state " + state + ": " + (job == null ? "" : Sweep.shorten(job.toString(), 400)), "complete",
                        sweep.logExcerpt("download-service", 0)));
            }
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            RawHttp.Response r = sweep.call("viewer-service", "GET", "/api/viewer/series/" + series, adam.bearer(), null);
            if (r.status() == 200) {
                JsonNode s = Hostile.JSON.readTree(fullBodyAuthorized("viewer-service", "/api/viewer/series/" + series));
                study = s.path("studyInstanceUid").asText(study);
                JsonNode first = s.path("instances").path(0);
                instance = first.path("sopInstanceUid").asText(instance);
                break;
            }
            Thread.sleep(500);
        }
        sweep.expect("viewer-service", SEED, null, "the downloaded series is in the viewer's catalogue", "GET",
                "/api/viewer/series/" + series, adam.bearer(), null, s -> s == 200, "200 (download → viewer hand-over with the service's own token)");

        RawHttp.Response inference = sweep.expect("inference-gateway", SEED, null, "adam starts inference", "POST", "/api/inference/jobs",
                adam.bearer(), new Hostile.Body("seed", "application/json",
                        ("{\"seriesInstanceUid\":\"" + series + "\",\"model\":\"deepedit\"}").getBytes(StandardCharsets.UTF_8)),
                s -> s == 202, "202");
        if (inference.status() == 202) {
            inferenceJob = Hostile.JSON.readTree(inference.bodyStart()).path("jobId").asText(inferenceJob);
        }
        return new ValidInputs.Known(study, series, instance, indexKey, downloadJob, inferenceJob);
    }

    private static String fullBodyAuthorized(String service, String path) throws Exception {
        java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
        return c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.url(service) + path))
                .header("Authorization", "Bearer " + adam.get()).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @AfterAll
    static void stopAndReport() {
        long sweepMillis = sweepStart == 0 ? 0 : (System.nanoTime() - sweepStart) / 1_000_000;
        if (stack != null) {
            stack.close();
        }
        StringBuilder out = new StringBuilder("\n=== security sweep (docs/security.md) ===\n");
        out.append("stack started in ").append(startMillis).append(" ms ").append(stack == null ? "" : stack.startMillis)
                .append("; checks took ").append(sweepMillis).append(" ms\n");
        operations.forEach((s, ops) -> out.append(String.format("%-18s %3d operations: %s%n", s, ops.size(),
                ops.stream().map(o -> RoleTable.expected(o).name().toLowerCase().charAt(0) + ":" + o.key()).collect(Collectors.joining(", ")))));
        out.append("cells: requests checked / answered wrongly\n").append(sweep.table(CHECKS));
        if (!sweep.nonProblem4xx.isEmpty()) {
            out.append("4xx answers that are not application/problem+json (informational): ").append(sweep.nonProblem4xx).append('\n');
        }
        synchronized (sweep.findings) {
            out.append(sweep.findings.size()).append(" wrong answers\n");
            sweep.findings.stream().limit(400).forEach(f -> out.append(f).append('\n'));
        }
        System.out.println(out);
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "security-sweep-report.txt"), out.toString());
        } catch (java.io.IOException ignored) {
            // the console has it
        }
    }

    // ----------------------------------------------------------------------------------- checks

    @Test
    @Order(0)
    void seedingWorkedThroughTheProduct() {
        // adam's download reached the viewer (service-to-service call with the services' own token)
        // and his inference job was accepted: the checks below then run against real UIDs and jobs
        assertNoFindings(SEED);
    }

    @Test
    @Order(1)
    void platformEndpointsAreOpen() {
        for (String s : Stack.SERVICES) {
            for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi")) {
                sweep.expect(s, OPEN, null, "no token", "GET", path, Map.of(), null, st -> st == 200, "200");
            }
        }
        assertNoFindings(OPEN);
    }

    @Test
    @Order(2)
    void everyOperationRefusesMissingExpiredAndForgedTokens() {
        forEachOperation(op -> {
            String s = op.service();
            String target = inputs.target(op);
            Hostile.Body body = inputs.validBody(op, openapi.get(s));
            if (RoleTable.expected(op) == RoleTable.Access.OPEN) {
                sweep.expect(s, NO_TOKEN, op, "no token (open operation)", op.method(), target, Map.of(), body,
                        st -> st >= 200 && st < 400, "2xx/3xx: open");
                for (Map.Entry<String, String> f : forged.entrySet()) {
                    RawHttp.Response r = sweep.expect(s, FORGED, op, "forged token: " + f.getKey(), op.method(), target,
                            Map.of("Authorization", "Bearer " + f.getValue()), body, st -> st == 401 || st == 200, "401, or 200 as nobody");
                    if (r.status() == 200 && (r.bodyStart().contains("\"admin\"") || r.bodyStart().contains("\"adam\""))) {
                        sweep.findings.add(new Sweep.Finding(s, FORGED, op.key(), "forged token: " + f.getKey(), "200 " + r.bodyStart(),
                                "not adam, not admin", ""));
                    }
                }
                return;
            }
            sweep.expect(s, NO_TOKEN, op, "no Authorization header", op.method(), target, Map.of(), body, st -> st == 401, "401");
            sweep.expect(s, NO_TOKEN, op, "empty bearer", op.method(), target, Map.of("Authorization", "Bearer "), body, st -> st == 401, "401");
            sweep.expect(s, NO_TOKEN, op, "not a JWT", op.method(), target, Map.of("Authorization", "Bearer not-a-token"), body,
                    st -> st == 401, "401");
            sweep.expect(s, NO_TOKEN, op, "Basic credentials in oidc mode", op.method(), target,
                    Map.of("Authorization", "Basic YWRhbTphZGFtLXBhc3N3b3Jk"), body, st -> st == 401, "401");
            String withToken = target + (target.contains("?") ? "&" : "?") + "access_token=" + adam.get();
            sweep.expect(s, NO_TOKEN, op, "adam's valid token in the query string, not the header", op.method(), withToken, Map.of(), body,
                    st -> st == 401, "401: tokens travel in the Authorization header only (URLs end up in logs)");
            sweep.expect(s, EXPIRED, op, "adam's token, expired", op.method(), target, Map.of("Authorization", "Bearer " + expiredAdminToken),
                    body, st -> st == 401, "401");
            for (Map.Entry<String, String> f : forged.entrySet()) {
                sweep.expect(s, FORGED, op, "forged token: " + f.getKey(), op.method(), target,
                        Map.of("Authorization", "Bearer " + f.getValue()), body, st -> st == 401, "401");
            }
        });
        assertNoFindings(NO_TOKEN, EXPIRED, FORGED);
    }

    @Test
    @Order(3)
    void rolesAreEnforcedPerTheRoleTable() {
        forEachOperation(op -> {
            String s = op.service();
            RoleTable.Access access = RoleTable.expected(op);
            if (access == RoleTable.Access.OPEN) {
                return;
            }
            String target = inputs.target(op);
            Hostile.Body body = inputs.validBody(op, openapi.get(s));
            boolean ownOnly = isJobOfAdam(op);
            if (access == RoleTable.Access.ADMIN) {
                sweep.expect(s, VIEWER_403, op, "vera (viewer)", op.method(), target, vera.bearer(), body, st -> st == 403, "403");
            } else if (ownOnly) {
                sweep.expect(s, OWN_ONLY, op, "vera reads adam's job", op.method(), target, vera.bearer(), body,
                        st -> st == 403 || st == 404, "403 or 404: viewers see their own jobs only");
            } else {
                sweep.expect(s, ALLOWED, op, "vera (viewer)", op.method(), target, vera.bearer(), body,
                        st -> st != 401 && st != 403 && st < 500, "not 401/403, not 5xx");
            }
            sweep.expect(s, ALLOWED, op, "adam (admin)", op.method(), target, adam.bearer(), body,
                    st -> st != 401 && st != 403 && st < 500, "not 401/403, not 5xx");
        });
        // viewers list their own download jobs only
        RawHttp.Response list = sweep.expect("download-service", OWN_ONLY, null, "vera lists downloads", "GET", "/api/downloads",
                vera.bearer(), null, st -> st == 200, "200");
        if (list.bodyStart().contains(inputs.known().downloadJob())) {
            sweep.findings.add(new Sweep.Finding("download-service", OWN_ONLY, "GET /api/downloads", "vera lists downloads",
                    "adam's job " + inputs.known().downloadJob() + " is listed", "only vera's jobs", ""));
        }
        assertNoFindings(VIEWER_403, ALLOWED, OWN_ONLY);
    }

    private static int versions(RawHttp.Response history) {
        try {
            return history.status() == 200 ? Hostile.JSON.readTree(history.bodyStart()).path("versions").size() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static boolean isJobOfAdam(ApiOperation op) {
        return op.pathParams().stream().anyMatch(p -> p.toLowerCase().contains("job"));
    }

    @Test
    @Order(4)
    void identityHeadersChangeNothingWhenAuthIsOn() throws Exception {
        Map<String, String> spoof = new LinkedHashMap<>();
        spoof.put("X-User", "adam");
        spoof.put("X-Roles", "admin");
        spoof.put("X-Forwarded-User", "adam");
        spoof.put("X-Forwarded-Preferred-Username", "adam");
        spoof.put("X-Auth-Request-User", "adam");
        spoof.put("X-Auth-Request-Preferred-Username", "adam");
        spoof.put("X-Remote-User", "adam");
        spoof.put("Remote-User", "adam");
        spoof.put("X-Forwarded-Groups", "admin");
        spoof.put("X-Forwarded-Access-Token", adam.get());
        String series = inputs.known().series();
        // no token: still 401, whatever the headers claim
        for (String[] call : List.of(new String[] {"viewer-service", "GET", "/api/viewer/series"},
                new String[] {"download-service", "GET", "/api/downloads"},
                new String[] {"search-service", "GET", "/api/search/values/collection"},
                new String[] {"inference-gateway", "GET", "/api/inference/models"})) {
            sweep.expect(call[0], HEADERS, null, "no token, X-User: adam and friends", call[1], call[2], spoof, null, st -> st == 401, "401");
        }
        Map<String, String> veraSpoofing = new LinkedHashMap<>(spoof);
        veraSpoofing.putAll(vera.bearer());
        sweep.expect("download-service", HEADERS, null, "vera's token + X-User: adam, X-Roles: admin", "POST", "/api/downloads", veraSpoofing,
                new Hostile.Body("valid", "application/json", ("{\"seriesInstanceUids\":[\"" + series + "\"]}").getBytes(StandardCharsets.UTF_8)),
                st -> st == 403, "403");
        RawHttp.Response me = sweep.expect("viewer-service", HEADERS, null, "vera's token + X-User: adam", "GET", "/api/viewer/me",
                veraSpoofing, null, st -> st == 200, "200");
        JsonNode who = me.status() == 200 ? Hostile.JSON.readTree(me.bodyStart()) : null;
        if (who != null && (!"vera".equals(who.path("user").asText()) || who.path("roles").toString().contains("admin"))) {
            sweep.findings.add(new Sweep.Finding("viewer-service", HEADERS, "GET /api/viewer/me", "vera's token + X-User: adam",
                    who.toString(), "user vera, roles without admin", ""));
        }
        // annotations are saved as the caller, never as the X-User named
        String history = "/api/viewer/series/" + series + "/annotations/history?author=adam";
        int adamsBefore = versions(sweep.call("viewer-service", "GET", history, vera.bearer(), null));
        String doc = "{\"schemaVersion\":1,\"items\":[{\"toolType\":\"label\",\"sopInstanceUid\":\"" + inputs.known().instance()
                + "\",\"frame\":1,\"points\":[[3,4]],\"text\":\"spoof test\"}]}";
        RawHttp.Response saved = sweep.expect("viewer-service", HEADERS, null, "vera saves annotations with X-User: adam", "PUT",
                "/api/viewer/series/" + series + "/annotations", veraSpoofing,
                new Hostile.Body("valid", "application/json", doc.getBytes(StandardCharsets.UTF_8)), st -> st == 200, "200");
        if (saved.status() == 200 && !"vera".equals(Hostile.JSON.readTree(saved.bodyStart()).path("author").asText())) {
            sweep.findings.add(new Sweep.Finding("viewer-service", HEADERS, "PUT /api/viewer/series/{seriesUid}/annotations",
                    "vera's token + X-User: adam", "author " + Hostile.JSON.readTree(saved.bodyStart()).path("author"), "author vera", ""));
        }
        RawHttp.Response adams = sweep.expect("viewer-service", HEADERS, null, "adam's annotation history after vera's spoofed save", "GET",
                history, vera.bearer(), null, st -> st == 200, "200");
        if (adams.status() == 200 && versions(adams) != adamsBefore) {
            sweep.findings.add(new Sweep.Finding("viewer-service", HEADERS, "GET .../annotations/history?author=adam",
                    "after vera's save with X-User: adam", adams.bodyStart(), adamsBefore + " versions by adam, as before", ""));
        }
        assertNoFindings(HEADERS);
    }

    @Test
    @Order(5)
    void foreignOriginsGetNoCorsGrantAndResponsesAreNosniff() {
        String evil = "http://evil.example";
        forEachOperation(op -> {
            if (RoleTable.expected(op) == RoleTable.Access.OPEN || op.method().equals("DELETE")) {
                return;
            }
            String s = op.service();
            String target = inputs.target(op);
            Map<String, String> h = new LinkedHashMap<>(adam.bearer());
            h.put("Origin", evil);
            RawHttp.Response r = sweep.expect(s, CORS, op, "adam's token from Origin " + evil, op.method(), target, h,
                    inputs.validBody(op, openapi.get(s)), st -> st > 0 && st < 500, "no 5xx");
            if (r.header("Access-Control-Allow-Origin").contains("evil.example") || r.header("Access-Control-Allow-Origin").equals("*")) {
                sweep.findings.add(new Sweep.Finding(s, CORS, op.key(), "Origin " + evil, "Access-Control-Allow-Origin: "
                        + r.header("Access-Control-Allow-Origin"), "no CORS grant (CORS_ORIGINS is empty)", ""));
            }
            Map<String, String> preflight = Map.of("Origin", evil, "Access-Control-Request-Method", op.method(),
                    "Access-Control-Request-Headers", "authorization,content-type");
            RawHttp.Response p = sweep.expect(s, CORS, op, "preflight from " + evil, "OPTIONS", target, preflight, null,
                    st -> st > 0 && st < 500, "no 5xx");
            if (p.header("Access-Control-Allow-Origin").contains("evil.example") || p.header("Access-Control-Allow-Origin").equals("*")) {
                sweep.findings.add(new Sweep.Finding(s, CORS, op.key(), "preflight from " + evil, "Access-Control-Allow-Origin: "
                        + p.header("Access-Control-Allow-Origin"), "no CORS grant", ""));
            }
            RawHttp.Response plain = sweep.call(s, op.method(), target, adam.bearer(), inputs.validBody(op, openapi.get(s)));
            if (plain.status() > 0 && !plain.header("X-Content-Type-Options").equalsIgnoreCase("nosniff")) {
                sweep.findings.add(new Sweep.Finding(s, CORS, op.key(), "adam's token", plain.status() + " without X-Content-Type-Options: nosniff",
                        "X-Content-Type-Options: nosniff", ""));
            }
        });
        assertNoFindings(CORS);
    }

    @Test
    @Order(6)
    void hostileInputNeverGivesA5xx() throws Exception {
        Map<String, JsonNode> replacements = Hostile.jsonReplacements();
        IntPredicate no5xx = st -> st >= 100 && st < 500;
        forEachOperationInParallel(op -> {
            String s = op.service();
            JsonNode doc = openapi.get(s);
            Hostile.Body valid = inputs.validBody(op, doc);
            // path parameters, one at a time
            for (String p : op.pathParams()) {
                for (Hostile.Value v : Hostile.VALUES) {
                    sweep.expect(s, HOSTILE, op, "path " + p + "=" + v.name(), op.method(), inputs.target(op, p, Hostile.encodePathSegment(v.text()), null),
                            adam.bearer(), valid, no5xx, "no 5xx");
                }
                for (Hostile.Value v : Hostile.RAW_PATH_SEGMENTS) {
                    sweep.expect(s, HOSTILE, op, "path " + p + "=" + v.name(), op.method(), inputs.target(op, p, v.text(), null),
                            adam.bearer(), valid, no5xx, "no 5xx");
                }
            }
            // query parameters, one at a time, plus unknown and malformed ones
            for (ApiOperation.QueryParam q : ValidInputs.queryParams(op)) {
                for (Hostile.Value v : Hostile.VALUES) {
                    sweep.expect(s, HOSTILE, op, "query " + q.name() + "=" + v.name(), op.method(),
                            inputs.target(op, null, null, Hostile.encodeQuery(q.name()) + "=" + Hostile.encodeQuery(v.text())), adam.bearer(), valid,
                            no5xx, "no 5xx");
                }
                for (String raw : List.of("%zz", "%", "%00", "%ff%fe", "a&" + q.name() + "=b", "")) {
                    sweep.expect(s, HOSTILE, op, "query " + q.name() + "=raw " + raw, op.method(),
                            inputs.target(op, null, null, q.name() + "=" + raw), adam.bearer(), valid, no5xx, "no 5xx");
                }
            }
            for (String query : List.of("__proto__[admin]=1", "%zz=1", "a=1&".repeat(2000) + "b=2", "x=" + "A".repeat(100_000))) {
                sweep.expect(s, HOSTILE, op, "query " + Sweep.shorten(query, 40), op.method(), inputs.target(op, null, null, query),
                        adam.bearer(), valid, no5xx, "no 5xx");
            }
            if (!op.hasBody()) {
                return;
            }
            // bodies
            for (String type : op.requestTypes()) {
                String t = type.toLowerCase();
                if (t.contains("json")) {
                    JsonNode base = inputs.jsonBody(op, doc);
                    for (String pointer : Hostile.pointers(base)) {
                        for (Map.Entry<String, JsonNode> r : replacements.entrySet()) {
                            sweep.expect(s, HOSTILE, op, "body " + pointer + "=" + r.getKey(), op.method(), inputs.target(op), adam.bearer(),
                                    new Hostile.Body("json", type, Hostile.bytes(Hostile.replaced(base, pointer, r.getValue()))), no5xx, "no 5xx");
                        }
                        sweep.expect(s, HOSTILE, op, "body without " + pointer, op.method(), inputs.target(op), adam.bearer(),
                                new Hostile.Body("json", type, Hostile.bytes(Hostile.replaced(base, pointer, null))), no5xx, "no 5xx");
                    }
                    for (Hostile.Body b : Hostile.brokenJsonBodies()) {
                        sweep.expect(s, HOSTILE, op, "body " + b.name(), op.method(), inputs.target(op), adam.bearer(), b, no5xx, "no 5xx");
                    }
                    for (Hostile.Body b : Hostile.wrongContentTypes(Hostile.bytes(base))) {
                        sweep.expect(s, HOSTILE, op, "content type " + b.name(), op.method(), inputs.target(op), adam.bearer(), b, no5xx, "no 5xx");
                    }
                } else if (t.startsWith("multipart/")) {
                    for (Hostile.Body b : Hostile.multipartBodies()) {
                        sweep.expect(s, HOSTILE, op, "body " + b.name(), op.method(), inputs.target(op), adam.bearer(), b, no5xx, "no 5xx");
                    }
                } else {
                    for (Hostile.Body b : Hostile.textBodies(type)) {
                        sweep.expect(s, HOSTILE, op, "body " + b.name() + " as " + type, op.method(), inputs.target(op), adam.bearer(), b,
                                no5xx, "no 5xx");
                    }
                }
            }
        });
        // the services are still up after all that
        for (String s : Stack.SERVICES) {
            sweep.expect(s, HOSTILE, null, "after the sweep", "GET", "/q/health/live", Map.of(), null, st -> st == 200, "200");
        }
        assertNoFindings(HOSTILE);
    }

    // ---------------------------------------------------------------------------------- helpers

    interface OpCheck {
        void run(ApiOperation op) throws Exception;
    }

    private static void forEachOperation(OpCheck check) {
        for (List<ApiOperation> ops : operations.values()) {
            for (ApiOperation op : ops) {
                runCheck(check, op);
            }
        }
    }

    /** One thread per service (each service's requests stay in order, so its log excerpts line up). */
    private static void forEachOperationInParallel(OpCheck check) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(operations.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<ApiOperation> ops : operations.values()) {
                futures.add(pool.submit(() -> ops.forEach(op -> runCheck(check, op))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runCheck(OpCheck check, ApiOperation op) {
        try {
            check.run(op);
        } catch (Exception e) {
            sweep.findings.add(new Sweep.Finding(op.service(), "harness", op.key(), "", e.toString(), "the check to run", ""));
        }
    }

    private static void assertNoFindings(String... checks) {
        List<String> names = List.of(checks);
        List<Sweep.Finding> wrong;
        synchronized (sweep.findings) {
            wrong = sweep.findings.stream().filter(f -> names.contains(f.check()) || f.check().equals("harness")).toList();
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong answers in " + names + ":\n"
                + wrong.stream().limit(60).map(Sweep.Finding::toString).collect(Collectors.joining("\n")));
    }
}
