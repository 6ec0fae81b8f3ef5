package org.medcloud.search.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.medcloud.common.problem.ApiException;
import org.medcloud.search.series.Params;
import org.medcloud.search.series.SeriesRow;

@Path("/api/search/manifest")
public class ManifestResource {

    /** Result of parsing a manifest. */
    public record Parsed(List<String> seriesInstanceUids, List<SeriesRow> rows, List<String> notFound) {
    }

    @Inject
    ManifestService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Export a .tcia manifest", description = "Body: a JSON array of SeriesInstanceUIDs, or {\"seriesInstanceUids\": [...]}.")
    public Response export(JsonNode body, @Context UriInfo uri) {
        Params.rejectUnknown(uri, Set.of());
        String field = "seriesInstanceUids";
        JsonNode list = body;
        if (body != null && body.isObject()) {
            list = body.get(field);
            body.fieldNames().forEachRemaining(n -> {
                if (!n.equals(field)) {
                    throw ApiException.badRequest(n, "Unknown field '" + n + "'; expected {\"seriesInstanceUids\": [...]}.");
                }
            });
        }
        if (list == null || !list.isArray()) {
            throw ApiException.badRequest(field, "Send a JSON array of series UIDs or {\"seriesInstanceUids\": [...]}.");
        }
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            if (!n.isTextual()) {
                throw ApiException.badRequest(field + "[" + i + "]", "Each series UID must be a string.");
            }
            raw.add(n.asText());
        }
        List<String> uids = service.validate(raw, field);
        long now = System.currentTimeMillis();
        return Response.ok(service.write(uids, now), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"manifest-" + now + ".tcia\"").build();
    }

    @POST
    @Path("/parse")
    @Consumes({MediaType.TEXT_PLAIN, "application/x-nbia-manifest-file", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Parse a .tcia manifest", description = "Returns the series UIDs, their rows from TCIA, and the UIDs TCIA does not know.")
    public Parsed parse(String text, @Context UriInfo uri) {
        Params.rejectUnknown(uri, Set.of());
        List<String> uids = service.parse(text);
        Map<String, SeriesRow> rows = service.rows(uids);
        return new Parsed(uids, List.copyOf(rows.values()), ManifestService.missing(uids, rows));
    }
}
