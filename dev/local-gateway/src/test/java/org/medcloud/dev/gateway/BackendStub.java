package org.medcloud.dev.gateway;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real HTTP server standing behind the gateway in tests: it echoes method, path, query and body
 * so the test can see exactly what the gateway forwarded. The inference route points at a closed
 * port to exercise the 502 path. A temporary UI folder checks static serving and the SPA fallback.
 */
public class BackendStub implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String echo = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " body=" + body.length
                        + " x-test=" + exchange.getRequestHeaders().getFirst("X-Test");
                byte[] out = echo.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.getResponseHeaders().add("X-Backend", "yes");
                exchange.getResponseHeaders().add("X-Seen-Host", String.valueOf(exchange.getRequestHeaders().getFirst("Host")));
                exchange.sendResponseHeaders(200, 0); // chunked, like a streamed ZIP or SSE
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            });
            server.start();
            Path ui = Files.createTempDirectory("ui");
            Files.writeString(ui.resolve("index.html"), "<html><body>medcloud-ui-index</body></html>");
            Files.writeString(ui.resolve("app.js"), "console.log('app');");
            Files.writeString(ui.resolve("config.json"), "{\"searchApi\": \"/api/search\", \"auth\": {\"mode\": \"none\"}}");
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            return Map.of("gateway.routes.search", url, "gateway.routes.downloads", url, "gateway.routes.viewer", url,
                    "gateway.routes.inference", "http://127.0.0.1:1", "gateway.ui-dir", ui.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
