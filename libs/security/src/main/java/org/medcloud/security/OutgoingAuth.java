package org.medcloud.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Authorization header for a call from one service to another. Inside a user's request the
 * caller's own credentials are propagated (the callee then applies the caller's roles); in
 * background work (download workers, inference jobs) the service's own identity is used: an OIDC
 * client-credentials token (OIDC_CLIENT_ID / OIDC_CLIENT_SECRET, cached until shortly before it
 * expires) or SERVICE_BASIC_USER / SERVICE_BASIC_PASSWORD. Empty in AUTH_MODE=none.
 */
@ApplicationScoped
public class OutgoingAuth {

    @Inject
    SecurityRuntime runtime;

    @Inject
    AuthSettings settings;

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> issuer;

    @ConfigProperty(name = "quarkus.oidc.client-id")
    Optional<String> clientId;

    @ConfigProperty(name = "quarkus.oidc.credentials.secret")
    Optional<String> clientSecret;

    /** OIDC_CLIENT_SCOPE: some providers need one for client credentials (Entra: api://<app>/.default). */
    @ConfigProperty(name = "medcloud.auth.client-scope")
    Optional<String> clientScope;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String tokenEndpoint;
    private volatile String cachedToken;
    private volatile long cachedUntilMillis;

    /** The current caller's credentials when there is one, else the service's. */
    public Optional<String> header() {
        Optional<String> caller = callerHeader();
        return caller.isPresent() ? caller : serviceHeader();
    }

    /** The caller's own credentials, when called inside an authenticated request. */
    public Optional<String> callerHeader() {
        if (runtime.mode() == AuthMode.NONE) {
            return Optional.empty();
        }
        SecurityIdentity identity;
        try {
            identity = identities.getIdentity();
        } catch (RuntimeException e) {
            return Optional.empty(); // no request context: background work
        }
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token != null && token.getToken() != null) {
            return Optional.of("Bearer " + token.getToken());
        }
        PasswordCredential password = identity.getCredential(PasswordCredential.class);
        if (password != null) {
            return Optional.of(basic(identity.getPrincipal().getName(), new String(password.getPassword())));
        }
        return Optional.empty();
    }

    /** The service's own credentials, for background calls. */
    public Optional<String> serviceHeader() {
        return switch (runtime.mode()) {
            case NONE -> Optional.empty();
            case BASIC -> settings.basic().serviceUser().filter(u -> !u.isBlank())
                    .map(u -> basic(u, settings.basic().servicePassword().orElse("")));
            case OIDC -> Optional.of("Bearer " + clientCredentialsToken());
        };
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    synchronized String clientCredentialsToken() {
        long now = System.currentTimeMillis();
        if (cachedToken != null && now < cachedUntilMillis) {
            return cachedToken;
        }
        String id = clientId.orElseThrow(() -> new IllegalStateException("OIDC_CLIENT_ID is not set"));
        String secret = clientSecret.filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException("OIDC_CLIENT_SECRET is not set: background calls"
                        + " to other services need the service client's secret"));
        try {
            if (tokenEndpoint == null) {
                String base = issuer.orElseThrow().replaceAll("/+$", "");
                HttpResponse<String> d = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (d.statusCode() != 200) {
                    throw new IllegalStateException("OIDC discovery answered HTTP " + d.statusCode());
                }
                tokenEndpoint = mapper.readTree(d.body()).path("token_endpoint").asText();
            }
            String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                    + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)
                    + clientScope.filter(sc -> !sc.isBlank())
                            .map(sc -> "&scope=" + URLEncoder.encode(sc, StandardCharsets.UTF_8)).orElse("");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the token endpoint answered HTTP " + r.statusCode()
                        + " to the client-credentials grant of " + id);
            }
            JsonNode json = mapper.readTree(r.body());
            cachedToken = json.path("access_token").asText();
            long lifetime = json.path("expires_in").asLong(60);
            cachedUntilMillis = now + Math.max(5, lifetime - 30) * 1000L;
            return cachedToken;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not get a service token from " + issuer.orElse("?") + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while getting a service token", e);
        }
    }
}
