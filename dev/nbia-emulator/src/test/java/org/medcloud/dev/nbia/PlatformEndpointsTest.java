package org.medcloud.dev.nbia;

import io.quarkus.test.junit.QuarkusTest;
import org.medcloud.testing.PlatformEndpointsContract;

/** Health, metrics, OpenAPI and problem+json, as every service must expose them. */
@QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(value = GeneratedDataResource.class, restrictToAnnotatedClass = false)
class PlatformEndpointsTest extends PlatformEndpointsContract {

    PlatformEndpointsTest() {
        super("nbia-emulator");
    }
}
