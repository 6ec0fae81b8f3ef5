package org.medcloud.viewer.annotations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;
import org.medcloud.common.problem.ApiException;

/** GET/PUT the caller's annotations of a series, and their version history. */
@Path("/api/viewer/series/{seriesUid}/annotations")
@Produces(MediaType.APPLICATION_JSON)
public class AnnotationResource {

    static final String ANONYMOUS = "anonymous";

    @Inject
    AnnotationService service;

    @GET
    public ObjectNode get(@PathParam("seriesUid") String seriesUid, @QueryParam("version") Integer version,
                          @QueryParam("author") String author, @Context SecurityContext security,
                          @Context HttpHeaders headers) {
        return service.get(seriesUid, author != null ? checkAuthor(author, "author") : author(security, headers),
                version);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode put(@PathParam("seriesUid") String seriesUid, JsonNode body, @Context SecurityContext security,
                          @Context HttpHeaders headers) {
        return service.save(seriesUid, author(security, headers), body);
    }

    @GET
    @Path("/history")
    public Map<String, Object> history(@PathParam("seriesUid") String seriesUid, @QueryParam("author") String author,
                                       @Context SecurityContext security, @Context HttpHeaders headers) {
        String who = author != null ? checkAuthor(author, "author") : author(security, headers);
        List<Map<String, Object>> versions = service.history(seriesUid, who);
        return Map.of("seriesInstanceUid", seriesUid, "author", who, "versions", versions);
    }

    /** The security identity when there is one, else the X-User header, else "anonymous". */
    static String author(SecurityContext security, HttpHeaders headers) {
        if (security != null && security.getUserPrincipal() != null
                && security.getUserPrincipal().getName() != null && !security.getUserPrincipal().getName().isBlank()) {
            return security.getUserPrincipal().getName();
        }
        String header = headers.getHeaderString("X-User");
        if (header != null && !header.isBlank()) {
            return checkAuthor(header.trim(), "X-User");
        }
        return ANONYMOUS;
    }

    static String checkAuthor(String author, String field) {
        if (author.isEmpty() || author.length() > 128 || !author.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw ApiException.badRequest(field, "a user name of 1 to 128 printable characters");
        }
        return author;
    }
}
