package org.medcloud.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * The users of basic mode: a file of {@code user:bcrypt-hash:role[,role]} lines ('#' comments,
 * blank lines ignored), as written by {@code htpasswd -nbB} plus a roles column. Hashes are
 * bcrypt only ($2a$, $2b$ or $2y$); a plain-text password is refused when the file is read.
 */
public final class BasicUsers {

    record User(String name, Password hash, Set<String> roles) {
    }

    private static final WildFlyElytronPasswordProvider PROVIDER = WildFlyElytronPasswordProvider.getInstance();

    private final Map<String, User> users;
    /** Verified (user, password) pairs: bcrypt costs ~50-100 ms per check, a request must not pay it each time. */
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

    private BasicUsers(Map<String, User> users) {
        this.users = users;
    }

    public static BasicUsers read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, User> users = new ConcurrentHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", 3);
            if (parts.length < 2 || parts[0].isBlank()) {
                throw new IOException(file + " line " + (i + 1) + ": expected user:bcrypt-hash:roles");
            }
            String hash = parts[1].strip();
            if (!hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new IOException(file + " line " + (i + 1) + ": the password of '" + parts[0]
                        + "' is not a bcrypt hash (use htpasswd -nbB user password)");
            }
            Set<String> roles = new LinkedHashSet<>();
            if (parts.length == 3) {
                Arrays.stream(parts[2].split(",")).map(String::strip).filter(r -> !r.isEmpty()).forEach(roles::add);
            }
            try {
                Password decoded = ModularCrypt.decode("$2a$" + hash.substring(4));
                users.put(parts[0].strip(), new User(parts[0].strip(),
                        PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER).translate(decoded), roles));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException | java.security.InvalidKeyException e) {
                throw new IOException(file + " line " + (i + 1) + ": unreadable bcrypt hash for '" + parts[0] + "'", e);
            }
        }
        return new BasicUsers(users);
    }

    public int size() {
        return users.size();
    }

    /** The user's roles when the password is right. */
    public Optional<Set<String>> check(String user, char[] password) {
        User u = users.get(user);
        if (u == null) {
            return Optional.empty();
        }
        String key = user + '\u0000' + sha256(password);
        Boolean ok = verified.get(key);
        if (ok == null) {
            try {
                ok = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER).verify(u.hash(), password);
            } catch (Exception e) {
                ok = false;
            }
            if (ok) {
                if (verified.size() > 10_000) {
                    verified.clear();
                }
                verified.put(key, true);
            }
        }
        return ok ? Optional.of(u.roles()) : Optional.empty();
    }

    private static String sha256(char[] password) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(new String(password).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
