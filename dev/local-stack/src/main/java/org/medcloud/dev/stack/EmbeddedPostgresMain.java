package org.medcloud.dev.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a real PostgreSQL (binaries shipped in a Maven Central jar) for `make run` on a machine
 * that has none. Usage: EmbeddedPostgresMain PORT DATA_DIR. Runs until killed.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "15432");
        Path data = Path.of(args.length > 1 ? args[1] : ".local/pgdata");
        Files.createDirectories(data);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data)
                .setCleanDataDirectory(false).start();
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("select 1 from pg_database where datname = 'test'")) {
            if (!rs.next()) {
                s.execute("create database test");
            }
        }
        System.out.println("embedded PostgreSQL ready on 127.0.0.1:" + port + " (database test, user postgres)");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }));
        new CountDownLatch(1).await();
    }
}
