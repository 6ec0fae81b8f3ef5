package org.medcloud.download;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.medcloud.download.support.Jobs;
import org.medcloud.download.support.NbiaEmulatorResource;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.ObjectSummary;

/**
 * Every fault the emulator injects: once -> retried and then stored; always -> failed with a
 * message naming the file and the check, and nothing under the series' keys in storage.
 */
@QuarkusTest
class FaultsTest {

    @Inject
    ObjectStorage storage;

    @AfterEach
    void clearFaults() {
        NbiaEmulatorResource.faults("");
    }

    @ParameterizedTest(name = "{0} once -> retried, then complete")
    @CsvSource({"drop=3000", "status=500", "status=429", "flip=1", "missing=2", "badmd5=1"})
    void faultOnceIsRetriedAndTheSeriesCompletes(String fault) {
        NbiaEmulatorResource.faults("getImage:" + fault + ",times=1");
        String uid = Jobs.seriesUids().get(0);
        JsonNode job = Jobs.await(Jobs.create(List.of(uid), true), Duration.ofSeconds(60));
        JsonNode s = job.get("series").get(0);
        assertEquals("complete", s.get("state").asText(), job.toPrettyString());
        assertEquals(2, s.get("attempts").asInt(), "one failed attempt, one good one: " + job.toPrettyString());
    }

    @ParameterizedTest(name = "{0} always -> failed: {1}")
    @CsvSource(delimiter = '|', value = {
            "flip=2|MD5 mismatch",
            "missing=1|missing from the ZIP",
            "badmd5=3|MD5 mismatch",
            "drop=5000|broke off",
            "status=503|HTTP 503"})
    void persistentFaultFailsClearlyAndLeavesNothingStored(String fault, String expected) {
        String uid = Jobs.seriesUids().get(3);
        for (ObjectSummary o : storage.list("tcia/")) {
            if (o.key().contains(uid)) {
                storage.delete(o.key()); // a copy stored by another test; this one must leave nothing
            }
        }
        NbiaEmulatorResource.faults("getImage:" + fault);
        JsonNode job = Jobs.await(Jobs.create(List.of(uid), true), Duration.ofSeconds(60));
        JsonNode s = job.get("series").get(0);
        assertEquals("failed", job.get("state").asText(), job.toPrettyString());
        assertEquals("failed", s.get("state").asText());
        assertEquals(3, s.get("attempts").asInt(), "the retry budget (3) was used");
        String msg = s.get("message").asText();
        assertTrue(msg.contains(expected), msg);
        assertTrue(msg.startsWith("failed after 3 attempts"), msg);
        if (fault.startsWith("flip") || fault.startsWith("missing") || fault.startsWith("badmd5")) {
            assertTrue(msg.matches(".*[0-9A-Za-z._-]+\\.dcm.*"), "the message names the file: " + msg);
        }
        assertFalse(s.has("zipKey"));
        for (ObjectSummary o : storage.list("tcia/")) {
            assertFalse(o.key().contains(uid), "nothing stored for the failed series: " + o.key());
        }
    }

    @Test
    void verificationFailuresAreCounted() {
        NbiaEmulatorResource.faults("getImage:flip=1,times=1");
        Jobs.await(Jobs.create(List.of(Jobs.seriesUids().get(0)), true), Duration.ofSeconds(60));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("download_verification_failures_total"), metrics);
        assertTrue(metrics.contains("download_series_retries_total"));
    }
}
