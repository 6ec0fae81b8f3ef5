package org.medcloud.search.nbia;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** NBIA client settings (prefix {@code nbia}); the README lists the environment variables. */
@ConfigMapping(prefix = "nbia")
public interface NbiaConfig {

    /** API generation: v4 (no auth, default), v1 or v2 (Bearer token from the OAuth settings). */
    @WithDefault("v4")
    String apiVersion();

    Retry retry();

    Breaker breaker();

    OAuth oauth();

    /** downloadServerUrl written into exported .tcia manifests. */
    @WithDefault("https://public.cancerimagingarchive.net/nbia-download/servlet/DownloadServlet")
    String manifestDownloadServerUrl();

    interface Retry {
        /** Attempts in total (1 = no retry). */
        @WithDefault("3")
        int maxAttempts();

        @WithDefault("200ms")
        Duration initialDelay();

        @WithDefault("3s")
        Duration maxDelay();

        /** Fraction of each delay that is randomised (0..1). */
        @WithDefault("0.5")
        double jitter();

        /** A Retry-After longer than this is not waited for: the request fails at once with 503. */
        @WithDefault("10s")
        Duration maxRetryAfter();
    }

    interface Breaker {
        @WithDefault("10")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        @WithDefault("15s")
        Duration delay();

        @WithDefault("1")
        int successThreshold();
    }

    interface OAuth {
        /** Token URL for v1/v2 (e.g. https://services.cancerimagingarchive.net/nbia-api/oauth/token); empty = no token. */
        Optional<String> tokenUrl();

        @WithDefault("nbia_guest")
        String username();

        /** Empty for the guest account (NBIA substitutes the guest password). */
        Optional<String> password();

        @WithDefault("NBIA")
        String clientId();

        Optional<String> clientSecret();

        /** Refresh this long before the token expires. */
        @WithDefault("60s")
        Duration refreshBefore();
    }
}
