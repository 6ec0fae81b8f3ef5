package org.medcloud.download.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.medcloud.download.config.DownloadConfig;
import org.medcloud.security.OutgoingAuth;

/** Registers a stored series with the viewer: POST {VIEWER_URL}/api/viewer/catalog {"indexKey": ...}. */
@ApplicationScoped
public class ViewerClient {

    @Inject
    DownloadConfig config;

    @Inject
    OutgoingAuth auth;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Null when accepted, else what went wrong. */
    public String register(String indexKey) {
        String body = "{\"indexKey\":\"" + indexKey.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(
                            URI.create(config.viewerUrl().replaceAll("/+$", "") + "/api/viewer/catalog"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            // Background work: the download service's own identity (a client-credentials token with the admin role).
            auth.serviceHeader().ifPresent(h -> req.header("Authorization", h));
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() / 100 == 2 ? null : "viewer answered HTTP " + r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IllegalStateException e) {
            return "no service credentials for the viewer: " + e.getMessage();
        } catch (Exception e) {
            return "viewer not reachable at " + config.viewerUrl() + ": " + e;
        }
    }
}
