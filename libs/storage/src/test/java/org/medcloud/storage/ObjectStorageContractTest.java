package org.medcloud.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medcloud.storage.spi.PartBufferedUpload;

/**
 * The behaviour every {@link ObjectStorage} must have, run against a real server per provider.
 * Subclasses start the server and say how to build a config for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ObjectStorageContractTest {

    static final int MIB = 1024 * 1024;

    ObjectStorage storage;
    String run = "run-" + UUID.randomUUID().toString().substring(0, 8) + "/";

    /** Starts the server; the config must point at an existing bucket/container. */
    abstract StorageConfig startServerAndConfig();

    abstract void stopServer();

    /** Same server, a bucket/container that does not exist. */
    abstract StorageConfig withMissingBucket(StorageConfig good);

    /** Same bucket, an endpoint nobody listens on. */
    abstract StorageConfig withDeadEndpoint(StorageConfig good, int deadPort);

    /** Same server and bucket, a wrong secret. */
    abstract StorageConfig withWrongCredentials(StorageConfig good);

    /** Setting names expected in the error for each failure. */
    abstract String endpointSetting();

    abstract String credentialsSetting();

    /** Asserts that the provider holds no pending multipart state for {@code key} (where it can tell). */
    abstract void assertNoPendingUpload(String key);

    /** Builds the storage for a config; a subclass may hand it its own HTTP client (e.g. trusting a test CA). */
    ObjectStorage open(StorageConfig c) {
        return ObjectStorageFactory.create(c);
    }

    /** The plain HTTP client that fetches presigned URLs. */
    HttpClient presignedUrlClient() {
        return HttpClient.newHttpClient();
    }

    StorageConfig config;

    @BeforeAll
    void startAll() {
        config = startServerAndConfig();
        storage = open(config);
    }

    @AfterAll
    void stopAll() {
        if (storage != null) {
            storage.close();
        }
        stopServer();
    }

    String key(String name) {
        return run + name;
    }

    @Test
    void smallObjectRoundTrip() throws Exception {
        byte[] data = "hello, object storage \u00e9".getBytes(StandardCharsets.UTF_8);
        PutResult put = storage.put(key("small.txt"), data, "text/plain", Map.of("study_uid", "1.2.3"));
        assertEquals(data.length, put.size());
        assertEquals(md5Hex(data), put.md5());
        assertEquals(0, put.parts(), "a small object is stored with a single request");
        assertNotNull(put.etag());
        assertFalse(put.etag().startsWith("\""), "etag is unquoted");
        try (InputStream in = storage.get(key("small.txt"))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void emptyObject() throws Exception {
        PutResult put = storage.put(key("empty"), new ByteArrayInputStream(new byte[0]), Map.of());
        assertEquals(0, put.size());
        assertEquals(0, storage.head(key("empty")).size());
        try (InputStream in = storage.get(key("empty"))) {
            assertEquals(0, in.readAllBytes().length);
        }
    }

    @Test
    void fiftyMegabytesOfUnknownLengthThroughMultipartWithBoundedMemory() throws Exception {
        long size = 50L * MIB;
        long heap = Runtime.getRuntime().maxMemory();
        assertTrue(heap <= 200L * MIB, "this test must run with a small heap (-Xmx160m), max heap is " + heap / MIB
                + " MiB");
        MessageDigest expected = MessageDigest.getInstance("MD5");
        // live heap (after a full GC) is sampled while the stream is read: it must not grow with the data
        long baseline = liveHeap();
        long[] maxGrowth = {0};
        GeneratedStream source = new GeneratedStream(size, 42, expected) {
            long nextProbe = 20L * MIB;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position() >= nextProbe) {
                    maxGrowth[0] = Math.max(maxGrowth[0], liveHeap() - baseline);
                    nextProbe += 15L * MIB;
                }
                return super.read(b, off, len);
            }
        };
        long t0 = System.nanoTime();
        PutResult put = storage.put(key("big.bin"), source, "application/dicom", Map.of("kind", "big"));
        long uploadMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(maxGrowth[0] < 2L * storage.partSize() + 8L * MIB, "live heap grew by " + maxGrowth[0] / MIB
                + " MiB while streaming 50 MiB with " + storage.partSize() / MIB + " MiB parts");
        String expectedMd5 = HexFormat.of().formatHex(expected.digest());
        assertEquals(size, put.size());
        assertEquals(expectedMd5, put.md5());
        assertEquals((int) ((size + storage.partSize() - 1) / storage.partSize()), put.parts());

        ObjectInfo info = storage.head(key("big.bin"));
        assertEquals(size, info.size());
        assertEquals(put.etag(), info.etag());
        assertEquals("big", info.metadata().get("kind"));
        assertEquals("application/dicom", info.contentType());

        long t1 = System.nanoTime();
        MessageDigest actual = MessageDigest.getInstance("MD5");
        long read = 0;
        try (InputStream in = storage.get(key("big.bin"))) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                actual.update(buf, 0, n);
                read += n;
            }
        }
        long downloadMs = (System.nanoTime() - t1) / 1_000_000;
        assertEquals(size, read);
        assertEquals(expectedMd5, HexFormat.of().formatHex(actual.digest()));
        System.out.printf("[%s] 50 MiB multipart upload %d ms (%d parts of %d MiB), download %d ms, max heap %d MiB,"
                        + " live heap growth while uploading %d MiB%n",
                storage.type(), uploadMs, put.parts(), storage.partSize() / MIB, downloadMs, heap / MIB,
                maxGrowth[0] / MIB);
        storage.delete(key("big.bin"));
    }

    @Test
    void streamingWriterCompletes() throws Exception {
        byte[] chunk = new byte[1000];
        new java.util.Random(7).nextBytes(chunk);
        MessageDigest md = MessageDigest.getInstance("MD5");
        long total = 0;
        try (MultipartUpload upload = storage.openUpload(key("writer.bin"), null, Map.of("source", "tee"))) {
            assertTrue(upload instanceof PartBufferedUpload p && p.bufferSize() == storage.partSize(),
                    "one part buffer of partSize");
            // a bit more than one part, in odd-sized writes plus single bytes
            while (total < storage.partSize() + 12345) {
                upload.write(chunk, 3, 997);
                md.update(chunk, 3, 997);
                upload.write(chunk[0]);
                md.update(chunk[0]);
                total += 998;
            }
            assertEquals(1, upload.partsUploaded(), "the first full part was sent while writing");
            assertFalse(storage.exists(key("writer.bin")), "nothing is visible before complete()");
            PutResult put = upload.complete();
            assertEquals(total, put.size());
            assertEquals(2, put.parts());
            assertEquals(HexFormat.of().formatHex(md.digest()), put.md5());
            assertTrue(upload.isFinished());
        }
        ObjectInfo info = storage.head(key("writer.bin"));
        assertEquals(total, info.size());
        assertEquals("tee", info.metadata().get("source"));
        assertEquals("application/octet-stream", info.contentType());
        try (InputStream in = storage.getRange(key("writer.bin"), total - 998, 998)) {
            byte[] tail = in.readAllBytes();
            assertEquals(998, tail.length);
            assertEquals(chunk[3], tail[0]);
            assertEquals(chunk[0], tail[997]);
        }
    }

    @Test
    void rangedReads() throws Exception {
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        storage.put(key("range.bin"), data, null, Map.of());
        assertArrayEquals(slice(data, 0, 100), readRange("range.bin", 0, 100), "start");
        assertArrayEquals(slice(data, 400, 200), readRange("range.bin", 400, 200), "middle");
        assertArrayEquals(slice(data, 900, 100), readRange("range.bin", 900, 100), "end");
        assertArrayEquals(slice(data, 999, 1), readRange("range.bin", 999, 1), "last byte");
        assertArrayEquals(slice(data, 950, 50), readRange("range.bin", 950, 100), "running past the end is cut");

        InvalidRangeException atEnd = assertThrows(InvalidRangeException.class,
                () -> storage.getRange(key("range.bin"), 1000, 10));
        assertTrue(atEnd.getMessage().contains("beyond the end"), atEnd.getMessage());
        assertThrows(InvalidRangeException.class, () -> storage.getRange(key("range.bin"), 5000, 1));
        assertThrows(IllegalArgumentException.class, () -> storage.getRange(key("range.bin"), -1, 10));
        assertThrows(IllegalArgumentException.class, () -> storage.getRange(key("range.bin"), 0, 0));
        assertThrows(ObjectNotFoundException.class, () -> storage.getRange(key("no-such"), 0, 10));
    }

    @Test
    void headAndMetadata() {
        Map<String, String> meta = Map.of("series_uid", "1.2.840.10008.1", "modality", "CT", "Patient_Count", "3");
        PutResult put = storage.put(key("meta.dcm"), new byte[]{1, 2, 3, 4, 5}, "application/dicom", meta);
        ObjectInfo info = storage.head(key("meta.dcm"));
        assertTrue(info.exists());
        assertEquals(5, info.size());
        assertEquals(put.etag(), info.etag());
        assertEquals("application/dicom", info.contentType());
        assertNotNull(info.lastModified());
        assertEquals(Map.of("series_uid", "1.2.840.10008.1", "modality", "CT", "patient_count", "3"), info.metadata(),
                "keys come back lower-case");

        ObjectInfo missing = storage.head(key("missing.dcm"));
        assertFalse(missing.exists());
        assertFalse(storage.exists(key("missing.dcm")));
        assertThrows(ObjectNotFoundException.class, () -> storage.get(key("missing.dcm")));
        assertThrows(IllegalArgumentException.class,
                () -> storage.put(key("bad-meta"), new byte[1], null, Map.of("has-dash", "x")));
    }

    @Test
    void listByPrefixAcrossPages() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String k = key("list/item-" + i);
            storage.put(k, new byte[i + 1], null, Map.of());
            expected.add(k);
        }
        storage.put(key("listing-not-under-prefix"), new byte[1], null, Map.of());

        ObjectPage first = storage.listPage(key("list/"), null, 3);
        assertEquals(3, first.objects().size());
        assertTrue(first.hasMore());
        ObjectPage second = storage.listPage(key("list/"), first.nextContinuationToken(), 3);
        assertEquals(expected.subList(3, 6), second.objects().stream().map(ObjectSummary::key).toList());

        List<ObjectSummary> all = new ArrayList<>();
        storage.list(key("list/"), 3).forEach(all::add);
        assertEquals(expected, all.stream().map(ObjectSummary::key).toList());
        for (int i = 0; i < 7; i++) {
            assertEquals(i + 1, all.get(i).size());
            assertNotNull(all.get(i).etag());
        }
        List<ObjectSummary> none = new ArrayList<>();
        storage.list(key("nothing-here/")).forEach(none::add);
        assertTrue(none.isEmpty());
    }

    @Test
    void deleteRemovesAndIsIdempotent() {
        storage.put(key("doomed"), new byte[]{9}, null, Map.of());
        assertTrue(storage.exists(key("doomed")));
        storage.delete(key("doomed"));
        assertFalse(storage.exists(key("doomed")));
        storage.delete(key("doomed"));
        assertThrows(ObjectNotFoundException.class, () -> storage.get(key("doomed")));
    }

    @Test
    void presignedGetWorksWithPlainHttp() throws Exception {
        byte[] data = "presigned content".getBytes(StandardCharsets.US_ASCII);
        storage.put(key("shared/file.txt"), data, "text/plain", Map.of());
        var url = storage.presignGet(key("shared/file.txt"), Duration.ofMinutes(5));
        HttpClient http = presignedUrlClient();
        HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, ok.statusCode(), () -> new String(ok.body(), StandardCharsets.UTF_8));
        assertArrayEquals(data, ok.body());

        // the signature matters: an unsigned URL is refused
        var unsigned = java.net.URI.create(url.toString().substring(0, url.toString().indexOf('?')));
        HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(unsigned).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(refused.statusCode() == 403 || refused.statusCode() == 401 || refused.statusCode() == 404,
                "unsigned GET answered " + refused.statusCode());
    }

    @Test
    void abortLeavesNoObject() throws Exception {
        byte[] block = new byte[MIB];
        MultipartUpload upload = storage.openUpload(key("aborted.bin"), null, Map.of());
        for (int i = 0; i < storage.partSize() / MIB + 2; i++) {
            upload.write(block);
        }
        assertEquals(1, upload.partsUploaded());
        upload.abort();
        upload.abort(); // twice is fine
        assertFalse(storage.exists(key("aborted.bin")));
        assertNoPendingUpload(key("aborted.bin"));
        assertThrows(StorageException.class, () -> upload.write(1), "no writes after abort");

        // close() without complete() aborts too
        try (MultipartUpload other = storage.openUpload(key("closed.bin"), null, Map.of())) {
            other.write(block);
        }
        assertFalse(storage.exists(key("closed.bin")));
    }

    @Test
    void failingSourceStreamAbortsTheUpload() {
        long failAt = storage.partSize() + 3L * MIB; // after the first part went out
        InputStream failing = new GeneratedStream(failAt + 1000, 1, null) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position() >= failAt) {
                    throw new IOException("source broke");
                }
                return super.read(b, off, (int) Math.min(len, failAt - position()));
            }
        };
        StorageException e = assertThrows(StorageException.class,
                () -> storage.put(key("broken.bin"), failing, Map.of()));
        assertTrue(e.getCause() instanceof IOException, "cause is the source's IOException");
        assertTrue(e.getMessage().contains("aborted"), e.getMessage());
        assertFalse(storage.exists(key("broken.bin")));
        assertNoPendingUpload(key("broken.bin"));
    }

    @Test
    void checkReadyPassesOnAGoodConfig() {
        storage.checkReady();
    }

    @Test
    void checkReadyNamesTheEndpointWhenNothingListens() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (ObjectStorage dead = open(withDeadEndpoint(config, deadPort).withMaxAttempts(1))) {
            StorageConfigException e = assertThrows(StorageConfigException.class, dead::checkReady);
            assertEquals(endpointSetting(), e.setting());
            assertTrue(e.getMessage().contains(endpointSetting()), e.getMessage());
            assertTrue(e.getMessage().contains(Integer.toString(deadPort)), "message names the endpoint: " + e.getMessage());
        }
    }

    @Test
    void checkReadyNamesTheBucketWhenItIsMissing() {
        try (ObjectStorage missing = open(withMissingBucket(config))) {
            StorageConfigException e = assertThrows(StorageConfigException.class, missing::checkReady);
            assertEquals("STORAGE_BUCKET", e.setting());
            assertTrue(e.getMessage().contains("STORAGE_BUCKET") && e.getMessage().contains("storage.bucket"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(missing.bucket()), e.getMessage());
        }
    }

    @Test
    void checkReadyNamesTheCredentialsWhenTheyAreWrong() {
        try (ObjectStorage wrong = open(withWrongCredentials(config).withMaxAttempts(1))) {
            StorageConfigException e = assertThrows(StorageConfigException.class, wrong::checkReady);
            assertEquals(credentialsSetting(), e.setting());
            assertTrue(e.getMessage().contains(credentialsSetting()), e.getMessage());
        }
    }

    static byte[] readRangeOf(ObjectStorage storage, String key, long offset, long length) throws IOException {
        try (InputStream in = storage.getRange(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    byte[] readRange(String name, long offset, long length) throws IOException {
        return readRangeOf(storage, key(name), offset, length);
    }

    static long liveHeap() {
        System.gc();
        var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    static byte[] slice(byte[] data, int from, int length) {
        return java.util.Arrays.copyOfRange(data, from, from + length);
    }

    static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    /**
     * Pseudo-random bytes of a length the reader cannot know in advance ({@code available()} is 0),
     * generated on the fly so the test holds none of them; optionally digested as they are read.
     */
    static class GeneratedStream extends InputStream {
        private final long size;
        private final java.util.SplittableRandom random;
        private final MessageDigest digest;
        private long position;

        GeneratedStream(long size, long seed, MessageDigest digest) {
            this.size = size;
            this.random = new java.util.SplittableRandom(seed);
            this.digest = digest;
        }

        long position() {
            return position;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= size) {
                return -1;
            }
            // short, irregular reads like a network stream
            int n = (int) Math.min(Math.min(len, 50_000 + random.nextInt(20_000)), size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt(256);
            }
            if (digest != null) {
                digest.update(b, off, n);
            }
            position += n;
            return n;
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
