package org.medcloud.viewer.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.medcloud.security.Audit;
import org.medcloud.security.CurrentUser;
import org.medcloud.security.Roles;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;

/** The catalogue of stored series: hand-over from the download service, rescan, list, detail. */
@Path("/api/viewer")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    @Inject
    org.medcloud.viewer.render.RenderWarmup warmup;

    @Inject
    CatalogService service;

    @Inject
    CatalogRepository repository;

    @Inject
    ObjectMapper mapper;

    @Inject
    CurrentUser user;

    public record RegisterRequest(String indexKey) {
    }

    @POST
    @Path("/catalog")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register a stored series by its index key (admin; the download service calls it)")
    public Response register(RegisterRequest request) {
        if (request == null) {
            throw ApiException.badRequest("indexKey", "body {\"indexKey\": \"...\"} is required");
        }
        CatalogService.Registration r = service.register(request.indexKey());
        Audit.record("series-register", user.name(), Map.of("series", r.seriesInstanceUid(), "instances", r.instances()));
        if (r.changed()) {
            warmup.prerenderLater(r.seriesInstanceUid()); // a download just completed: its first image is likely wanted next
        }
        return Response.status(r.changed() ? 201 : 200).entity(r).build();
    }

    @POST
    @Path("/catalog/rescan")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rebuild the catalogue from the index files in storage (admin)")
    public Map<String, Object> rescan() {
        Map<String, Object> r = service.rescan();
        Audit.record("catalog-rescan", user.name(), Map.of());
        return r;
    }

    @DELETE
    @Path("/series/{seriesUid}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a stored series: its objects in storage, catalogue rows and annotations (admin)")
    public Map<String, Object> delete(@PathParam("seriesUid") String seriesUid) {
        DicomUids.require("seriesUid", seriesUid);
        Map<String, Object> r = service.delete(seriesUid);
        Audit.record("series-delete", user.name(), Map.of("series", seriesUid, "instances", r.get("instances")));
        return r;
    }

    @GET
    @Path("/me")
    @PermitAll
    @Operation(summary = "Who the caller is: user name, roles and the auth mode (for the web UI)")
    public Map<String, Object> me() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user.name());
        out.put("roles", user.roles());
        out.put("authMode", user.mode().name().toLowerCase(java.util.Locale.ROOT));
        out.put("authenticated", !user.roles().isEmpty());
        return out;
    }

    @GET
    @Path("/series")
    public Map<String, Object> list(@QueryParam("collection") String collection,
                                    @QueryParam("modality") String modality,
                                    @QueryParam("patientId") String patientId,
                                    @QueryParam("studyInstanceUid") String studyInstanceUid,
                                    @QueryParam("q") String q,
                                    @QueryParam("offset") String offsetParam,
                                    @QueryParam("limit") String limitParam) {
        for (String[] f : new String[][] {{"collection", collection}, {"modality", modality}, {"patientId", patientId},
                {"studyInstanceUid", studyInstanceUid}, {"q", q}}) {
            org.medcloud.common.problem.QueryParams.text(f[0], f[1], 256);
        }
        Integer o = org.medcloud.common.problem.QueryParams.integer("offset", offsetParam);
        Integer l = org.medcloud.common.problem.QueryParams.integer("limit", limitParam);
        int offset = o == null ? 0 : o;
        int limit = l == null ? 50 : l;
        if (offset < 0) {
            throw ApiException.badRequest("offset", "offset must be >= 0");
        }
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit", "limit must be between 1 and 1000");
        }
        SeriesQuery query = new SeriesQuery()
                .equalsIgnoreCase("collection", collection)
                .equalsIgnoreCase("modality", modality)
                .wildcard("patient_id", patientId, false)
                .text(q);
        if (studyInstanceUid != null && !studyInstanceUid.isBlank()) {
            query.equalsAny("study_uid", List.of(DicomUids.require("studyInstanceUid", studyInstanceUid)));
        }
        CatalogRepository.Page page = repository.listSeries(query,
                "s.collection, s.patient_id, s.study_uid, s.series_number NULLS LAST, s.series_uid", offset, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", page.total());
        out.put("offset", offset);
        out.put("limit", limit);
        out.put("items", page.rows().stream().map(CatalogResource::summary).toList());
        return out;
    }

    @GET
    @Path("/series/{seriesUid}")
    public ObjectNode detail(@PathParam("seriesUid") String seriesUid) {
        DicomUids.require("seriesUid", seriesUid);
        SeriesRow s = repository.series(seriesUid)
                .orElseThrow(() -> ApiException.notFound("Series", "no stored series " + seriesUid));
        ObjectNode out = mapper.valueToTree(summary(s));
        out.put("indexKey", s.indexKey());
        out.put("zipKey", s.zipKey());
        if (s.zipSize() != null) {
            out.put("zipSize", s.zipSize());
        }
        ArrayNode list = out.putArray("instances");
        int position = 0;
        for (String entry : repository.instanceEntries(seriesUid)) {
            try {
                JsonNode node = mapper.readTree(entry);
                ObjectNode o = mapper.createObjectNode();
                o.put("position", position++);
                o.setAll((ObjectNode) node);
                list.add(o);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    static Map<String, Object> summary(SeriesRow s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seriesInstanceUid", s.seriesUid());
        m.put("studyInstanceUid", s.studyUid());
        putIf(m, "patientId", s.patientId());
        putIf(m, "patientName", s.patientName());
        putIf(m, "collection", s.collection());
        putIf(m, "modality", s.modality());
        putIf(m, "bodyPart", s.bodyPart());
        putIf(m, "manufacturer", s.manufacturer());
        putIf(m, "manufacturerModelName", s.manufacturerModel());
        putIf(m, "seriesDescription", s.seriesDescription());
        putIf(m, "seriesNumber", s.seriesNumber());
        putIf(m, "studyDate", s.studyDate());
        putIf(m, "studyDescription", s.studyDescription());
        m.put("instanceCount", s.instanceCount());
        putIf(m, "storedAt", s.storedAt());
        m.put("registeredAt", s.registeredAt());
        m.put("thumbnail", "/api/viewer/series/" + s.seriesUid() + "/thumbnail");
        return m;
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
