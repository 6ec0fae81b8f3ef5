package org.medcloud.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.medcloud.common.startup.StartupCheck;

/**
 * The auth settings as checked at start-up: the mode, the basic users, the role mapping. A bad
 * AUTH_MODE, a missing OIDC_ISSUER_URL or an unreadable BASIC_USERS_FILE stops the service with
 * one line naming the setting.
 */
@ApplicationScoped
public class SecurityRuntime {

    private static final Logger LOG = Logger.getLogger(SecurityRuntime.class);

    @Inject
    AuthSettings settings;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    java.util.Optional<String> issuer;

    @ConfigProperty(name = "quarkus.oidc.public-key")
    java.util.Optional<String> publicKey;

    private volatile AuthMode mode;
    private volatile BasicUsers basicUsers;
    private volatile Set<String> viewerNames;
    private volatile Set<String> adminNames;

    void onStart(@Observes @Priority(5) StartupEvent event) {
        init();
    }

    synchronized void init() {
        if (mode != null) {
            return;
        }
        viewerNames = names(settings.roles().viewer());
        adminNames = names(settings.roles().admin());
        AuthMode m;
        try {
            m = AuthMode.parse(settings.mode());
        } catch (IllegalArgumentException e) {
            // Fail closed while the process exits: basic mode without users lets nobody in.
            mode = AuthMode.BASIC;
            StartupCheck.run("AUTH_MODE", "the auth mode", () -> {
                throw e;
            });
            return;
        }
        if (m == AuthMode.OIDC) {
            StartupCheck.run("OIDC_ISSUER_URL", "the OIDC issuer", () -> {
                if (publicKey.filter(k -> !k.isBlank()).isPresent()) {
                    return; // tokens checked against a fixed key (quarkus.oidc.public-key), no discovery
                }
                if (issuer.isEmpty() || issuer.get().isBlank()) {
                    throw new IllegalArgumentException("AUTH_MODE=oidc needs the issuer URL");
                }
                java.net.URI.create(issuer.get()).toURL();
            });
        }
        if (m == AuthMode.BASIC) {
            StartupCheck.run("BASIC_USERS_FILE", "the basic users file", () -> {
                String file = settings.basic().usersFile().filter(s -> !s.isBlank())
                        .orElseThrow(() -> new IllegalArgumentException("AUTH_MODE=basic needs a users file"));
                basicUsers = BasicUsers.read(Path.of(file));
                if (basicUsers.size() == 0) {
                    throw new IllegalArgumentException(file + " holds no users");
                }
            });
        }
        mode = m;
        LOG.infof("Auth mode %s%s", m.name().toLowerCase(),
                m == AuthMode.NONE ? " (every caller is the local user with every role: local use only)" : "");
    }

    public AuthMode mode() {
        if (mode == null) {
            init();
        }
        return mode;
    }

    public BasicUsers basicUsers() {
        mode();
        return basicUsers;
    }

    /** Provider role names meaning viewer / admin. */
    Set<String> viewerNames() {
        mode();
        return viewerNames;
    }

    Set<String> adminNames() {
        mode();
        return adminNames;
    }

    public String challenge() {
        return switch (mode()) {
            case BASIC -> "Basic realm=\"medcloud\", charset=\"UTF-8\"";
            default -> "Bearer realm=\"medcloud\"";
        };
    }

    private static Set<String> names(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
