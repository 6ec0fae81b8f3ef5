package org.medcloud.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcloud.inference.support.InferenceStack;
import org.medcloud.inference.support.SyntheticSeries;
import org.medcloud.testing.PostgresTestResource;
import org.medcloud.testing.S3ProxyTestResource;

/** MONAI Label not running: connection refused becomes 503 problems; repeated failures open the circuit breaker. */
@QuarkusTest
@TestProfile(MonaiLabelDownTest.Down.class)
class MonaiLabelDownTest {

    public static class Down implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("org.medcloud.inference.monai.MonaiLabelClient/info/CircuitBreaker/requestVolumeThreshold", "3");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class, Map.of(), true),
                    new TestResourceEntry(S3ProxyTestResource.class, Map.of(), true),
                    new TestResourceEntry(InferenceStack.class, Map.of("monai", "down"), true));
        }
    }

    @Test
    void refusedConnectionsAre503AndThenTheCircuitOpens() {
        for (int i = 0; i < 3; i++) {
            given().when().get("/api/inference/models").then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("urn:medcloud:problem:monai-label-unreachable"))
                    .body("detail", containsString("refused the connection"));
        }
        given().contentType("application/json").body(Map.of("seriesInstanceUid", SyntheticSeries.SERIES))
                .when().post("/api/inference/jobs").then().statusCode(503)
                .body("type", equalTo("urn:medcloud:problem:monai-label-circuit-open"))
                .body("detail", containsString("circuit breaker open"));
    }
}
