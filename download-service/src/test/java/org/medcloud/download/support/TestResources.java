package org.medcloud.download.support;

import io.quarkus.test.common.QuarkusTestResource;
import org.medcloud.testing.PostgresTestResource;
import org.medcloud.testing.S3ProxyTestResource;

/** Global test resources (every @QuarkusTest): a fresh PostgreSQL schema, S3Proxy, the NBIA emulator. */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(S3ProxyTestResource.class)
@QuarkusTestResource(NbiaEmulatorResource.class)
public final class TestResources {
    private TestResources() {
    }
}
