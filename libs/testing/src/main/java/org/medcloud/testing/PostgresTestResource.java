package org.medcloud.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates a fresh {@link PostgresSchema} for a {@code @QuarkusTest} and points the datasource and
 * Flyway at it: {@code quarkus.datasource.jdbc.url} (with {@code currentSchema}),
 * {@code quarkus.datasource.username}, {@code quarkus.datasource.password} (when set),
 * {@code quarkus.flyway.schemas} and {@code quarkus.flyway.default-schema}. The schema is dropped
 * when the resource stops. Init arg {@code prefix} sets the schema name prefix.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile PostgresSchema current;
    private String prefix = "t";
    private PostgresSchema schema;

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        schema = PostgresSchema.create(prefix);
        current = schema;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", schema.jdbcUrl());
        config.put("quarkus.datasource.username", schema.username());
        if (!schema.password().isEmpty()) {
            config.put("quarkus.datasource.password", schema.password());
        }
        config.put("quarkus.flyway.schemas", schema.schema());
        config.put("quarkus.flyway.default-schema", schema.schema());
        return config;
    }

    @Override
    public void stop() {
        if (schema != null) {
            schema.close();
            if (current == schema) {
                current = null;
            }
            schema = null;
        }
    }

    /** The schema created most recently by this resource (null when stopped). */
    public static PostgresSchema schema() {
        return current;
    }
}
