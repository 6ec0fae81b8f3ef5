package org.medcloud.search;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;

/** Starts {@link NbiaStub} on a free loopback port and points the NBIA client at it. */
public class NbiaStubResource implements QuarkusTestResourceLifecycleManager {

    private NbiaStub stub;

    @Override
    public Map<String, String> start() {
        try {
            stub = new NbiaStub();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.rest-client.nbia.url", stub.baseUrl(),
                "nbia.oauth.token-url", stub.baseUrl().replace("/services", "/oauth/token"));
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.stop();
        }
    }
}
