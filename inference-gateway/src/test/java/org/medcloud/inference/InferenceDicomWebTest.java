package org.medcloud.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.medcloud.inference.support.InferenceStack;
import org.medcloud.testing.PostgresTestResource;
import org.medcloud.testing.S3ProxyTestResource;
import org.junit.jupiter.api.Test;
import org.medcloud.inference.support.Overlays;
import org.medcloud.inference.support.SyntheticSeries;

/**
 * DICOMweb hand-over: the gateway sends only image=SeriesInstanceUID; the stand-in fetches the series itself from the
 * viewer's DICOMweb (QIDO + WADO-RS), converts it with its own sorting, and the gateway maps the returned label volume
 * onto the instances using WADO-RS metadata geometry only.
 */
@QuarkusTest
@TestProfile(InferenceDicomWebTest.DicomWeb.class)
class InferenceDicomWebTest {

    public static class DicomWeb implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("inference.handover", "dicomweb");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class, Map.of(), true),
                    new TestResourceEntry(S3ProxyTestResource.class, Map.of(), true),
                    new TestResourceEntry(InferenceStack.class, Map.of(), true));
        }
    }

    @Test
    void seriesUidHandOverGivesTheSameOverlays() throws Exception {
        String id = Overlays.submit(Map.of("seriesInstanceUid", SyntheticSeries.SERIES));
        JsonPath job = Overlays.await(id);
        assertEquals("succeeded", job.getString("status"), job.getString("error"));
        assertEquals("dicomweb", job.getString("handover"));
        assertEquals("deepedit", job.getString("model"));
        assertEquals(6, job.getInt("legend.find { it.name == 'liver' }.value"));
        Overlays.assertOverlaysMatchTheBoxes(id, job);
    }

    @Test
    void aSeriesMonaiLabelCannotFetchFailsWithItsPlain500() throws Exception {
        // the viewer knows the series (the gateway checks it), MONAI Label's datastore cannot convert it: here the
        // stand-in is told to fail the way MONAI Label does when DICOMweb download/conversion crashes
        String id = Overlays.submit(Map.of("seriesInstanceUid", SyntheticSeries.SERIES, "params", Map.of("emulator_fault", "500")));
        JsonPath job = Overlays.await(id);
        assertEquals("failed", job.getString("status"));
        org.junit.jupiter.api.Assertions.assertTrue(job.getString("error").contains("HTTP 500"), job.getString("error"));
    }
}
