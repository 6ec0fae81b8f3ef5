package org.medcloud.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/** The medcloud.auth.* settings (environment names in docs/security.md). */
@ConfigMapping(prefix = "medcloud.auth")
public interface AuthSettings {

    /** none, oidc or basic (AUTH_MODE). */
    @WithDefault("none")
    String mode();

    Roles roles();

    /** Scope for the client-credentials grant (OIDC_CLIENT_SCOPE), for providers that need one. */
    @WithName("client-scope")
    Optional<String> clientScope();

    Basic basic();

    @WithName("rate-limit")
    RateLimit rateLimit();

    interface Roles {
        /** Provider role/group names that mean viewer (AUTH_ROLES_VIEWER, comma-separated). */
        @WithDefault("viewer")
        String viewer();

        /** Provider role/group names that mean admin (AUTH_ROLES_ADMIN, comma-separated). */
        @WithDefault("admin")
        String admin();
    }

    interface Basic {
        /** File of user:bcrypt-hash:role[,role] lines (BASIC_USERS_FILE). */
        @WithName("users-file")
        Optional<String> usersFile();

        @WithName("service-user")
        Optional<String> serviceUser();

        @WithName("service-password")
        Optional<String> servicePassword();
    }

    interface RateLimit {
        @WithName("downloads-per-minute")
        @WithDefault("30")
        int downloadsPerMinute();

        @WithName("inference-per-minute")
        @WithDefault("20")
        int inferencePerMinute();
    }
}
