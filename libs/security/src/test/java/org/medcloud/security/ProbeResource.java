package org.medcloud.security;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** A service-shaped resource for the auth-mode tests: default (viewer), admin-only, open, rate-limited. */
@Path("/api/probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    @Inject
    CurrentUser user;

    @Inject
    RateLimiter limiter;

    @GET
    public Map<String, Object> read() {
        return Map.of("user", user.name(), "roles", user.roles(), "admin", user.isAdmin());
    }

    @POST
    @Path("/admin")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> admin() {
        return Map.of("user", user.name());
    }

    @GET
    @Path("/open")
    @PermitAll
    public Map<String, Object> open() {
        return Map.of("user", user.name(), "roles", user.roles());
    }

    @Inject
    OutgoingAuth outgoing;

    /** What a call to another service made now would carry. */
    @GET
    @Path("/outgoing")
    public Map<String, Object> outgoing() {
        return Map.of("authorization", outgoing.callerHeader().orElse(""));
    }

    @POST
    @Path("/limited")
    public Map<String, Object> limited() {
        limiter.acquire(RateLimiter.Operation.INFERENCE, user.name());
        return Map.of("ok", true);
    }
}
