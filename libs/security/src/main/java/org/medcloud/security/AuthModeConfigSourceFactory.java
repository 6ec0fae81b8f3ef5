package org.medcloud.security;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives quarkus-oidc's on/off switch from the one AUTH_MODE setting, so operators set a single
 * variable. Ordinal 275: above application.properties (250), below the environment (300), so an
 * explicit QUARKUS_OIDC_TENANT_ENABLED still wins.
 */
public class AuthModeConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        AuthMode mode;
        try {
            mode = AuthMode.parse(first(context, "none", "medcloud.auth.mode", "AUTH_MODE"));
        } catch (IllegalArgumentException e) {
            mode = AuthMode.NONE; // reported at start-up by AuthSettings
        }
        // The CORS filter only when origins are configured: without it the browser's same-origin
        // policy applies (the UI behind the same gateway/ingress needs nothing), and a proxied
        // same-origin request is never refused for an Origin that differs from the service's own host.
        boolean cors = !first(context, "", "quarkus.http.cors.origins", "CORS_ORIGINS").isBlank();
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.oidc.tenant-enabled", String.valueOf(mode == AuthMode.OIDC),
                "quarkus.http.cors.enabled", String.valueOf(cors)), "medcloud-auth-mode", 275));
    }

    private static String first(ConfigSourceContext context, String fallback, String... names) {
        for (String name : names) {
            ConfigValue v = context.getValue(name);
            if (v != null && v.getValue() != null && !v.getValue().isBlank() && !v.getValue().startsWith("${")) {
                return v.getValue();
            }
        }
        return fallback;
    }
}
