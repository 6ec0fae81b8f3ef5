package org.medcloud.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnitTest {

    @Test
    void authModeParsesTheThreeModesAndNamesTheVariableOtherwise() {
        assertEquals(AuthMode.NONE, AuthMode.parse(""));
        assertEquals(AuthMode.OIDC, AuthMode.parse(" OIDC "));
        assertEquals(AuthMode.BASIC, AuthMode.parse("basic"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthMode.parse("ldap"));
        assertTrue(e.getMessage().contains("AUTH_MODE"));
    }

    @Test
    void roleMappingDropsUnmappedNamesAndAdminImpliesViewer() {
        assertEquals(Set.of("viewer", "admin"), RoleMapper.map(Set.of("ops"), Set.of("staff"), Set.of("ops")));
        assertEquals(Set.of("viewer"), RoleMapper.map(Set.of("staff", "admin"), Set.of("staff"), Set.of("ops")));
        assertEquals(Set.of(), RoleMapper.map(Set.of("offline_access"), Set.of("staff"), Set.of("ops")));
    }

    @Test
    void basicUsersAcceptBcryptOnlyAndCheckPasswords(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("users");
        Files.writeString(f, "a:" + BcryptUtil.bcryptHash("pw-a") + ":viewer\n");
        BasicUsers users = BasicUsers.read(f);
        assertEquals(Optional.of(Set.of("viewer")), users.check("a", "pw-a".toCharArray()));
        assertEquals(Optional.of(Set.of("viewer")), users.check("a", "pw-a".toCharArray())); // cached
        assertEquals(Optional.empty(), users.check("a", "pw-b".toCharArray()));
        assertEquals(Optional.empty(), users.check("b", "pw-a".toCharArray()));

        Files.writeString(f, "a:plaintext:viewer\n");
        IOException e = assertThrows(IOException.class, () -> BasicUsers.read(f));
        assertTrue(e.getMessage().contains("not a bcrypt hash"), e.getMessage());
    }

    @Test
    void bucketRefillsAtTheConfiguredRate() {
        RateLimiter.Bucket b = new RateLimiter.Bucket(2);
        long t0 = System.nanoTime();
        assertEquals(0, b.take(2, t0));
        assertEquals(0, b.take(2, t0));
        long wait = b.take(2, t0);
        assertTrue(wait > 29_000 && wait <= 30_000, "wait " + wait);
        assertEquals(0, b.take(2, t0 + 30_000_000_000L));
    }
}
