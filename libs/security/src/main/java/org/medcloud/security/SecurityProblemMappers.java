package org.medcloud.security;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.medcloud.common.problem.Problem;
import org.medcloud.common.problem.ProblemExceptionMappers;

/** 401 and 403 as problem+json, with the challenge a client needs (429 is an ApiException with Retry-After). */
public class SecurityProblemMappers {

    @Inject
    SecurityRuntime runtime;

    @Inject
    CurrentUser user;

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri, "Sign in: this request needs a valid access token or credentials.");
    }

    @ServerExceptionMapper(priority = 1)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri, "The credentials were not accepted (expired, wrongly signed or unknown): sign in again.");
    }

    @ServerExceptionMapper(priority = 1)
    public Response authenticationCompletion(AuthenticationCompletionException e, UriInfo uri) {
        return unauthenticated(uri, "The credentials were not accepted: sign in again.");
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        Audit.denied(uri.getPath(), user.name());
        return ProblemExceptionMappers.respond(Problem.of(403, "forbidden", "Not allowed",
                e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                        : "Your role does not allow this: it needs the admin role. Ask an administrator.",
                null).withInstance(uri.getPath()));
    }

    private Response unauthenticated(UriInfo uri, String detail) {
        return Response.fromResponse(ProblemExceptionMappers.respond(Problem.of(401, "unauthenticated",
                        "Authentication required", detail, null).withInstance(uri.getPath())))
                .header("WWW-Authenticate", runtime.challenge()).build();
    }
}
