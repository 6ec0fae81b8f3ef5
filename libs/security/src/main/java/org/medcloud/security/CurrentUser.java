package org.medcloud.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.TreeSet;

/** Who is calling, as the services need it: a name to record and the two role checks. */
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    @Inject
    SecurityRuntime runtime;

    /** The caller's name ("anonymous" on the local stack). */
    public String name() {
        if (identity == null || identity.isAnonymous() || identity.getPrincipal() == null) {
            return LocalAndBasicAuthMechanism.LOCAL_USER;
        }
        String n = identity.getPrincipal().getName();
        return n == null || n.isBlank() ? LocalAndBasicAuthMechanism.LOCAL_USER : n;
    }

    public boolean isAdmin() {
        return identity != null && identity.hasRole(Roles.ADMIN);
    }

    public Set<String> roles() {
        return identity == null ? Set.of() : new TreeSet<>(identity.getRoles());
    }

    public AuthMode mode() {
        return runtime.mode();
    }

    /** True when callers are not authenticated (AUTH_MODE=none): headers like X-User may name them. */
    public boolean isLocalMode() {
        return runtime.mode() == AuthMode.NONE;
    }
}
