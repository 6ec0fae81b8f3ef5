package org.medcloud.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;

/**
 * Maps the provider's role or group names (AUTH_ROLES_VIEWER, AUTH_ROLES_ADMIN) to the product's
 * roles; admin implies viewer. Provider roles that map to nothing are dropped, so a provider role
 * that happens to be called "admin" only counts when configured to.
 */
@ApplicationScoped
public class RoleMapper implements SecurityIdentityAugmentor {

    @Inject
    SecurityRuntime runtime;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || runtime.mode() == AuthMode.NONE) {
            return Uni.createFrom().item(identity);
        }
        Set<String> mapped = map(identity.getRoles(), runtime.viewerNames(), runtime.adminNames());
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(mapped)
                .addPermissionChecker(identity::checkPermission);
        return Uni.createFrom().item(b.build());
    }

    static Set<String> map(Set<String> providerRoles, Set<String> viewerNames, Set<String> adminNames) {
        Set<String> out = new HashSet<>();
        for (String r : providerRoles) {
            if (adminNames.contains(r)) {
                out.add(Roles.ADMIN);
                out.add(Roles.VIEWER);
            } else if (viewerNames.contains(r)) {
                out.add(Roles.VIEWER);
            }
        }
        return out;
    }
}
