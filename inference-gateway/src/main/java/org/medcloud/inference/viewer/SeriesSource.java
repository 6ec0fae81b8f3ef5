package org.medcloud.inference.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medcloud.inference.config.InferenceSettings;
import org.medcloud.inference.monai.FormDataReply;
import org.medcloud.nifti.SeriesVolume;
import org.medcloud.nifti.SlicePlane;
import org.medcloud.nifti.dicom.DicomSliceReader;

/**
 * Reads stored series through the viewer-service's DICOMweb (VIEWER_URL + /dicomweb): QIDO-RS to find the study,
 * WADO-RS series metadata for the slice planes, WADO-RS series retrieve for the pixel data (upload hand-over).
 */
@ApplicationScoped
public class SeriesSource {

    /** The series cannot be read; the message says why. {@code notFound} when the viewer does not know it. */
    public static class SeriesException extends RuntimeException {
        public final boolean notFound;

        public SeriesException(String message, boolean notFound, Throwable cause) {
            super(message, cause);
            this.notFound = notFound;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    InferenceSettings settings;

    @Inject
    org.medcloud.security.OutgoingAuth auth;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public String dicomWebBase() {
        String u = settings.viewerUrl();
        return (u.endsWith("/") ? u.substring(0, u.length() - 1) : u) + "/dicomweb";
    }

    public String studyOf(String seriesUid) {
        HttpResponse<byte[]> r = get("/series?SeriesInstanceUID=" + URLEncoder.encode(seriesUid, StandardCharsets.UTF_8),
                "application/dicom+json, application/json", Duration.ofSeconds(30));
        try {
            for (JsonNode e : JSON.readTree(r.body())) {
                if (seriesUid.equals(e.path("0020000E").path("Value").path(0).asText(null))) {
                    String study = e.path("0020000D").path("Value").path(0).asText(null);
                    if (study != null) {
                        return study;
                    }
                }
            }
        } catch (IOException e) {
            throw new SeriesException("the viewer's QIDO-RS reply is not DICOM JSON: " + e.getMessage(), false, e);
        }
        throw new SeriesException("series " + seriesUid + " is not stored (the viewer-service does not know it)", true, null);
    }

    /** Geometry of every instance, from WADO-RS series metadata (no pixel data transferred). */
    public List<SlicePlane> planes(String studyUid, String seriesUid) {
        HttpResponse<byte[]> r = get("/studies/" + studyUid + "/series/" + seriesUid + "/metadata",
                "application/dicom+json, application/json", Duration.ofMinutes(2));
        List<SlicePlane> planes = new ArrayList<>();
        try {
            for (JsonNode e : JSON.readTree(r.body())) {
                String sop = e.path("00080018").path("Value").path(0).asText(null);
                if (!e.has("00200032") || !e.has("00280010")) {
                    continue; // not an image with geometry
                }
                planes.add(new SlicePlane(sop, e.path("00200013").path("Value").path(0).asInt(0),
                        doubles(e.path("00200032")), doubles(e.path("00200037")), doubles(e.path("00280030")),
                        e.path("00280010").path("Value").path(0).asInt(), e.path("00280011").path("Value").path(0).asInt()));
            }
        } catch (IOException | RuntimeException e) {
            throw new SeriesException("the series metadata of " + seriesUid + " cannot be used for overlays: " + e.getMessage(), false, e);
        }
        if (planes.isEmpty()) {
            throw new SeriesException("series " + seriesUid + " has no image instances with geometry", false, null);
        }
        return planes;
    }

    /** Every instance of the series, decoded to modality values (HU), via WADO-RS series retrieve. */
    public List<SeriesVolume.Slice> slices(String studyUid, String seriesUid) {
        HttpResponse<byte[]> r = get("/studies/" + studyUid + "/series/" + seriesUid,
                "multipart/related; type=\"application/dicom\"", Duration.ofMinutes(10));
        String ct = r.headers().firstValue("Content-Type").orElse("");
        if (!ct.toLowerCase(Locale.ROOT).startsWith("multipart/related")) {
            throw new SeriesException("the viewer's WADO-RS retrieve answered '" + ct + "', not multipart/related", false, null);
        }
        List<SeriesVolume.Slice> out = new ArrayList<>();
        try {
            for (FormDataReply.Part p : FormDataReply.parse(r.body(), FormDataReply.boundary(ct)).values()) {
                out.add(DicomSliceReader.read(p.body()).slice());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SeriesException("an instance of series " + seriesUid + " cannot be read: " + e.getMessage(), false, e);
        }
        return out;
    }

    private static double[] doubles(JsonNode attr) {
        JsonNode v = attr.path("Value");
        if (!v.isArray()) {
            return null;
        }
        double[] d = new double[v.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = v.get(i).isNumber() ? v.get(i).asDouble() : Double.parseDouble(v.get(i).asText().trim());
        }
        return d;
    }

    private HttpResponse<byte[]> get(String path, String accept, Duration timeout) {
        HttpResponse<byte[]> r;
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(dicomWebBase() + path)).header("Accept", accept)
                    .timeout(timeout).GET();
            // The caller's token inside their request (submit checks the series exists as them); the
            // service's own identity in the background job that reads the volume.
            auth.header().ifPresent(h -> req.header("Authorization", h));
            r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalStateException e) {
            throw new SeriesException("no credentials for the viewer-service: " + e.getMessage(), false, e);
        } catch (IOException e) {
            throw new SeriesException("the viewer-service at " + settings.viewerUrl() + " cannot be reached (VIEWER_URL): " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeriesException("interrupted while reading the series", false, e);
        }
        if (r.statusCode() == 404) {
            throw new SeriesException("the viewer-service has no such series (" + path + ")", true, null);
        }
        if (r.statusCode() != 200) {
            throw new SeriesException("the viewer-service answered HTTP " + r.statusCode() + " for " + path, false, null);
        }
        return r;
    }
}
