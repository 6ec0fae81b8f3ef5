package org.medcloud.inference.monai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.medcloud.inference.config.InferenceSettings;

/**
 * The only code that talks to MONAI Label: GET /info/ and POST /infer/{model} (multipart/form-data request with a
 * {@code params} text part and an optional {@code file} part; multipart/form-data reply parsed on its boundary).
 * Failures become {@link MonaiLabelException}s with a readable reason. A circuit breaker stops hammering a server that
 * keeps failing; 4xx answers do not count against it.
 */
@ApplicationScoped
public class MonaiLabelClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    InferenceSettings settings;

    private volatile HttpClient http;

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    public String baseUrl() {
        String u = settings.monaiLabelUrl();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = MonaiLabelRejectedException.class)
    public JsonNode info() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/info/")).timeout(settings.infoTimeout())
                .header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> r = send(req, settings.infoTimeout(), "GET /info/");
        if (r.statusCode() != 200) {
            throw failure(r, "GET /info/");
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new MonaiLabelException(MonaiLabelException.Kind.BAD_REPLY, 200,
                    "MONAI Label's /info/ reply is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * POST /infer/{model}?image=..&output=all. {@code file} (a .nii.gz volume) or {@code image} (a SeriesInstanceUID
     * known to MONAI Label's DICOMweb datastore) names the input.
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = MonaiLabelRejectedException.class)
    public InferReply infer(String model, String image, byte[] file, Map<String, Object> params) {
        String boundary = boundary();
        ByteArrayOutputStream body = new ByteArrayOutputStream(file == null ? 4096 : file.length + 4096);
        String paramsText;
        try {
            paramsText = JSON.writeValueAsString(params);
        } catch (IOException e) {
            throw new IllegalArgumentException("params cannot be serialized", e);
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"params\"\r\n\r\n" + paramsText + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        if (file != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"image.nii.gz\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String url = baseUrl() + "/infer/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + "?image=" + URLEncoder.encode(image == null ? "" : image, StandardCharsets.UTF_8) + "&output=all";
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(settings.readTimeout())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "multipart/form-data, application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        String what = "POST /infer/" + model;
        HttpResponse<byte[]> r = send(req, settings.readTimeout(), what);
        if (r.statusCode() != 200) {
            throw failure(r, what);
        }
        String ct = r.headers().firstValue("Content-Type").orElse("");
        try {
            if (!ct.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                throw new IllegalArgumentException("expected a multipart/form-data reply with the mask, got '" + ct
                        + "' (the model produced no label file?)");
            }
            Map<String, FormDataReply.Part> parts = FormDataReply.parse(r.body(), FormDataReply.boundary(ct));
            FormDataReply.Part p = parts.get("params");
            FormDataReply.Part img = parts.get("image");
            if (p == null || img == null) {
                throw new IllegalArgumentException("expected parts 'params' and 'image', got " + parts.keySet());
            }
            String result = new String(p.body(), StandardCharsets.UTF_8);
            JSON.readTree(result); // must be JSON
            return new InferReply(result, img.body(), img.fileName());
        } catch (IllegalArgumentException | IOException e) {
            throw new MonaiLabelException(MonaiLabelException.Kind.BAD_REPLY, 200,
                    "MONAI Label's reply to " + what + " could not be read: " + e.getMessage(), e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest req, Duration timeout, String what) {
        try {
            return http().send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new MonaiLabelException(MonaiLabelException.Kind.UNREACHABLE, 0, "MONAI Label at " + baseUrl()
                    + " did not accept a connection within " + settings.connectTimeout().toSeconds() + " s (" + what + ")", e);
        } catch (HttpTimeoutException e) {
            throw new MonaiLabelException(MonaiLabelException.Kind.TIMEOUT, 0, "MONAI Label at " + baseUrl()
                    + " did not answer " + what + " within " + human(timeout)
                    + " (the inference may still be running there; raise MONAI_LABEL_READ_TIMEOUT for large series)", e);
        } catch (ConnectException e) {
            throw new MonaiLabelException(MonaiLabelException.Kind.UNREACHABLE, 0, "MONAI Label at " + baseUrl()
                    + " refused the connection (" + what + "); is the server running and MONAI_LABEL_URL right?", e);
        } catch (IOException e) {
            throw new MonaiLabelException(MonaiLabelException.Kind.UNREACHABLE, 0, "MONAI Label at " + baseUrl()
                    + " could not be reached (" + what + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MonaiLabelException(MonaiLabelException.Kind.UNREACHABLE, 0, "interrupted while calling MONAI Label", e);
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Non-200 answers: MONAI Label's bare text/plain 500, FastAPI {"detail": ...} bodies, pydantic 422 lists. */
    static MonaiLabelException failure(HttpResponse<byte[]> r, String what) {
        int status = r.statusCode();
        String ct = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        String detail = null;
        if (ct.contains("json")) {
            try {
                JsonNode d = JSON.readTree(text).path("detail");
                if (d.isTextual()) {
                    detail = d.asText();
                } else if (d.isArray()) {
                    StringBuilder sb = new StringBuilder();
                    for (JsonNode e : d) {
                        if (sb.length() > 0) {
                            sb.append("; ");
                        }
                        StringBuilder loc = new StringBuilder();
                        for (JsonNode l : e.path("loc")) {
                            loc.append(loc.length() > 0 ? "." : "").append(l.asText());
                        }
                        sb.append(loc).append(": ").append(e.path("msg").asText());
                    }
                    detail = sb.toString();
                }
            } catch (IOException ignored) {
                detail = null;
            }
        }
        if (status >= 400 && status < 500) {
            return new MonaiLabelRejectedException(status, "MONAI Label rejected " + what + " with HTTP " + status
                    + (detail != null ? ": " + detail : text.isBlank() ? "" : ": " + abbreviate(text)));
        }
        if (status == 500 && detail == null) {
            return new MonaiLabelException(MonaiLabelException.Kind.SERVER_ERROR, status, "MONAI Label failed with an "
                    + "internal error on " + what + " (HTTP 500 '" + abbreviate(text.trim()) + "', no detail given; the "
                    + "cause is in the MONAI Label server log, e.g. an unknown model or image, unreadable input or a crash)", null);
        }
        return new MonaiLabelException(MonaiLabelException.Kind.SERVER_ERROR, status, "MONAI Label failed on " + what
                + " with HTTP " + status + (detail != null ? ": " + detail : ""), null);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static String boundary() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            sb.append(Character.forDigit(RANDOM.nextInt(16), 16));
        }
        return sb.toString();
    }
}
