package org.medcloud.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaving any service is application/problem+json. Unknown failures become a 500
 * with an error id that is also logged, never a stack trace in the response.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper(priority = 1)
    public Response api(ApiException e, UriInfo uri) {
        Problem p = e.problem();
        if (p.status() >= 500) {
            LOG.warnf("%s %s -> %d %s: %s", "request", uri.getPath(), p.status(), p.title(), rootMessage(e));
        }
        Response r = respond(p.withInstance(uri.getPath()));
        if (e.retryAfterSeconds() != null) {
            r.getHeaders().putSingle("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return r;
    }

    @ServerExceptionMapper(priority = 1)
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String title = switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 413 -> "Request too large";
            case 415 -> "Unsupported media type";
            default -> status >= 500 ? "Server error" : "Request failed";
        };
        String detail = status == 404 ? "No resource at " + uri.getPath()
                : status >= 500 ? "The server could not complete the request." : safeMessage(e.getMessage(), title);
        if (status >= 500) {
            LOG.error("Unhandled web exception on " + uri.getPath(), e);
        }
        return respond(Problem.of(status, "http-" + status, title, detail, null).withInstance(uri.getPath()));
    }

    @ServerExceptionMapper(priority = 1)
    public Response json(JsonProcessingException e, UriInfo uri) {
        String field = null;
        String detail = "The request body is not valid JSON.";
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            field = jme.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            if (e instanceof UnrecognizedPropertyException) {
                detail = "Unknown field '" + field + "'.";
            } else if (e instanceof InvalidFormatException ife) {
                detail = "Field '" + field + "' has the wrong type (expected " + ife.getTargetType().getSimpleName() + ").";
            } else {
                detail = "Field '" + field + "' has the wrong type or shape.";
            }
        }
        String title = field == null ? "Malformed JSON body" : "Invalid value for '" + field + "'";
        return respond(Problem.of(400, "invalid-json", title, detail, field).withInstance(uri.getPath()));
    }

    @ServerExceptionMapper(priority = 10)
    public Response any(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled error %s on %s", errorId, uri.getPath());
        return respond(Problem.of(500, "internal", "Internal error",
                "The server hit an unexpected error (id " + errorId + "). It has been logged; please retry or report the id.",
                null).withInstance(uri.getPath()));
    }

    public static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String safeMessage(String m, String fallback) {
        if (m == null || m.isBlank() || m.startsWith("HTTP ")) {
            return fallback;
        }
        return m.length() > 300 ? m.substring(0, 300) : m;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c == t ? String.valueOf(t.getMessage()) : c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
