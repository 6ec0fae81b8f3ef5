package org.medcloud.search.values;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.medcloud.common.problem.ApiException;
import org.medcloud.search.series.Filters;
import org.medcloud.search.series.Params;

@Path("/api/search/values")
public class ValuesResource {

    static final Set<String> ALLOWED = Set.of("collection", "bodyPart", "modality", "manufacturer", "manufacturerModelName",
            "patientId", "studyInstanceUid");

    /** The answer: which field, and its values. */
    public record Values(String field, List<String> values) {
    }

    @Inject
    ValuesService service;

    @GET
    @Path("/{field}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Filter values", description = "field: collection, bodyPart, modality, manufacturer or manufacturerModelName; "
            + "the other chosen filters (same names as for /api/search/series) narrow the list.")
    public Values values(@PathParam("field") String field, @Context UriInfo uri) {
        if (!ValuesService.FIELDS.contains(field)) {
            throw ApiException.badRequest("field", "Unknown field '" + field + "'. Use one of " + ValuesService.FIELDS + ".");
        }
        Params.rejectUnknown(uri, ALLOWED);
        Filters f = Params.filters(uri.getQueryParameters());
        return new Values(field, service.values(field, f));
    }
}
