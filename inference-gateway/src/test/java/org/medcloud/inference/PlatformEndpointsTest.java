package org.medcloud.inference;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.medcloud.testing.PlatformEndpointsContract;
import org.medcloud.testing.PostgresTestResource;
import org.medcloud.testing.S3ProxyTestResource;

/** Health, metrics, OpenAPI and problem+json, as every service must expose them. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = S3ProxyTestResource.class, restrictToAnnotatedClass = true)
class PlatformEndpointsTest extends PlatformEndpointsContract {

    PlatformEndpointsTest() {
        super("inference-gateway");
    }
}
