package org.medcloud.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts an {@link AzuriteServer} for a {@code @QuarkusTest} and points the storage settings at
 * it: {@code storage.type=azure}, {@code storage.bucket} (the container) and
 * {@code storage.azure.connection-string}. Init arg {@code bucket} names the container.
 */
public class AzuriteTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile AzuriteServer current;
    private String bucket = AzuriteServer.DEFAULT_CONTAINER;
    private AzuriteServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        bucket = initArgs.getOrDefault("bucket", bucket);
    }

    @Override
    public Map<String, String> start() {
        server = AzuriteServer.start(bucket);
        current = server;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("storage.type", "azure");
        config.put("storage.bucket", bucket);
        config.put("storage.azure.connection-string", server.connectionString());
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            if (current == server) {
                current = null;
            }
            server = null;
        }
    }

    /** The server started most recently by this resource (null when stopped). */
    public static AzuriteServer server() {
        return current;
    }
}
