package org.medcloud.dev.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Streams each request to the service that owns its path prefix (no buffering, so Server-Sent
 * Events and large DICOM bodies pass straight through) and serves the built web UI for the rest,
 * falling back to index.html for the single-page app's own routes. {@code /config.json} is the UI's
 * built one with the {@code auth} section of this stack merged over it (UI_AUTH_MODE,
 * UI_OIDC_ISSUER, UI_OIDC_CLIENT_ID, UI_OIDC_SCOPE), and every UI response carries the browser
 * security headers (Content-Security-Policy and friends, see {@link #securityHeaders}).
 */
@Singleton
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");

    @ConfigProperty(name = "gateway.routes.search")
    String search;
    @ConfigProperty(name = "gateway.routes.downloads")
    String downloads;
    @ConfigProperty(name = "gateway.routes.viewer")
    String viewer;
    @ConfigProperty(name = "gateway.routes.inference")
    String inference;
    @ConfigProperty(name = "gateway.ui-dir")
    String uiDir;
    @ConfigProperty(name = "gateway.ui.auth-mode")
    Optional<String> uiAuthMode;
    @ConfigProperty(name = "gateway.ui.oidc-issuer")
    Optional<String> uiOidcIssuer;
    @ConfigProperty(name = "gateway.ui.oidc-client-id", defaultValue = "medcloud-web")
    String uiOidcClientId;
    @ConfigProperty(name = "gateway.ui.oidc-scope", defaultValue = "openid profile email")
    String uiOidcScope;

    private HttpClient client;

    void init(@Observes Router router, Vertx vertx) {
        client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true)
                .setIdleTimeout(60).setConnectTimeout(5000));
        route(router, "/api/search", search);
        route(router, "/api/downloads", downloads);
        route(router, "/api/viewer", viewer);
        route(router, "/dicomweb", viewer);
        route(router, "/api/inference", inference);
        router.route("/api/*").order(10).handler(ctx -> problem(ctx.response(), 404, "No service at " + ctx.request().path()));

        Path ui = Path.of(uiDir).toAbsolutePath().normalize();
        Map<String, String> headers = securityHeaders(uiAuthMode.orElse(""), uiOidcIssuer.orElse(""));
        router.route("/*").order(15).handler(ctx -> {
            headers.forEach(ctx.response()::putHeader);
            ctx.next();
        });
        router.get("/config.json").order(16).handler(ctx -> serveConfig(ctx, ui.resolve("config.json")));
        if (Files.isRegularFile(ui.resolve("index.html"))) {
            router.route("/*").order(20).handler(StaticHandler.create(FileSystemAccess.ROOT, ui.toString())
                    .setCachingEnabled(true).setIndexPage("index.html"));
            router.get("/*").order(21).handler(ctx -> ctx.response().putHeader("Cache-Control", "no-cache")
                    .sendFile(ui.resolve("index.html").toString()));
            LOG.infof("Serving the web UI from %s", ui);
        } else {
            router.get("/").order(20).handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain")
                    .end("The web UI is not built (" + ui + "/index.html missing): run 'make ui'.\n"));
            LOG.warnf("No web UI at %s (UI_DIR): only the API routes are served", ui);
        }
    }

    /**
     * The UI's config.json with this stack's auth settings merged over it (when UI_AUTH_MODE is
     * set); served uncached so a restarted stack with another mode is picked up at once.
     */
    private void serveConfig(RoutingContext ctx, Path file) {
        JsonObject config = new JsonObject();
        try {
            if (Files.isRegularFile(file)) {
                config = new JsonObject(Files.readString(file));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot read %s (%s): serving the auth settings alone", file, e.getMessage());
        }
        String mode = uiAuthMode.orElse("").trim().toLowerCase(Locale.ROOT);
        if (!mode.isEmpty()) {
            JsonObject auth = new JsonObject().put("mode", mode);
            if (mode.equals("oidc")) {
                auth.put("issuer", uiOidcIssuer.orElse("").trim()).put("clientId", uiOidcClientId.trim())
                        .put("scope", uiOidcScope.trim());
            }
            config.put("auth", auth);
        }
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-cache")
                .end(config.encodePrettily());
    }

    /**
     * Headers of every UI response. The policy fits the app: its own scripts plus WebAssembly
     * (Cornerstone's codecs), module workers, blob: and data: images (authenticated thumbnails,
     * rendered frames), inline styles (Angular Material and the inlined critical CSS), and API
     * calls to this origin plus, in oidc mode, the identity provider's origin (discovery, token,
     * JWKS). The critical-CSS loader's one inline handler is allowed by its hash.
     */
    static Map<String, String> securityHeaders(String authMode, String oidcIssuer) {
        String connect = "'self'";
        if ("oidc".equalsIgnoreCase(authMode.trim()) && !oidcIssuer.isBlank()) {
            URI issuer = URI.create(oidcIssuer.trim());
            connect += " " + issuer.getScheme() + "://" + issuer.getRawAuthority();
        }
        String csp = String.join("; ",
                "default-src 'self'",
                "script-src 'self' 'wasm-unsafe-eval' 'unsafe-hashes' '" + CRITICAL_CSS_ONLOAD_HASH + "'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "font-src 'self' data:",
                "worker-src 'self' blob:",
                "connect-src " + connect,
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'");
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Content-Security-Policy", csp);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Frame-Options", "DENY");
        h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        return Map.copyOf(h);
    }

    /** sha256 of {@code this.media='all'}: Angular's build loads the non-critical stylesheet with it. */
    static final String CRITICAL_CSS_ONLOAD_HASH = "sha256-" + java.util.Base64.getEncoder().encodeToString(
            sha256("this.media='all'"));

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void route(Router router, String prefix, String target) {
        URI base = URI.create(target);
        router.route(prefix).order(1).handler(ctx -> forward(ctx, base));
        router.route(prefix + "/*").order(1).handler(ctx -> forward(ctx, base));
    }

    private void forward(RoutingContext ctx, URI base) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse resp = ctx.response();
        req.pause();
        // Connect to the service, but keep the Host the browser used, as an ingress does: the
        // services' CORS check compares a request's Origin with its Host, so a same-origin POST
        // from the UI would otherwise look cross-origin and be refused with 403.
        HostAndPort authority = req.authority();
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(base.getPort(), base.getHost()))
                .setHost(authority != null ? authority.host() : base.getHost())
                .setPort(authority != null && authority.port() > 0 ? authority.port() : base.getPort())
                .setMethod(req.method()).setURI(req.uri()).setTimeout(0).setIdleTimeout(600_000);
        client.request(options).onComplete(ar -> {
            if (ar.failed()) {
                req.resume();
                problem(resp, 502, "The service behind " + req.path() + " is not reachable (" + base + "): "
                        + ar.cause().getMessage());
                return;
            }
            var creq = ar.result();
            copyHeaders(req.headers(), creq.headers());
            creq.putHeader("X-Forwarded-Host", String.valueOf(req.authority()));
            creq.putHeader("X-Forwarded-Proto", req.scheme());
            creq.send(req).onComplete(rr -> {
                if (rr.failed()) {
                    if (!resp.headWritten()) {
                        problem(resp, 502, "The service behind " + req.path() + " failed: " + rr.cause().getMessage());
                    } else {
                        resp.reset();
                    }
                    return;
                }
                var cres = rr.result();
                resp.setStatusCode(cres.statusCode());
                copyHeaders(cres.headers(), resp.headers());
                if (!cres.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                    resp.setChunked(true);
                }
                cres.pipeTo(resp);
            });
        });
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(e -> {
            if (!HOP_BY_HOP.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                to.add(e.getKey(), e.getValue());
            }
        });
    }

    private static void problem(HttpServerResponse resp, int status, String detail) {
        if (resp.ended()) {
            return;
        }
        JsonObject body = new JsonObject().put("type", "urn:medcloud:problem:gateway-" + status)
                .put("title", status == 404 ? "Not found" : "Service unavailable").put("status", status).put("detail", detail);
        resp.setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(body.encode());
    }
}
