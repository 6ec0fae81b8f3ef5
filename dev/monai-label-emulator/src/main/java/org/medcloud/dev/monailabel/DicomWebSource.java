package org.medcloud.dev.monailabel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.medcloud.nifti.NiftiImage;
import org.medcloud.nifti.SeriesVolume;
import org.medcloud.nifti.dicom.DicomSliceReader;

/**
 * MONAI Label's DICOMweb datastore, reduced to what /infer needs: QIDO-RS {@code /series?SeriesInstanceUID=} to find
 * the study, WADO-RS series retrieve (multipart/related; type="application/dicom"), then the instances sorted by
 * geometry and rescaled to HU into one volume (RAS affine).
 */
@ApplicationScoped
public class DicomWebSource {

    @ConfigProperty(name = "dicomweb.url", defaultValue = "http://127.0.0.1:8083/dicomweb")
    String baseUrl;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    public NiftiImage load(String seriesUid) throws IOException, InterruptedException {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        HttpResponse<byte[]> q = http.send(HttpRequest.newBuilder(URI.create(base + "/series?SeriesInstanceUID="
                        + URLEncoder.encode(seriesUid, StandardCharsets.UTF_8)))
                .header("Accept", "application/dicom+json, application/json").timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (q.statusCode() != 200) {
            throw new IOException("QIDO-RS answered " + q.statusCode());
        }
        String studyUid = null;
        for (JsonNode entry : json.readTree(q.body())) {
            if (seriesUid.equals(entry.path("0020000E").path("Value").path(0).asText(null))) {
                studyUid = entry.path("0020000D").path("Value").path(0).asText(null);
            }
        }
        if (studyUid == null) {
            throw new IOException("series " + seriesUid + " not found by QIDO-RS");
        }
        HttpResponse<byte[]> w = http.send(HttpRequest.newBuilder(URI.create(base + "/studies/" + studyUid + "/series/" + seriesUid))
                .header("Accept", "multipart/related; type=\"application/dicom\"").timeout(Duration.ofMinutes(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (w.statusCode() != 200) {
            throw new IOException("WADO-RS answered " + w.statusCode());
        }
        String ct = w.headers().firstValue("Content-Type").orElse("");
        List<SeriesVolume.Slice> slices = new ArrayList<>();
        for (byte[] part : Multipart.parts(w.body(), Multipart.boundary(ct))) {
            slices.add(DicomSliceReader.read(Multipart.body(part)).slice());
        }
        return SeriesVolume.build(slices).image();
    }
}
