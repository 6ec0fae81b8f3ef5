package org.medcloud.download;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medcloud.download.support.Jobs;
import org.medcloud.download.support.NbiaEmulatorResource;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.ObjectSummary;

/** Cancel, retry, and resume of a series whose worker died (claimed row with an expired lease). */
@QuarkusTest
class CancelResumeTest {

    @Inject
    ObjectStorage storage;

    @Inject
    DataSource ds;

    @AfterEach
    void clearFaults() {
        NbiaEmulatorResource.faults("");
    }

    @Test
    void cancelStopsTheDownloadAbortsTheUploadAndRetryFinishesIt() {
        NbiaEmulatorResource.faults("getImage:latency=2500,rate=20000");
        String uid = Jobs.seriesUids().get(3);
        String jobId = Jobs.create(List.of(uid), true);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode job;
        do {
            Jobs.sleep(100);
            job = Jobs.get(jobId);
        } while (!job.get("series").get(0).get("state").asText().equals("downloading") && System.nanoTime() < deadline);
        Jobs.sleep(500); // inside getImage (the emulator answers after 2.5 s, then slowly)
        assertEquals("downloading", job.get("series").get(0).get("state").asText(), job.toPrettyString());
        given().when().post("/api/downloads/" + jobId + "/cancel").then().statusCode(200)
                .body("state", equalTo("cancelled")).body("series[0].state", equalTo("cancelled"));
        Jobs.sleep(1500); // the worker notices within a heartbeat and aborts
        job = Jobs.get(jobId);
        assertEquals("cancelled", job.get("state").asText());
        for (ObjectSummary o : storage.list("tcia/")) {
            assertFalse(o.key().contains(uid), "nothing stored for the cancelled series: " + o.key());
        }
        NbiaEmulatorResource.faults("");
        given().when().post("/api/downloads/" + jobId + "/retry").then().statusCode(200);
        job = Jobs.await(jobId, Duration.ofSeconds(60));
        assertEquals("complete", job.get("state").asText(), job.toPrettyString());
        given().when().post("/api/downloads/" + jobId + "/retry").then().statusCode(409);
    }

    @Test
    void seriesOfADeadWorkerIsPickedUpAgain() throws Exception {
        // what a killed process leaves behind: a claimed row whose lease nobody renews
        String uid = Jobs.seriesUids().get(1);
        UUID jobId = UUID.randomUUID();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO download_job (id, force, source) VALUES (?, TRUE, 'json')")) {
                ps.setObject(1, jobId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO download_series (job_id, position, series_uid, state, "
                    + "attempts, lease_owner, lease_until, bytes_done, attempt_started_at) "
                    + "VALUES (?, 0, ?, 'downloading', 1, 'killed-worker-1', now() - INTERVAL '5 seconds', 12345, now() - INTERVAL '1 minute')")) {
                ps.setObject(1, jobId);
                ps.setString(2, uid);
                ps.executeUpdate();
            }
        }
        JsonNode job = Jobs.await(jobId.toString(), Duration.ofSeconds(60));
        JsonNode s = job.get("series").get(0);
        assertEquals("complete", s.get("state").asText(), job.toPrettyString());
        assertEquals(2, s.get("attempts").asInt());
        assertTrue(storage.exists(s.get("indexKey").asText()));
    }
}
