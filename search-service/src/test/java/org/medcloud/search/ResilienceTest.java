package org.medcloud.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.cache.CacheManager;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medcloud.search.NbiaStub.Fault;
import org.medcloud.search.nbia.NbiaGateway;

/** Retries, Retry-After, timeouts, broken connections, circuit breaker and caching, against a real HTTP server. */
@QuarkusTest
// NbiaStubResource is global (declared on SearchApiTest): the tests without a profile share one application start,
// which matters for the cache metrics (Caffeine binds them to the caches of the first start in a JVM).
class ResilienceTest {

    @Inject
    CacheManager caches;

    @Inject
    NbiaGateway gateway;

    NbiaStub stub;

    @BeforeEach
    void clean() {
        TestSupport.clean(caches, gateway);
        stub = NbiaStub.current;
    }

    @Test
    void transientErrorsAreRetried() {
        stub.faults.add(Fault.status(503));
        stub.faults.add(Fault.status(500));
        given().when().get("/api/search/values/modality").then().statusCode(200);
        assertEquals(3, stub.count("getModalityValues"));
    }

    @Test
    void retryAfterIsRespected() {
        stub.faults.add(Fault.retryAfter(429, "1"));
        long t0 = System.nanoTime();
        given().when().get("/api/search/values/modality").then().statusCode(200);
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 1000, "waited for Retry-After");
        assertEquals(2, stub.count("getModalityValues"));
    }

    @Test
    void persistentServerErrorIs502Problem() {
        stub.always = Fault.status(500);
        given().when().get("/api/search/values/collection").then().statusCode(502)
                .contentType("application/problem+json").body("type", equalTo("urn:medcloud:problem:upstream-error"))
                .body("detail", containsString("TCIA")).body("detail", containsString("3 attempts"));
        assertEquals(3, stub.count("getCollectionValues"));
    }

    @Test
    void rateLimitWithLongRetryAfterIs503WithoutWaiting() {
        stub.always = Fault.retryAfter(429, "120");
        given().when().get("/api/search/values/collection").then().statusCode(503)
                .body("type", equalTo("urn:medcloud:problem:upstream-rate-limited")).body("detail", containsString("120"))
                .header("Retry-After", "120");
        assertEquals(1, stub.count("getCollectionValues"));
    }

    @Test
    void slowUpstreamIs504() {
        stub.always = Fault.delay(1500); // read timeout in tests: 1 s
        given().queryParam("collection", "x").when().get("/api/search/series").then().statusCode(504)
                .contentType("application/problem+json").body("title", containsString("slow"));
    }

    @Test
    void droppedConnectionIs502() {
        stub.always = Fault.dropConnection();
        given().when().get("/api/search/values/modality").then().statusCode(502)
                .contentType("application/problem+json").body("status", equalTo(502));
    }

    @Test
    void garbageBodyIs502Malformed() {
        stub.faults.add(Fault.body("<html>maintenance</html>"));
        given().when().get("/api/search/values/modality").then().statusCode(502)
                .body("type", equalTo("urn:medcloud:problem:upstream-malformed"));
    }

    @Test
    void circuitBreakerOpensAndClosesAgain() throws Exception {
        stub.always = Fault.status(503);
        // 4 failed attempts fill the rolling window (volume 4, ratio 0.75): the breaker opens
        given().when().get("/api/search/values/collection").then().statusCode(502);
        given().when().get("/api/search/values/collection").then().statusCode(503)
                .body("type", equalTo("urn:medcloud:problem:upstream-circuit-open"))
                .header("Retry-After", "1"); // the breaker's delay in tests
        assertEquals(CircuitBreakerState.OPEN, gateway.breakerState());
        long before = stub.count("getCollectionValues");
        given().when().get("/api/search/values/modality").then().statusCode(503)
                .body("type", equalTo("urn:medcloud:problem:upstream-circuit-open"));
        assertEquals(0, stub.count("getModalityValues"), "an open breaker does not call NBIA");
        assertTrue(before <= 4);
        stub.always = null;
        Thread.sleep(1100); // breaker delay in tests: 1 s
        given().when().get("/api/search/values/modality").then().statusCode(200);
        assertEquals(CircuitBreakerState.CLOSED, gateway.breakerState());
    }

    @Test
    void rejectedRequestsDoNotOpenTheBreaker() {
        stub.always = Fault.status(400);
        for (int i = 0; i < 6; i++) {
            given().when().get("/api/search/values/collection").then().statusCode(502)
                    .body("type", equalTo("urn:medcloud:problem:upstream-rejected"));
        }
        assertEquals(6, stub.count("getCollectionValues"), "400 is not retried");
        assertEquals(CircuitBreakerState.CLOSED, gateway.breakerState());
    }

    @Test
    void valueListsAndSearchesAreCachedWithHitMissMetrics() {
        given().when().get("/api/search/values/modality").then().statusCode(200);
        given().when().get("/api/search/values/modality").then().statusCode(200);
        assertEquals(1, stub.count("getModalityValues"));
        given().queryParam("collection", "4D-Lung").when().get("/api/search/series").then().statusCode(200);
        given().queryParam("collection", "4D-Lung").queryParam("sort", "-imageCount").when().get("/api/search/series").then().statusCode(200);
        assertEquals(1, stub.count("getSeries"));
        // failures are not cached
        stub.faults.add(Fault.status(400));
        given().when().get("/api/search/values/bodyPart").then().statusCode(502);
        given().when().get("/api/search/values/bodyPart").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("cache_gets_total{cache=\"nbia-values\",result=\"hit\""))
                .body(containsString("cache_gets_total{cache=\"nbia-values\",result=\"miss\""))
                .body(containsString("nbia_requests_total"));
    }
}
