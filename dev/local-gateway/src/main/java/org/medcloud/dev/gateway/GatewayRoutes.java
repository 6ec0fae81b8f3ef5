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
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Streams each request to the service that owns its path prefix (no buffering, so Server-Sent
 * Events and large DICOM bodies pass straight through) and serves the built web UI for the rest,
 * falling back to index.html for the single-page app's own routes.
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

    private void route(Router router, String prefix, String target) {
        URI base = URI.create(target);
        router.route(prefix).order(1).handler(ctx -> forward(ctx, base));
        router.route(prefix + "/*").order(1).handler(ctx -> forward(ctx, base));
    }

    private void forward(RoutingContext ctx, URI base) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse resp = ctx.response();
        req.pause();
        RequestOptions options = new RequestOptions().setHost(base.getHost()).setPort(base.getPort())
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
