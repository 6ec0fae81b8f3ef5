package org.medcloud.download.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medcloud.download.config.DownloadConfig;

/** The NBIA v4 calls the worker needs: getSeries, getSOPInstanceUIDs, getImage (streamed). */
@ApplicationScoped
public class NbiaClient {

    /** What getSeries says about a series. */
    public record SeriesInfo(String seriesUid, String studyUid, String patientId, String collection, Integer imageCount,
                             Long fileSize, Map<String, Object> fields) {
    }

    /** An open getImage response; close it to drop the connection. */
    public interface ImageStream extends AutoCloseable {
        InputStream body();

        @Override
        void close();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DownloadConfig config;

    private volatile HttpClient http;

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(config.nbiaConnectTimeout())
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }

    private String url(String endpoint, String query) {
        String base = config.nbiaBaseUrl().replaceAll("/+$", "");
        return base + "/" + endpoint + (query == null ? "" : "?" + query);
    }

    private static String q(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** getSeries?SeriesInstanceUID=; null when NBIA does not know the series (empty 200). */
    public SeriesInfo series(String uid) throws DownloadFailure {
        JsonNode arr = getJson("getSeries", q("SeriesInstanceUID", uid));
        if (arr == null || !arr.isArray() || arr.isEmpty()) {
            return null;
        }
        JsonNode n = arr.get(0);
        Map<String, Object> f = new LinkedHashMap<>();
        putText(f, "modality", n, "Modality");
        putText(f, "bodyPart", n, "BodyPartExamined");
        putText(f, "manufacturer", n, "Manufacturer");
        putText(f, "manufacturerModelName", n, "ManufacturerModelName");
        putText(f, "seriesDescription", n, "SeriesDescription");
        if (n.hasNonNull("SeriesNumber") && n.get("SeriesNumber").canConvertToInt()) {
            f.put("seriesNumber", n.get("SeriesNumber").asInt());
        }
        putText(f, "studyDescription", n, "StudyDesc");
        return new SeriesInfo(text(n, "SeriesInstanceUID"), text(n, "StudyInstanceUID"), text(n, "PatientID"),
                text(n, "Collection"), n.hasNonNull("ImageCount") ? n.get("ImageCount").asInt() : null,
                n.hasNonNull("FileSize") ? n.get("FileSize").asLong() : null, f);
    }

    /** getSOPInstanceUIDs; null when NBIA cannot say (error or empty). */
    public List<String> sopInstanceUids(String uid) {
        try {
            JsonNode arr = getJson("getSOPInstanceUIDs", q("SeriesInstanceUID", uid));
            if (arr == null || !arr.isArray() || arr.isEmpty()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : arr) {
                String s = text(n, "SOPInstanceUID");
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        } catch (DownloadFailure e) {
            return null;
        }
    }

    /** Opens the ZIP stream (getImage with IncludeMD5=Yes, or getImageWithMD5Hash). */
    public ImageStream image(String uid, java.util.function.Consumer<AutoCloseable> onConnect) throws DownloadFailure {
        String endpoint = config.nbiaImageEndpoint();
        String query = "getImageWithMD5Hash".equalsIgnoreCase(endpoint)
                ? q("SeriesInstanceUID", uid)
                : q("SeriesInstanceUID", uid) + "&IncludeMD5=Yes";
        String u = url("getImageWithMD5Hash".equalsIgnoreCase(endpoint) ? "getImageWithMD5Hash" : "getImage", query);
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) URI.create(u).toURL().openConnection();
            c.setConnectTimeout((int) config.nbiaConnectTimeout().toMillis());
            c.setReadTimeout((int) config.nbiaReadTimeout().toMillis());
            c.setRequestProperty("Accept", "application/zip, application/octet-stream");
            c.setUseCaches(false);
            final HttpURLConnection opened = c;
            onConnect.accept(opened::disconnect); // a cancel can drop the connection even while waiting for headers
            int status = c.getResponseCode();
            if (status != 200) {
                String body = errorBody(c);
                c.disconnect();
                throw statusFailure("getImage", status, body);
            }
            InputStream in = c.getInputStream();
            final HttpURLConnection conn = c;
            return new ImageStream() {
                @Override
                public InputStream body() {
                    return in;
                }

                @Override
                public void close() {
                    conn.disconnect();
                }
            };
        } catch (IOException e) {
            throw DownloadFailure.retryable("NBIA getImage could not be reached: " + e.getMessage(), e);
        }
    }

    private JsonNode getJson(String endpoint, String query) throws DownloadFailure {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url(endpoint, query)))
                .timeout(config.nbiaReadTimeout()).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> resp;
        try {
            resp = http().send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw DownloadFailure.retryable("NBIA " + endpoint + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DownloadFailure.retryable("interrupted while calling NBIA " + endpoint, e);
        }
        if (resp.statusCode() != 200) {
            throw statusFailure(endpoint, resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8));
        }
        if (resp.body().length == 0) {
            return null; // NBIA: no results is an empty 200
        }
        try {
            return JSON.readTree(resp.body());
        } catch (IOException e) {
            throw DownloadFailure.retryable("NBIA " + endpoint + " answered something that is not JSON", e);
        }
    }

    private static DownloadFailure statusFailure(String endpoint, int status, String body) {
        String detail = body == null || body.isBlank() ? "" : ": " + abbreviate(body.trim());
        String msg = "NBIA " + endpoint + " answered HTTP " + status + detail;
        boolean retry = status == 408 || status == 429 || status >= 500;
        return retry ? DownloadFailure.retryable(msg, null) : DownloadFailure.permanent(msg);
    }

    private static String errorBody(HttpURLConnection c) {
        try (InputStream e = c.getErrorStream()) {
            return e == null ? "" : new String(e.readNBytes(300), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            return "";
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void putText(Map<String, Object> m, String k, JsonNode n, String field) {
        String v = text(n, field);
        if (v != null && !v.isBlank()) {
            m.put(k, v);
        }
    }
}
