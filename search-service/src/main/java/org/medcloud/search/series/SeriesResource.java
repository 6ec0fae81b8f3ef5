package org.medcloud.search.series;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Set;
import org.medcloud.security.Audit;
import org.medcloud.security.CurrentUser;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/api/search/series")
public class SeriesResource {

    static final Set<String> ALLOWED = Set.of("collection", "bodyPart", "modality", "manufacturer", "manufacturerModelName",
            "patientId", "studyInstanceUid", "sort", "page", "size");
    public static final int MAX_SIZE = 500;

    @Inject
    SeriesService service;

    @Inject
    CurrentUser user;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search series in TCIA",
            description = "Any combination of the seven filters (at least one). sort: comma-separated fields, '-' for descending "
                    + "(default " + SeriesService.DEFAULT_SORT + "). page is 0-based; size 1..500 (default 50).")
    public SeriesPage search(@Context UriInfo uri,
            @Parameter(description = "e.g. -fileSizeBytes") @jakarta.ws.rs.QueryParam("sort") String sortDoc) {
        Params.rejectUnknown(uri, ALLOWED);
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        Filters f = Params.filters(q);
        String sort = Params.single(q, "sort");
        if (sort != null && sort.length() > 300) {
            throw org.medcloud.common.problem.ApiException.badRequest("sort", "'sort' is too long.");
        }
        int page = Params.integer(q, "page", 0, 0, 100_000);
        int size = Params.integer(q, "size", 50, 1, MAX_SIZE);
        SeriesPage result = service.page(f, sort, page, size);
        // Audit: which filters were used (names only: patient IDs and study UIDs are PHI) and how much came back.
        Audit.record("search", user.name(), Map.of("filters", String.join(",", new java.util.TreeSet<>(
                        q.keySet().stream().filter(k -> !k.equals("sort") && !k.equals("page") && !k.equals("size")).toList())),
                "page", page));
        return result;
    }
}
