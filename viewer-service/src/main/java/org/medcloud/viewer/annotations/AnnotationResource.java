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
import java.util.List;
import java.util.Map;
import org.medcloud.common.problem.ApiException;
import org.medcloud.security.Audit;
import org.medcloud.security.CurrentUser;

/** GET/PUT the caller's annotations of a series, and their version history. */
@Path("/api/viewer/series/{seriesUid}/annotations")
@Produces(MediaType.APPLICATION_JSON)
public class AnnotationResource {

    static final String ANONYMOUS = "anonymous";

    @Inject
    AnnotationService service;

    @Inject
    CurrentUser user;

    @GET
    public ObjectNode get(@PathParam("seriesUid") String seriesUid, @QueryParam("version") String versionParam,
                          @QueryParam("author") String author, @Context HttpHeaders headers) {
        Integer version = org.medcloud.common.problem.QueryParams.integer("version", versionParam);
        return service.get(seriesUid, author != null ? checkAuthor(author, "author") : author(headers), version);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode put(@PathParam("seriesUid") String seriesUid, JsonNode body, @Context HttpHeaders headers) {
        String who = author(headers);
        ObjectNode saved = service.save(seriesUid, who, body);
        Audit.record("annotations-save", who, Map.of("series", seriesUid, "version", saved.path("version").asInt(),
                "items", saved.path("items").size()));
        return saved;
    }

    @GET
    @Path("/history")
    public Map<String, Object> history(@PathParam("seriesUid") String seriesUid, @QueryParam("author") String author,
                                       @Context HttpHeaders headers) {
        String who = author != null ? checkAuthor(author, "author") : author(headers);
        List<Map<String, Object>> versions = service.history(seriesUid, who);
        return Map.of("seriesInstanceUid", seriesUid, "author", who, "versions", versions);
    }

    /**
     * The signed-in user. Only without authentication (AUTH_MODE=none, the local stack) may the
     * X-User header name the author; with auth on it is ignored, so nobody writes as someone else.
     */
    String author(HttpHeaders headers) {
        if (user.isLocalMode()) {
            String header = headers.getHeaderString("X-User");
            if (header != null && !header.isBlank()) {
                return checkAuthor(header.trim(), "X-User");
            }
            return ANONYMOUS;
        }
        return user.name();
    }

    static String checkAuthor(String author, String field) {
        if (author.isEmpty() || author.length() > 128 || !author.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw ApiException.badRequest(field, "a user name of 1 to 128 printable characters");
        }
        return author;
    }
}
