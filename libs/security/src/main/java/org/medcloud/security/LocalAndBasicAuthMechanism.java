package org.medcloud.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * AUTH_MODE=none: every request is the local user "anonymous" with both roles.
 * AUTH_MODE=basic: "Authorization: Basic" checked by {@link BasicUsersIdentityProvider}.
 * AUTH_MODE=oidc: does nothing; quarkus-oidc's bearer mechanism identifies the caller.
 */
@ApplicationScoped
public class LocalAndBasicAuthMechanism implements HttpAuthenticationMechanism {

    public static final String LOCAL_USER = "anonymous";
    static final String BASIC_PREFIX = "basic ";
    /** The one identity of AUTH_MODE=none (immutable, shared by every request). */
    private static final SecurityIdentity LOCAL = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal(LOCAL_USER))
            .addRoles(Set.of(Roles.VIEWER, Roles.ADMIN))
            .build();

    @Inject
    SecurityRuntime runtime;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return switch (runtime.mode()) {
            case NONE -> Uni.createFrom().item(LOCAL);
            case BASIC -> basic(context, identityProviderManager);
            case OIDC -> Uni.createFrom().nullItem();
        };
    }

    private Uni<SecurityIdentity> basic(RoutingContext context, IdentityProviderManager ipm) {
        String header = context.request().getHeader("Authorization");
        if (header == null || header.length() < BASIC_PREFIX.length()
                || !header.regionMatches(true, 0, BASIC_PREFIX, 0, BASIC_PREFIX.length())) {
            return Uni.createFrom().nullItem();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(BASIC_PREFIX.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed Basic credentials"));
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed Basic credentials"));
        }
        return ipm.authenticate(new UsernamePasswordAuthenticationRequest(decoded.substring(0, colon),
                new PasswordCredential(decoded.substring(colon + 1).toCharArray())));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", runtime.challenge()));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(UsernamePasswordAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "basic"));
    }

    @Override
    public int getPriority() {
        // Before quarkus-oidc's bearer mechanism (priority 1001), which handles only oidc mode.
        return 2000;
    }
}
