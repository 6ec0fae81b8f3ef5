package org.medcloud.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.medcloud.download.support.Jobs;
import org.medcloud.download.support.NbiaEmulatorResource;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.testing.AzuriteTestResource;
import org.medcloud.testing.PostgresTestResource;

/** The same download code path against Azure Blob storage (Azurite). */
@QuarkusTest
@TestProfile(AzureBlobTest.Azure.class)
class AzureBlobTest {

    public static class Azure implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class), new TestResourceEntry(AzuriteTestResource.class),
                    new TestResourceEntry(NbiaEmulatorResource.class));
        }
    }

    @Inject
    ObjectStorage storage;

    @Test
    void seriesIsStoredInAzureBlobWithItsIndex() throws Exception {
        assertEquals("azure", storage.type());
        List<String> uids = Jobs.seriesUids();
        JsonNode job = Jobs.await(Jobs.create(List.of(uids.get(0)), false), Duration.ofSeconds(90));
        assertEquals("complete", job.get("state").asText(), job.toPrettyString());
        JsonNode s = job.get("series").get(0);
        JsonNode index = Jobs.JSON.readTree(storage.get(s.get("indexKey").asText()));
        JsonNode first = index.get("instances").get(0);
        byte[] data;
        try (InputStream in = storage.getRange(s.get("zipKey").asText(), first.get("dataOffset").asLong(),
                first.get("compressedSize").asLong())) {
            data = in.readAllBytes();
        }
        InputStream plain = first.get("method").asInt() == 8
                ? new InflaterInputStream(new ByteArrayInputStream(data), new Inflater(true)) : new ByteArrayInputStream(data);
        assertEquals(first.get("md5").asText(), Jobs.md5(plain));
        assertEquals(Jobs.sourceMd5ByFileName().get(first.get("sopInstanceUid").asText() + ".dcm"), first.get("md5").asText());
        assertTrue(storage.head(s.get("zipKey").asText()).metadata().containsKey("series_uid"));
        assertTrue(NbiaEmulatorResource.emulatorUrl() != null);
    }
}
