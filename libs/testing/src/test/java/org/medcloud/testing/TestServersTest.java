package org.medcloud.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The helpers start real servers and hand out settings that work. */
class TestServersTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private int get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void postgresSchemaIsCreatedUsedAndDropped() throws Exception {
        String name;
        String base;
        try (PostgresSchema schema = PostgresSchema.create("it")) {
            name = schema.schema();
            base = schema.baseJdbcUrl();
            assertTrue(name.matches("it_[a-z0-9]{12}"), name);
            assertTrue(schema.jdbcUrl().endsWith("?currentSchema=" + name));
            try (Connection c = schema.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE probe (id int)");
                try (ResultSet rs = st.executeQuery(
                        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'probe'"
                                + " AND table_schema = current_schema()")) {
                    assertTrue(rs.next());
                    assertEquals(name, rs.getString(1), "unqualified tables land in the fresh schema");
                }
            }
        }
        try (Connection c = DriverManager.getConnection(base, "postgres", null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM information_schema.schemata WHERE schema_name = '" + name + "'")) {
            assertFalse(rs.next(), "schema dropped on close");
        }
    }

    @Test
    void postgresTestResourcePointsDatasourceAndFlywayAtTheSchema() {
        PostgresTestResource resource = new PostgresTestResource();
        resource.init(Map.of());
        Map<String, String> config = resource.start();
        try {
            String schema = PostgresTestResource.schema().schema();
            assertEquals(PostgresTestResource.schema().jdbcUrl(), config.get("quarkus.datasource.jdbc.url"));
            assertEquals("postgres", config.get("quarkus.datasource.username"));
            assertEquals(schema, config.get("quarkus.flyway.schemas"));
            assertEquals(schema, config.get("quarkus.flyway.default-schema"));
        } finally {
            resource.stop();
        }
    }

    @Test
    void s3ProxyTestResourceServesRealS3() throws Exception {
        S3ProxyTestResource resource = new S3ProxyTestResource();
        resource.init(Map.of("bucket", "from-init-args"));
        Map<String, String> config = resource.start();
        try {
            assertEquals("s3", config.get("storage.type"));
            assertEquals("from-init-args", config.get("storage.bucket"));
            assertEquals("true", config.get("storage.s3.path-style"));
            assertEquals(S3ProxyServer.ACCESS_KEY, config.get("storage.s3.access-key"));
            assertEquals(S3ProxyServer.SECRET_KEY, config.get("storage.s3.secret-key"));
            assertEquals("us-east-1", config.get("storage.s3.region"));
            String endpoint = config.get("storage.s3.endpoint");
            assertTrue(endpoint.matches("http://127\\.0\\.0\\.1:\\d+"), endpoint);
            assertEquals(403, get(endpoint + "/from-init-args"), "anonymous requests are refused");
        } finally {
            resource.stop();
        }
    }

    @Test
    void azuriteTestResourceServesRealBlobStorage() throws Exception {
        AzuriteTestResource resource = new AzuriteTestResource();
        resource.init(Map.of("bucket", "from-init-args"));
        Map<String, String> config = resource.start();
        AzuriteServer server = AzuriteTestResource.server();
        try {
            assertEquals("azure", config.get("storage.type"));
            assertEquals("from-init-args", config.get("storage.bucket"));
            assertEquals(server.connectionString(), config.get("storage.azure.connection-string"));
            assertTrue(config.get("storage.azure.connection-string").contains("AccountName=devstoreaccount1"));
            // the container exists: anonymous access is refused (403), not "not found"
            assertEquals(403, get(server.blobEndpoint() + "/from-init-args?restype=container"));
            server.createContainer("from-init-args"); // idempotent
        } finally {
            resource.stop();
        }
        int port = server.port();
        assertThrowsConnect(() -> get("http://127.0.0.1:" + port + "/"));
    }

    private static void assertThrowsConnect(org.junit.jupiter.api.function.Executable call) {
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, call, "Azurite stopped");
    }
}
