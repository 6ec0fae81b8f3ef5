package org.medcloud.testing;

import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 server inside the test JVM: S3Proxy on 127.0.0.1 (free port) with a filesystem blob
 * store in a temporary directory and AWS signature v2/v4 authentication. Close it to stop it and
 * delete its files.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start("my-bucket")) {
 *     URI endpoint = s3.endpoint(); // http://127.0.0.1:PORT, path-style, region us-east-1
 * }
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "medcloud-test-access-key";
    public static final String SECRET_KEY = "medcloud-test-secret-key";
    public static final String REGION = "us-east-1";
    public static final String DEFAULT_BUCKET = "medcloud-test";

    private final Path baseDir;
    private final BlobStore blobStore;
    private final S3Proxy proxy;
    private final String bucket;

    private S3ProxyServer(String bucket) throws Exception {
        this.bucket = bucket;
        this.baseDir = TestDirs.tempDir("s3proxy-");
        this.blobStore = new FilesystemNio2BlobStore(baseDir.toString());
        this.proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        if (bucket != null) {
            createBucket(bucket);
        }
    }

    /** Starts a server with the bucket {@value #DEFAULT_BUCKET}. */
    public static S3ProxyServer start() {
        return start(DEFAULT_BUCKET);
    }

    /** Starts a server and creates {@code bucket} (none if null). */
    public static S3ProxyServer start(String bucket) {
        try {
            return new S3ProxyServer(bucket);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy: " + e, e);
        }
    }

    public void createBucket(String name) {
        if (!blobStore.containerExists(name)) {
            blobStore.createContainer(name);
        }
    }

    /** {@code http://127.0.0.1:PORT} (use path-style addressing). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public int port() {
        return proxy.getPort();
    }

    /** The bucket created at start, or null. */
    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /** Where the objects are stored on disk. */
    public Path baseDir() {
        return baseDir;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping is best effort
        } finally {
            try {
                blobStore.close();
            } catch (Exception ignored) {
                // nothing to do
            }
            TestDirs.deleteRecursively(baseDir);
        }
    }
}
