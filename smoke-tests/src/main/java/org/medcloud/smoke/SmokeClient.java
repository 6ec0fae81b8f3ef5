package org.medcloud.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** java.net.http with the base URL, optional bearer token and JSON; every failure names its step. */
public final class SmokeClient {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_IN_MESSAGE = 2000;

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;

    public record Response(int status, String contentType, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public SmokeClient(String baseUrl, String token, Duration requestTimeout) {
        String b = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.base = URI.create(b);
        if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) {
            throw new IllegalArgumentException("--base-url must be an http(s) URL: " + baseUrl);
        }
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Resolves a path ("/api/...") or an absolute link against the base URL. */
    public URI resolve(String pathOrUrl) {
        if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")) {
            return URI.create(pathOrUrl);
        }
        return base.resolve(pathOrUrl.startsWith("/") ? pathOrUrl.substring(1) : pathOrUrl);
    }

    public Response get(String step, String path, String accept) {
        return send(step, HttpRequest.newBuilder(resolve(path)).GET().header("Accept", accept));
    }

    public Response postJson(String step, String path, Object body) {
        try {
            return send(step, HttpRequest.newBuilder(resolve(path))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .header("Content-Type", "application/json").header("Accept", "application/json"));
        } catch (IOException e) {
            throw new StepFailure(step, "cannot encode the request body: " + e.getMessage(), 0, "");
        }
    }

    private Response send(String step, HttpRequest.Builder b) {
        b.timeout(requestTimeout);
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest req = b.build();
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new StepFailure(step, req.method() + " " + req.uri() + " failed: " + e, 0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(step, "interrupted", 0, "");
        }
    }

    /** Fails the step unless the status is one of the expected ones. */
    public static Response expect(String step, String what, Response r, int... statuses) {
        for (int s : statuses) {
            if (r.status() == s) {
                return r;
            }
        }
        throw new StepFailure(step, what + ": HTTP " + r.status() + " (expected " + java.util.Arrays.toString(statuses) + ")",
                r.status(), truncate(r.text()));
    }

    public static JsonNode json(String step, String what, Response r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n == null || n.isMissingNode()) {
                throw new IOException("empty body");
            }
            return n;
        } catch (IOException e) {
            throw new StepFailure(step, what + ": the response is not JSON (" + e.getMessage() + ")", r.status(), truncate(r.text()));
        }
    }

    public static String truncate(String s) {
        return s.length() <= MAX_BODY_IN_MESSAGE ? s : s.substring(0, MAX_BODY_IN_MESSAGE) + "... (" + s.length() + " characters)";
    }
}
