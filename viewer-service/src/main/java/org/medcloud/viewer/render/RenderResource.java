package org.medcloud.viewer.render;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;
import org.medcloud.viewer.catalog.CatalogRepository;
import org.medcloud.viewer.catalog.InstanceLookup;
import org.medcloud.viewer.catalog.InstanceRef;
import org.medcloud.viewer.catalog.SeriesRow;
import org.medcloud.viewer.config.ViewerConfig;

/** Rendered frames and series thumbnails. */
@Path("/api/viewer")
public class RenderResource {

    @Inject
    InstanceLookup lookup;

    @Inject
    CatalogRepository repository;

    @Inject
    RenderService renderer;

    @Inject
    ViewerConfig config;

    @GET
    @Path("/instances/{sopInstanceUid}/rendered")
    @Produces({"image/png", "image/jpeg"})
    public Response rendered(@PathParam("sopInstanceUid") String sopUid,
                             @QueryParam("frame") String frame,
                             @QueryParam("window") String window,
                             @QueryParam("level") String level,
                             @QueryParam("preset") String preset,
                             @QueryParam("size") String size,
                             @QueryParam("format") String format,
                             @QueryParam("quality") String quality,
                             @Context HttpHeaders headers) {
        RenderRequest request = RenderRequest.of(org.medcloud.common.problem.QueryParams.integer("frame", frame), org.medcloud.common.problem.QueryParams.decimal("window", window),
                org.medcloud.common.problem.QueryParams.decimal("level", level), preset, org.medcloud.common.problem.QueryParams.integer("size", size),
                ImageResponses.format(format, headers), org.medcloud.common.problem.QueryParams.integer("quality", quality), config.render().maxSize());
        InstanceRef ref = lookup.require(sopUid);
        if (request.frame() > ref.frameCount()) {
            throw ApiException.notFound("Frame", "instance " + sopUid + " has " + ref.frameCount()
                    + " frame(s); frame " + request.frame() + " does not exist");
        }
        String etag = renderer.etag(ref, request);
        return ImageResponses.image(headers, etag, request.mediaType(), () -> renderer.render(ref, request, etag));
    }

    @GET
    @Path("/series/{seriesUid}/thumbnail")
    @Produces({"image/png", "image/jpeg"})
    public Response thumbnail(@PathParam("seriesUid") String seriesUid,
                              @QueryParam("size") String size,
                              @QueryParam("format") String format,
                              @QueryParam("preset") String preset,
                              @Context HttpHeaders headers) {
        DicomUids.require("seriesUid", seriesUid);
        Integer requested = org.medcloud.common.problem.QueryParams.integer("size", size);
        int s = requested == null ? config.render().thumbnailSize() : requested;
        if (s < 16 || s > 512) {
            throw ApiException.badRequest("size", "thumbnail size must be between 16 and 512");
        }
        List<InstanceRef> instances = repository.instances(seriesUid);
        if (instances.isEmpty()) {
            throw ApiException.notFound("Series", "no stored series " + seriesUid);
        }
        InstanceRef ref = instances.get(instances.size() / 2);
        RenderRequest request = RenderRequest.of(ref.frameCount() > 1 ? (ref.frameCount() + 1) / 2 : 1, null, null,
                preset, s, ImageResponses.format(format, headers), 85, config.render().maxSize());
        String etag = renderer.etag(ref, request);
        return ImageResponses.image(headers, etag, request.mediaType(), () -> renderer.render(ref, request, etag));
    }

    @GET
    @Path("/series/{seriesUid}/presets")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> presets(@PathParam("seriesUid") String seriesUid) {
        DicomUids.require("seriesUid", seriesUid);
        SeriesRow s = repository.series(seriesUid)
                .orElseThrow(() -> ApiException.notFound("Series", "no stored series " + seriesUid));
        return Presets.describe(s.modality());
    }
}
