package org.medcloud.inference.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;
import org.medcloud.security.CurrentUser;
import org.medcloud.security.RateLimiter;
import org.medcloud.storage.ObjectNotFoundException;
import org.medcloud.storage.ObjectStorage;

@Path("/api/inference/jobs")
public class JobsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    JobService jobs;

    @Inject
    ObjectStorage storage;

    @Inject
    CurrentUser user;

    @Inject
    RateLimiter rateLimiter;

    /** Body {"seriesInstanceUid", "sopInstanceUid"?, "model"?, "params"?}; answers 202 with the queued job. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(JsonNode body, @Context UriInfo uri) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("seriesInstanceUid", "the body must be a JSON object with seriesInstanceUid");
        }
        rateLimiter.acquire(RateLimiter.Operation.INFERENCE, user.name());
        Job job = jobs.submit(text(body, "seriesInstanceUid"), text(body, "sopInstanceUid"), text(body, "model"), body.get("params"),
                user.name());
        return Response.accepted(view(job)).location(uri.getBaseUriBuilder().path("api/inference/jobs").path(job.id().toString()).build())
                .build();
    }

    @GET
    @Path("{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("jobId") String jobId) {
        return view(job(jobId));
    }

    /** The result JSON exactly as MONAI Label returned it. */
    @GET
    @Path("{jobId}/result")
    @Produces(MediaType.APPLICATION_JSON)
    public Response result(@PathParam("jobId") String jobId) {
        Job job = job(jobId);
        if (job.resultJson() == null) {
            throw ApiException.conflict("job-not-finished", "No result yet", "job " + jobId + " is " + job.status());
        }
        return Response.ok(job.resultJson(), MediaType.APPLICATION_JSON).build();
    }

    /** The label volume (NIfTI-1, gzip) as MONAI Label returned it. */
    @GET
    @Path("{jobId}/label.nii.gz")
    @Produces("application/gzip")
    public Response label(@PathParam("jobId") String jobId) {
        Job job = job(jobId);
        if (job.labelKey() == null) {
            throw ApiException.conflict("job-not-finished", "No label volume yet", "job " + jobId + " is " + job.status());
        }
        return Response.ok((jakarta.ws.rs.core.StreamingOutput) out -> {
            try (InputStream in = storage.get(job.labelKey())) {
                in.transferTo(out);
            }
        }, "application/gzip").header("Content-Disposition", "attachment; filename=\"label.nii.gz\"").build();
    }

    /** RGBA PNG overlay for one instance of the series, pixel-aligned with that instance. */
    @GET
    @Path("{jobId}/overlays/{sop}.png")
    @Produces("image/png")
    public Response overlay(@PathParam("jobId") String jobId, @PathParam("sop") String sop) throws IOException {
        DicomUids.require("sopInstanceUid", sop);
        Job job = job(jobId);
        if (!"succeeded".equals(job.status())) {
            throw ApiException.conflict("job-not-finished", "No overlays yet", "job " + jobId + " is " + job.status()
                    + (job.error() != null ? ": " + job.error() : ""));
        }
        for (JsonNode o : JSON.readTree(job.overlays())) {
            if (sop.equals(o.path("sopInstanceUid").asText())) {
                byte[] png;
                if (o.path("labelledPixels").asLong() > 0) {
                    try (InputStream in = storage.get("inference/" + job.id() + "/overlays/" + sop + ".png")) {
                        png = in.readAllBytes();
                    } catch (ObjectNotFoundException e) {
                        throw ApiException.notFound("Overlay", "the overlay of " + sop + " is missing from storage");
                    }
                } else {
                    png = OverlayPng.encode(null, o.path("rows").asInt(), o.path("columns").asInt(), java.util.List.of());
                }
                return Response.ok(png, "image/png").header("Cache-Control", "private, max-age=86400, immutable").build();
            }
        }
        throw ApiException.notFound("Instance", "instance " + sop + " is not part of series " + job.seriesUid());
    }

    private Job job(String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Inference job", "no inference job " + jobId);
        }
        // Users read their own jobs, admins everyone's; someone else's job is "not found", not "forbidden".
        return jobs.find(id).filter(j -> user.isAdmin() || user.name().equals(j.owner()))
                .orElseThrow(() -> ApiException.notFound("Inference job", "no inference job " + jobId));
    }

    private Map<String, Object> view(Job job) {
        Map<String, Object> v = new LinkedHashMap<>();
        String base = "/api/inference/jobs/" + job.id();
        v.put("jobId", job.id().toString());
        v.put("status", job.status());
        v.put("position", jobs.position(job));
        v.put("seriesInstanceUid", job.seriesUid());
        v.put("sopInstanceUid", job.sopUid());
        v.put("model", job.model());
        v.put("handover", job.handover());
        v.put("server", job.serverUrl());
        v.put("params", tree(job.params()));
        v.put("createdAt", job.createdAt());
        v.put("startedAt", job.startedAt());
        v.put("finishedAt", job.finishedAt());
        v.put("error", job.error());
        v.put("result", job.resultJson() == null ? null : tree(job.resultJson()));
        v.put("resultUrl", job.resultJson() == null ? null : base + "/result");
        v.put("labelUrl", job.labelKey() == null ? null : base + "/label.nii.gz");
        v.put("labelKey", job.labelKey());
        v.put("legend", job.legend() == null ? null : tree(job.legend()));
        if (job.overlays() != null) {
            JsonNode overlays = tree(job.overlays());
            for (JsonNode o : overlays) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) o).put("url", base + "/overlays/" + o.path("sopInstanceUid").asText() + ".png");
            }
            v.put("overlays", overlays);
        } else {
            v.put("overlays", null);
        }
        return v;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        return n.asText();
    }
}
