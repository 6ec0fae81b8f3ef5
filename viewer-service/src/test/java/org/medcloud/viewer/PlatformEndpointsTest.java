package org.medcloud.viewer;

import io.quarkus.test.junit.QuarkusTest;
import org.medcloud.testing.PlatformEndpointsContract;

/** Health, metrics, OpenAPI and problem+json, as every service must expose them. */
@QuarkusTest
class PlatformEndpointsTest extends PlatformEndpointsContract {

    PlatformEndpointsTest() {
        super("viewer-service");
    }
}
