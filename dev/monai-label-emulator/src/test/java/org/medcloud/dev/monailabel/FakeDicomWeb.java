package org.medcloud.dev.monailabel;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.medcloud.nifti.dicom.SyntheticDicom;

/** A DICOMweb origin (QIDO-RS series search, WADO-RS series retrieve) holding one synthetic CT series. */
public class FakeDicomWeb implements QuarkusTestResourceLifecycleManager {

    static final String STUDY = "1.2.826.0.1.3680043.8.498.1";
    static final String SERIES = "1.2.826.0.1.3680043.8.498.1.2";
    static final int N = 6, ROWS = 10, COLS = 12;
    private HttpServer server;

    /** HU: -1000 air, cube of 60 HU at columns 2..7, rows 3..6, slices (by position) 1..4. Instances in reverse order. */
    static byte[] instance(int k) {
        short[] px = new short[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                boolean cube = c >= 2 && c <= 7 && r >= 3 && r <= 6 && k >= 1 && k <= 4;
                px[r * COLS + c] = (short) ((cube ? 60 : -1000) + 1024);
            }
        }
        return SyntheticDicom.ctSlice(STUDY, SERIES, SERIES + "." + (k + 1), N - k, new double[] {-50, -40, 100 - 3.0 * k},
                new double[] {1, 0, 0, 0, 1, 0}, new double[] {0.9, 0.8}, ROWS, COLS, px);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/dicomweb/series", ex -> {
            String q = ex.getRequestURI().getRawQuery();
            String body = q != null && q.contains(SERIES)
                    ? "[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"" + STUDY + "\"]},\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"" + SERIES + "\"]}}]"
                    : "[]";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/dicom+json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.createContext("/dicomweb/studies/" + STUDY + "/series/" + SERIES, ex -> {
            String boundary = "a1b2c3";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int k = 0; k < N; k++) {
                out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(instance(k));
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            ex.getResponseHeaders().add("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary);
            ex.sendResponseHeaders(200, out.size());
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out.toByteArray());
            }
        });
        server.start();
        return Map.of("dicomweb.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/dicomweb");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
