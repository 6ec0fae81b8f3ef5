package org.medcloud.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** Checks Basic credentials against BASIC_USERS_FILE (bcrypt, off the event loop). */
@ApplicationScoped
public class BasicUsersIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    @Inject
    SecurityRuntime runtime;

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        BasicUsers users = runtime.basicUsers();
        if (users == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("basic authentication is not enabled"));
        }
        return context.runBlocking(() -> {
            Set<String> roles = users.check(request.getUsername(), request.getPassword().getPassword())
                    .orElseThrow(() -> new AuthenticationFailedException("wrong user name or password"));
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(request.getUsername()))
                    .addCredential(request.getPassword())
                    .addRoles(roles)
                    .build();
        });
    }
}
