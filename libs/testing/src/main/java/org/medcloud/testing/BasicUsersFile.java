package org.medcloud.testing;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A users file for AUTH_MODE=basic test profiles (docs/security.md): bcrypt hashes, deleted at exit. */
public final class BasicUsersFile {

    private BasicUsersFile() {
    }

    /** Writes one {@code user:bcrypt:roles} line per {@code "user:password:role[,role]"}; returns the file's path. */
    public static String write(String... userPasswordRoles) {
        StringBuilder sb = new StringBuilder();
        for (String entry : userPasswordRoles) {
            String[] p = entry.split(":", 3);
            if (p.length != 3) {
                throw new IllegalArgumentException("expected user:password:roles, got " + entry);
            }
            sb.append(p[0]).append(':').append(BcryptUtil.bcryptHash(p[1])).append(':').append(p[2]).append('\n');
        }
        try {
            Path file = Files.createTempFile("medcloud-users", ".txt");
            Files.writeString(file, sb);
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
