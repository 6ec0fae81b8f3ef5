package org.medcloud.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Microsoft Entra ID token endpoint, for the part that AKS Workload ID uses:
 * the OAuth 2.0 client credentials grant with a federated client assertion, as
 * {@code WorkloadIdentityCredential} (azure-identity, through MSAL) sends it:
 *
 * <pre>
 * POST {authority host}/{tenant}/oauth2/v2.0/token
 * grant_type=client_credentials&amp;client_id=...&amp;scope=https://storage.azure.com/.default
 * &amp;client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&amp;client_assertion=&lt;the file's JWT&gt;
 * </pre>
 *
 * <p>It runs on HTTPS ({@link SelfSignedTls}) on 127.0.0.1 and checks what Entra checks for one
 * app registration with one federated identity credential: the tenant, the client id, the grant,
 * the assertion (it must be the current content of the projected service-account token file this
 * stand-in was given, a JWT for audience {@value #TOKEN_EXCHANGE_AUDIENCE}, not expired) and the
 * scope ({@code <resource>/.default}). It answers like Entra: a JSON token response, or an
 * {@code AADSTS...} error (with Entra's multi-line {@code error_description}). Access tokens are
 * v1 JWTs as Entra issues them for Azure Storage: issuer {@code https://sts.windows.net/<tenant>/},
 * audience the resource, {@code oid}/{@code tid}/{@code appid} claims, signed with an ephemeral
 * RSA key (Azurite's {@code --oauth basic} does not check signatures). There is no instance
 * discovery or OpenID metadata endpoint: clients must disable instance discovery.
 */
public final class EntraIdStandIn implements AutoCloseable {

    /** The audience Entra requires in a federated (workload identity) assertion. */
    public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
    public static final String STORAGE_RESOURCE = "https://storage.azure.com";
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Pattern TOKEN_PATH = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");

    private final String tenantId;
    private final String clientId;
    private final Path federatedTokenFile;
    private final String objectId = UUID.randomUUID().toString();
    private final KeyPair signingKey;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final AtomicInteger issued = new AtomicInteger();
    private final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
    private volatile Duration tokenLifetime = Duration.ofHours(1);

    private EntraIdStandIn(SelfSignedTls tls, String tenantId, String clientId, Path federatedTokenFile) {
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.federatedTokenFile = federatedTokenFile;
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            this.signingKey = gen.generateKeyPair();
            this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        server.createContext("/", this::handle);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "entra-stand-in");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Starts the endpoint for one app registration ({@code clientId} in {@code tenantId}) whose
     * federated identity credential accepts the token currently in {@code federatedTokenFile}
     * (read at each request, so a test can rotate it).
     */
    public static EntraIdStandIn start(SelfSignedTls tls, String tenantId, String clientId, Path federatedTokenFile) {
        return new EntraIdStandIn(tls, tenantId, clientId, federatedTokenFile);
    }

    /** {@code https://127.0.0.1:PORT/}: the value for AZURE_AUTHORITY_HOST. */
    public String authorityHost() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    /** The object id of the app's service principal ({@code oid} of the access tokens). */
    public String objectId() {
        return objectId;
    }

    /** Lifetime of the access tokens issued from now on (default 1 hour). */
    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /** Access tokens issued so far. */
    public int tokensIssued() {
        return issued.get();
    }

    /** The {@code error_description}s of the requests refused so far. */
    public List<String> refusals() {
        synchronized (refusals) {
            return List.copyOf(refusals);
        }
    }

    /** An access token as this endpoint issues them, for {@code audience}; for tests that call a resource directly. */
    public String accessToken(String audience, Duration lifetime) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", audience);
        claims.put("iss", "https://sts.windows.net/" + tenantId + "/");
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.minusSeconds(300).getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("aio", UUID.randomUUID().toString());
        claims.put("appid", clientId);
        claims.put("appidacr", "2");
        claims.put("idp", "https://sts.windows.net/" + tenantId + "/");
        claims.put("idtyp", "app");
        claims.put("oid", objectId);
        claims.put("sub", objectId);
        claims.put("tid", tenantId);
        claims.put("uti", UUID.randomUUID().toString().replace("-", ""));
        claims.put("ver", "1.0");
        return jwt(signingKey, claims);
    }

    /**
     * A JWT like the service-account token that AKS projects into a Workload ID pod
     * ({@code AZURE_FEDERATED_TOKEN_FILE}): issuer the cluster's OIDC issuer, subject
     * {@code system:serviceaccount:<namespace>:<name>}, audience {@value #TOKEN_EXCHANGE_AUDIENCE}.
     */
    public static String kubernetesServiceAccountToken(String namespace, String serviceAccount, Duration lifetime) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            Instant now = Instant.now();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("aud", List.of(TOKEN_EXCHANGE_AUDIENCE));
            claims.put("iss", "https://oidc.prod-aks.azure.com/" + UUID.randomUUID() + "/");
            claims.put("sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
            claims.put("iat", now.getEpochSecond());
            claims.put("nbf", now.getEpochSecond());
            claims.put("exp", now.plus(lifetime).getEpochSecond());
            claims.put("jti", UUID.randomUUID().toString());
            return jwt(gen.generateKeyPair(), claims);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = TOKEN_PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                refuse(exchange, 404, "not_found", 0, "no such endpoint on this stand-in: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestURI());
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, 405, "invalid_request", 900561, "AADSTS900561: The endpoint only accepts POST requests."
                        + " Received a " + exchange.getRequestMethod() + " request.");
                return;
            }
            if (!tenantId.equals(m.group(1))) {
                refuse(exchange, 400, "invalid_request", 90002, "AADSTS90002: Tenant '" + m.group(1) + "' not found.");
                return;
            }
            Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            if (!"client_credentials".equals(form.get("grant_type"))) {
                refuse(exchange, 400, "unsupported_grant_type", 70003, "AADSTS70003: The app requested an unsupported"
                        + " grant type '" + form.get("grant_type") + "'.");
                return;
            }
            if (!clientId.equals(form.get("client_id"))) {
                refuse(exchange, 400, "unauthorized_client", 700016, "AADSTS700016: Application with identifier '"
                        + form.get("client_id") + "' was not found in the directory '" + tenantId + "'.");
                return;
            }
            String assertion = form.get("client_assertion");
            if (!ASSERTION_TYPE.equals(form.get("client_assertion_type")) || assertion == null || assertion.isEmpty()) {
                refuse(exchange, 401, "invalid_client", 7000218, "AADSTS7000218: The request body must contain the"
                        + " following parameter: 'client_assertion' or 'client_secret'.");
                return;
            }
            String assertionProblem = checkAssertion(assertion);
            if (assertionProblem != null) {
                refuse(exchange, 401, "invalid_client", 700213, assertionProblem);
                return;
            }
            // MSAL adds the OpenID Connect scopes, which Entra ignores for this grant
            List<String> scopes = new ArrayList<>(List.of(form.getOrDefault("scope", "").trim().split("\\s+")));
            scopes.removeAll(List.of("openid", "profile", "offline_access", "email"));
            String scope = String.join(" ", scopes);
            if (scopes.size() != 1 || !scope.endsWith("/.default")) {
                refuse(exchange, 400, "invalid_scope", 1002012, "AADSTS1002012: The provided value for scope " + scope
                        + " is not valid. Client credential flows must have a scope value with /.default suffixed to"
                        + " the resource identifier (application ID URI).");
                return;
            }
            String resource = scope.substring(0, scope.length() - "/.default".length());
            if (!resource.equals(STORAGE_RESOURCE) && !resource.matches("https://[a-z0-9]+\\.blob\\.core\\.windows\\.net")) {
                refuse(exchange, 400, "invalid_resource", 500011, "AADSTS500011: The resource principal named "
                        + resource + " was not found in the tenant named " + tenantId + ".");
                return;
            }
            Duration lifetime = tokenLifetime;
            String token = accessToken(resource, lifetime);
            issued.incrementAndGet();
            send(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":" + lifetime.toSeconds()
                    + ",\"ext_expires_in\":" + lifetime.toSeconds() + ",\"access_token\":\"" + token + "\"}");
        } catch (RuntimeException e) {
            refuse(exchange, 500, "server_error", 0, "stand-in failure: " + e);
        }
    }

    /** Null if the assertion is the projected token (current file content) and a valid federated assertion. */
    private String checkAssertion(String assertion) throws IOException {
        String expected = Files.readString(federatedTokenFile, StandardCharsets.UTF_8).trim();
        Map<String, String> claims = decodeClaims(assertion);
        if (claims == null) {
            return "AADSTS50027: JWT token is invalid or malformed.";
        }
        if (!assertion.equals(expected)) {
            return "AADSTS700213: No matching federated identity record found for presented assertion subject '"
                    + claims.get("sub") + "'. Check your federated identity credential Subject, Audience and Issuer"
                    + " against the presented assertion.";
        }
        if (!claims.getOrDefault("aud", "").contains(TOKEN_EXCHANGE_AUDIENCE)) {
            return "AADSTS700212: No matching federated identity record found for presented assertion audience '"
                    + claims.get("aud") + "'.";
        }
        String exp = claims.get("exp");
        if (exp == null || Long.parseLong(exp) < Instant.now().getEpochSecond()) {
            return "AADSTS700024: Client assertion is not within its valid time range.";
        }
        return null;
    }

    private void refuse(HttpExchange exchange, int status, String error, int code, String description)
            throws IOException {
        refusals.add(description);
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        String timestamp = Instant.now().toString();
        // Entra puts the trace and correlation ids on further lines of error_description
        String full = description + "\r\nTrace ID: " + trace + "\r\nCorrelation ID: " + correlation
                + "\r\nTimestamp: " + timestamp;
        send(exchange, status, "{\"error\":\"" + error + "\",\"error_description\":\"" + json(full)
                + "\",\"error_codes\":[" + code + "],\"timestamp\":\"" + timestamp + "\",\"trace_id\":\"" + trace
                + "\",\"correlation_id\":\"" + correlation + "\",\"error_uri\":\"https://login.microsoftonline.com/error?code="
                + code + "\"}");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(k, v);
        }
        return form;
    }

    /** The top-level claims of a JWT as strings (arrays as their JSON text), or null if it is not a JWT. */
    static Map<String, String> decodeClaims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        String json;
        try {
            json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).trim();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!json.startsWith("{")) {
            return null;
        }
        Map<String, String> claims = new LinkedHashMap<>();
        // flat JSON as written by jwt(): "name":"string" | "name":number | "name":["a","b"]
        Matcher m = Pattern.compile("\"([^\"]+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|\\[[^\\]]*\\]|[-0-9.]+)").matcher(json);
        while (m.find()) {
            claims.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
        }
        return claims;
    }

    private static String jwt(KeyPair key, Map<String, Object> claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Object> e : claims.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(e.getKey()).append("\":").append(jsonValue(e.getValue()));
        }
        json.append('}');
        String signingInput = header + "." + b64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(key.getPrivate());
            sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(sig.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jsonValue(Object v) {
        if (v instanceof Number) {
            return v.toString();
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : list) {
                sb.append(sb.length() > 1 ? "," : "").append(jsonValue(o));
            }
            return sb.append(']').toString();
        }
        return "\"" + json(String.valueOf(v)) + "\"";
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
