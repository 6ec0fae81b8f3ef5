package org.medcloud.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.medcloud.download.job.JobRepository;
import org.medcloud.download.job.SeriesRow;

/** Two workers claiming from the same table never get the same series; an expired lease is reclaimed. */
@QuarkusTest
@TestProfile(ClaimTest.NoWorker.class)
class ClaimTest {

    public static class NoWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("download.worker-enabled", "false");
        }
    }

    @Inject
    JobRepository repo;

    @Test
    void twoClaimersNeverTakeTheSameSeries() throws Exception {
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            uids.add("1.2.826.0.1.3680043.9999." + i);
        }
        repo.insertJob(UUID.randomUUID(), false, "json", "test", uids, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (String owner : List.of("worker-a", "worker-b", "worker-c", "worker-d")) {
            results.add(pool.submit(() -> {
                go.await();
                List<Long> mine = new ArrayList<>();
                while (true) {
                    SeriesRow r = repo.claim(owner, Duration.ofMinutes(5)).orElse(null);
                    if (r == null) {
                        return mine;
                    }
                    assertEquals(owner, r.leaseOwner());
                    mine.add(r.id());
                }
            }));
        }
        go.countDown();
        Set<Long> all = new HashSet<>();
        int total = 0;
        Map<String, Integer> perWorker = new HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            List<Long> ids = results.get(i).get();
            perWorker.put("w" + i, ids.size());
            total += ids.size();
            all.addAll(ids);
        }
        pool.shutdown();
        assertEquals(120, total, "every series claimed exactly once: " + perWorker);
        assertEquals(120, all.size(), "no series claimed twice: " + perWorker);
        assertTrue(Collections.max(perWorker.values()) < 120, "claims were spread: " + perWorker);
    }

    @Test
    void expiredLeaseIsReclaimedAndTheOldOwnerLosesIt() {
        repo.insertJob(UUID.randomUUID(), false, "json", "test", List.of("1.2.826.0.1.3680043.9998.1"), Map.of());
        SeriesRow first = null;
        for (SeriesRow r; (r = repo.claim("dying-worker", Duration.ofMillis(300)).orElse(null)) != null; ) {
            if (r.seriesUid().equals("1.2.826.0.1.3680043.9998.1")) {
                first = r;
            }
        }
        assertTrue(first != null);
        assertFalse(repo.claim("other-worker", Duration.ofMinutes(1)).isPresent(), "a live lease is respected");
        try {
            Thread.sleep(600);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SeriesRow again = repo.claim("other-worker", Duration.ofMinutes(1)).orElseThrow();
        assertEquals(first.id(), again.id());
        assertEquals(2, again.attempts());
        assertFalse(repo.heartbeat(first.id(), "dying-worker", Duration.ofMinutes(1),
                org.medcloud.download.job.SeriesState.downloading, 1, 1), "the old owner's heartbeat changes nothing");
        assertTrue(repo.heartbeat(first.id(), "other-worker", Duration.ofMinutes(1),
                org.medcloud.download.job.SeriesState.downloading, 1, 1));
    }
}
