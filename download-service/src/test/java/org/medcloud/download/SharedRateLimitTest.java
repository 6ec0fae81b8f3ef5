package org.medcloud.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.medcloud.security.DatabaseRateLimitStore;
import org.medcloud.security.RateLimiter;

/**
 * Rate-limit buckets live in this service's PostgreSQL table, so replicas share them: two stores on
 * the same database stand for two pods. Before, each replica kept its own bucket and N replicas
 * allowed N times the limit.
 */
@QuarkusTest
class SharedRateLimitTest {

    @Inject
    DataSource ds;

    @Inject
    RateLimiter limiter;

    @Test
    void theServiceUsesTheSharedBuckets() {
        assertTrue(limiter.shared(), "with a datasource the limiter must share buckets through it");
    }

    @Test
    void twoReplicasDrawFromOneBucket() throws Exception {
        DatabaseRateLimitStore podA = new DatabaseRateLimitStore(ds), podB = new DatabaseRateLimitStore(ds);
        String key = "downloads:" + UUID.randomUUID();
        for (int i = 0; i < 20; i++) assertEquals(0, podA.take(key, 30), "A take " + i);
        for (int i = 0; i < 10; i++) assertEquals(0, podB.take(key, 30), "B take " + i);
        long waitB = podB.take(key, 30), waitA = podA.take(key, 30);
        // 30 per minute: a token every 2 s; the 31st request waits at most that long
        assertTrue(waitB > 0 && waitB <= 2000, "B wait " + waitB);
        assertTrue(waitA > 0 && waitA <= 2000, "A wait " + waitA);
        // another user's bucket is untouched
        assertEquals(0, podB.take("downloads:" + UUID.randomUUID(), 30));
    }

    @Test
    void concurrentReplicasNeverHandOutMoreThanTheBucketHolds() throws Exception {
        String key = "inference:" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                DatabaseRateLimitStore pod = new DatabaseRateLimitStore(ds);
                Callable<Integer> work = () -> {
                    int granted = 0;
                    for (int i = 0; i < 10; i++) if (pod.take(key, 20) == 0) granted++;
                    return granted;
                };
                results.add(pool.submit(work));
            }
            int granted = 0;
            for (Future<Integer> f : results) granted += f.get();
            // 80 attempts against a bucket of 20 refilling at 1 per 3 s: 20, or 21 if a refill landed meanwhile
            assertTrue(granted == 20 || granted == 21, "granted " + granted);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBucketRefillsWithTime() throws Exception {
        DatabaseRateLimitStore pod = new DatabaseRateLimitStore(ds);
        String key = "downloads:" + UUID.randomUUID();
        // 600 per minute: a token every 100 ms
        long wait = 0;
        for (int i = 0; i < 5000 && wait == 0; i++) wait = pod.take(key, 600);
        assertTrue(wait > 0 && wait <= 100, "wait " + wait);
        Thread.sleep(wait + 50);
        assertEquals(0, pod.take(key, 600), "a token is back after the announced wait");
    }
}
