package org.medcloud.search.nbia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * OAuth2 token for NBIA v1/v2 (password grant, credentials in the POST body as NBIA requires
 * since 2025); refreshed with the refresh token shortly before expiry, falling back to a new
 * password grant when the refresh fails.
 */
@ApplicationScoped
public class TokenProvider {

    private static final Logger LOG = Logger.getLogger(TokenProvider.class);

    @Inject
    NbiaConfig config;

    @Inject
    ObjectMapper mapper;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private String accessToken;
    private String refreshToken;
    private Instant expiresAt = Instant.EPOCH;
    private int fetches;

    public boolean enabled() {
        return config.oauth().tokenUrl().filter(s -> !s.isBlank()).isPresent() && !"v4".equals(config.apiVersion());
    }

    /** A valid access token, fetched or refreshed when needed. */
    public synchronized String token() {
        Instant now = Instant.now();
        if (accessToken != null && now.isBefore(expiresAt.minus(config.oauth().refreshBefore()))) {
            return accessToken;
        }
        if (refreshToken != null) {
            try {
                fetch(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
                return accessToken;
            } catch (UpstreamFailure e) {
                LOG.infof("NBIA token refresh failed (%s); requesting a new token", e.getMessage());
            }
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", config.oauth().username());
        form.put("password", config.oauth().password().orElse(""));
        form.put("client_id", config.oauth().clientId());
        config.oauth().clientSecret().ifPresent(s -> form.put("client_secret", s));
        fetch(form);
        return accessToken;
    }

    /** Number of token requests made (for tests and metrics). */
    public synchronized int fetches() {
        return fetches;
    }

    private void fetch(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.oauth().tokenUrl().orElseThrow()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        fetches++;
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new UpstreamFailure(UpstreamFailure.Kind.REJECTED, r.statusCode(), null,
                        "token endpoint answered " + r.statusCode(), null);
            }
            JsonNode j = mapper.readTree(r.body());
            accessToken = j.path("access_token").asText(null);
            if (accessToken == null) {
                throw new UpstreamFailure(UpstreamFailure.Kind.MALFORMED, 502, null, "token response without access_token", null);
            }
            refreshToken = j.path("refresh_token").asText(null);
            expiresAt = Instant.now().plusSeconds(j.path("expires_in").asLong(7200));
        } catch (java.io.IOException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, 0, null, "token endpoint unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailure(UpstreamFailure.Kind.IO, 0, null, "interrupted", e);
        }
    }
}
