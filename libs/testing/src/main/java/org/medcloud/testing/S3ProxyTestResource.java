package org.medcloud.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts an {@link S3ProxyServer} for a {@code @QuarkusTest} and points the storage settings at
 * it: {@code storage.type=s3}, {@code storage.bucket}, {@code storage.s3.endpoint},
 * {@code storage.s3.region}, {@code storage.s3.access-key}, {@code storage.s3.secret-key},
 * {@code storage.s3.path-style=true}.
 *
 * <pre>{@code @QuarkusTestResource(value = S3ProxyTestResource.class, initArgs = @ResourceArg(name = "bucket", value = "dicom"))}</pre>
 */
public class S3ProxyTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile S3ProxyServer current;
    private String bucket = S3ProxyServer.DEFAULT_BUCKET;
    private S3ProxyServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        bucket = initArgs.getOrDefault("bucket", bucket);
    }

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.start(bucket);
        current = server;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("storage.type", "s3");
        config.put("storage.bucket", bucket);
        config.put("storage.s3.endpoint", server.endpoint().toString());
        config.put("storage.s3.region", server.region());
        config.put("storage.s3.access-key", server.accessKey());
        config.put("storage.s3.secret-key", server.secretKey());
        config.put("storage.s3.path-style", "true");
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
    public static S3ProxyServer server() {
        return current;
    }
}
