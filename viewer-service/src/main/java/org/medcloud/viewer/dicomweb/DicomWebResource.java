package org.medcloud.viewer.dicomweb;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;
import org.medcloud.dicom.DicomElement;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.Tags;
import org.medcloud.dicom.pixel.Frames;
import org.medcloud.viewer.catalog.CatalogRepository;
import org.medcloud.viewer.catalog.InstanceLookup;
import org.medcloud.viewer.catalog.InstanceRef;
import org.medcloud.viewer.catalog.SeriesRow;
import org.medcloud.viewer.config.ViewerConfig;
import org.medcloud.viewer.reading.InstanceStore;
import org.medcloud.viewer.render.ImageResponses;
import org.medcloud.viewer.render.RenderRequest;
import org.medcloud.viewer.render.RenderService;

/** DICOMweb subset (PS3.18): QIDO-RS search and WADO-RS metadata, instances, frames, bulk data, rendered. */
@Path("/dicomweb")
public class DicomWebResource {

    static final String DICOM_JSON = "application/dicom+json";

    @Inject
    QidoService qido;

    @Inject
    MetadataService metadata;

    @Inject
    CatalogRepository repository;

    @Inject
    InstanceLookup lookup;

    @Inject
    InstanceStore store;

    @Inject
    RenderService renderer;

    @Inject
    ViewerConfig config;

    @Context
    UriInfo uriInfo;

    @Context
    HttpHeaders headers;

    String base() {
        return config.dicomweb().publicUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElseGet(() -> {
                    String b = uriInfo.getBaseUri().toString();
                    return (b.endsWith("/") ? b : b + "/") + "dicomweb";
                });
    }

    // ---------------------------------------------------------------- QIDO-RS

    @GET
    @Path("/studies")
    @Produces({DICOM_JSON, "application/json"})
    public Response searchStudies() {
        return qido(QidoService.Level.STUDY, null, null);
    }

    @GET
    @Path("/series")
    @Produces({DICOM_JSON, "application/json"})
    public Response searchSeries() {
        return qido(QidoService.Level.SERIES, null, null);
    }

    @GET
    @Path("/instances")
    @Produces({DICOM_JSON, "application/json"})
    public Response searchInstances() {
        return qido(QidoService.Level.INSTANCE, null, null);
    }

    @GET
    @Path("/studies/{study}/series")
    @Produces({DICOM_JSON, "application/json"})
    public Response searchStudySeries(@PathParam("study") String study) {
        return qido(QidoService.Level.SERIES, DicomUids.require("StudyInstanceUID", study), null);
    }

    @GET
    @Path("/studies/{study}/instances")
    @Produces({DICOM_JSON, "application/json"})
    public Response searchStudyInstances(@PathParam("study") String study) {
        return qido(QidoService.Level.INSTANCE, DicomUids.require("StudyInstanceUID", study), null);
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances")
    @Produces({DICOM_JSON, "application/json"})
    public Response searchSeriesInstances(@PathParam("study") String study, @PathParam("series") String series) {
        return qido(QidoService.Level.INSTANCE, DicomUids.require("StudyInstanceUID", study),
                DicomUids.require("SeriesInstanceUID", series));
    }

    private Response qido(QidoService.Level level, String study, String series) {
        QidoService.Result r = qido.search(level, study, series, uriInfo.getQueryParameters(), base());
        Response.ResponseBuilder b = Response.ok(r.json(), DICOM_JSON);
        if (r.warning() != null) {
            b.header("Warning", r.warning());
        }
        return b.build();
    }

    // ---------------------------------------------------------------- STOW-RS (new series only)

    @Inject
    StowService stow;

    @jakarta.ws.rs.POST
    @Path("/studies")
    @jakarta.annotation.security.RolesAllowed(org.medcloud.security.Roles.ADMIN)
    @jakarta.ws.rs.Consumes("multipart/related")
    @Produces({DICOM_JSON, "application/json"})
    public Response storeInstances(byte[] body) {
        return Response.ok(stow.store(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body, null, base()),
                DICOM_JSON).build();
    }

    @jakarta.ws.rs.POST
    @Path("/studies/{study}")
    @jakarta.annotation.security.RolesAllowed(org.medcloud.security.Roles.ADMIN)
    @jakarta.ws.rs.Consumes("multipart/related")
    @Produces({DICOM_JSON, "application/json"})
    public Response storeStudyInstances(@PathParam("study") String study, byte[] body) {
        DicomUids.require("StudyInstanceUID", study);
        return Response.ok(stow.store(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body, study, base()),
                DICOM_JSON).build();
    }

    // ---------------------------------------------------------------- WADO-RS metadata

    @GET
    @Path("/studies/{study}/series/{series}/metadata")
    @Produces({DICOM_JSON, "application/json"})
    public Response seriesMetadata(@PathParam("study") String study, @PathParam("series") String series) {
        DicomUids.require("StudyInstanceUID", study);
        DicomUids.require("SeriesInstanceUID", series);
        MetadataService.Prepared p = metadata.seriesMetadata(series, base());
        String acceptEncoding = headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = acceptEncoding != null && acceptEncoding.contains("gzip");
        // a different strong ETag per content coding
        String etag = gzip ? p.etag().substring(0, p.etag().length() - 1) + "-gz\"" : p.etag();
        if (ImageResponses.matches(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH), etag)) {
            return Response.status(Response.Status.NOT_MODIFIED).header(HttpHeaders.ETAG, etag).build();
        }
        requireSeriesInStudy(study, series);
        return Response.ok(gzip ? p.gzip() : p.json(), DICOM_JSON).header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CONTENT_ENCODING, gzip ? "gzip" : null)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    @GET
    @Path("/studies/{study}/metadata")
    @Produces({DICOM_JSON, "application/json"})
    public Response studyMetadata(@PathParam("study") String study) {
        List<SeriesRow> series = seriesOfStudy(study);
        String base = base();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write('[');
        boolean first = true;
        for (SeriesRow s : series) {
            byte[] json = metadata.seriesMetadata(s.seriesUid(), base).json();
            if (json.length > 2) {
                if (!first) {
                    out.write(',');
                }
                out.write(json, 1, json.length - 2);
                first = false;
            }
        }
        out.write(']');
        return Response.ok(out.toByteArray(), DICOM_JSON).build();
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/metadata")
    @Produces({DICOM_JSON, "application/json"})
    public Response instanceMetadata(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance) {
        InstanceRef ref = lookup.require(study, series, instance);
        DicomObject header;
        try {
            header = store.header(ref.zipKey(), ref.dataOffset(), ref.compressedSize(), ref.method());
        } catch (DicomException e) {
            throw ApiException.unprocessable("undecodable-instance", "Instance cannot be read",
                    "instance " + instance + ": " + e.getMessage());
        } catch (IOException e) {
            throw ApiException.upstream(502, "storage-failed", "Reading the stored instance failed",
                    e.getMessage(), e);
        }
        return Response.ok(MetadataService.instanceMetadata(ref.studyUid(), ref.seriesUid(), ref.sopUid(), header,
                base()), DICOM_JSON).build();
    }

    // ---------------------------------------------------------------- WADO-RS instances

    @GET
    @Path("/studies/{study}")
    public Response retrieveStudy(@PathParam("study") String study) {
        List<InstanceRef> all = new ArrayList<>();
        for (SeriesRow s : seriesOfStudy(study)) {
            all.addAll(repository.instances(s.seriesUid()));
        }
        return instances(all);
    }

    @GET
    @Path("/studies/{study}/series/{series}")
    public Response retrieveSeries(@PathParam("study") String study, @PathParam("series") String series) {
        requireSeriesInStudy(study, series);
        return instances(repository.instances(series));
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}")
    public Response retrieveInstance(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance) {
        return instances(List.of(lookup.require(study, series, instance)));
    }

    private Response instances(List<InstanceRef> refs) {
        String requested = Accepts.requireMultipart(headers.getHeaderString(HttpHeaders.ACCEPT), "application/dicom");
        for (InstanceRef r : refs) {
            Accepts.checkTransferSyntax(requested, r.transferSyntax());
        }
        String boundary = Multipart.newBoundary();
        String base = base();
        StreamingOutput body = (OutputStream out) -> {
            Multipart.Writer w = new Multipart.Writer(out, boundary);
            byte[] buffer = new byte[65536];
            for (InstanceRef r : refs) {
                String type = "application/dicom" + (r.transferSyntax() == null ? ""
                        : "; transfer-syntax=" + r.transferSyntax());
                OutputStream part = w.startPart(type, base + "/studies/" + r.studyUid() + "/series/" + r.seriesUid()
                        + "/instances/" + r.sopUid());
                try (InputStream in = store.openRaw(r)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        part.write(buffer, 0, n);
                    }
                }
            }
            w.finish();
        };
        return Response.ok(body).header(HttpHeaders.CONTENT_TYPE,
                Multipart.contentType("application/dicom", boundary)).build();
    }

    // ---------------------------------------------------------------- WADO-RS frames and bulk data

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}")
    public Response frames(@PathParam("study") String study, @PathParam("series") String series,
                           @PathParam("instance") String instance, @PathParam("frames") String frameList) {
        InstanceRef ref = lookup.require(study, series, instance);
        String requested = Accepts.requireMultipart(headers.getHeaderString(HttpHeaders.ACCEPT),
                "application/octet-stream");
        Accepts.checkTransferSyntax(requested, ref.transferSyntax());
        int[] numbers = parseFrames(frameList, ref.frameCount());
        DicomObject d = store.parsed(ref);
        List<byte[]> parts = new ArrayList<>(numbers.length);
        try {
            int count = Frames.count(d);
            for (int f : numbers) {
                if (f > count) {
                    throw ApiException.notFound("Frame", "instance " + instance + " has " + count + " frame(s)");
                }
                parts.add(Frames.rawFrame(d, f));
            }
        } catch (DicomException e) {
            throw ApiException.unprocessable("undecodable-instance", "Frames cannot be extracted",
                    "instance " + instance + ": " + e.getMessage());
        } catch (IOException e) {
            throw ApiException.unprocessable("undecodable-instance", "Frames cannot be extracted",
                    "instance " + instance + ": " + e.getMessage());
        }
        String location = base() + "/studies/" + ref.studyUid() + "/series/" + ref.seriesUid() + "/instances/"
                + ref.sopUid() + "/frames/";
        return octetParts(parts, numbers, location, ref.transferSyntax());
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/bulkdata/{path}")
    public Response bulkData(@PathParam("study") String study, @PathParam("series") String series,
                             @PathParam("instance") String instance, @PathParam("path") String path) {
        InstanceRef ref = lookup.require(study, series, instance);
        Accepts.requireMultipart(headers.getHeaderString(HttpHeaders.ACCEPT), "application/octet-stream");
        int[] tagPath = BulkData.decodePath(path);
        DicomObject d = store.parsed(ref);
        if (tagPath.length == 1 && tagPath[0] == Tags.PixelData) {
            int n;
            try {
                n = Frames.count(d);
            } catch (RuntimeException e) {
                throw ApiException.unprocessable("undecodable-instance", "Pixel data cannot be read", e.getMessage());
            }
            int[] all = new int[n];
            List<byte[]> parts = new ArrayList<>(n);
            try {
                for (int i = 0; i < n; i++) {
                    all[i] = i + 1;
                    parts.add(Frames.rawFrame(d, i + 1));
                }
            } catch (IOException e) {
                throw ApiException.unprocessable("undecodable-instance", "Pixel data cannot be read", e.getMessage());
            }
            return octetParts(parts, all, null, ref.transferSyntax());
        }
        DicomObject current = d;
        DicomElement element = null;
        for (int i = 0; i < tagPath.length; i += 2) {
            element = current.get(tagPath[i]);
            if (element == null) {
                throw ApiException.notFound("Bulk data", "no element " + path + " in instance " + instance);
            }
            if (i + 1 < tagPath.length) {
                List<DicomObject> items = current.getSequence(tagPath[i]);
                if (tagPath[i + 1] < 0 || tagPath[i + 1] >= items.size()) {
                    throw ApiException.notFound("Bulk data", "no item " + tagPath[i + 1] + " in " + path);
                }
                current = items.get(tagPath[i + 1]);
            }
        }
        byte[] value = element.bytes();
        if (value == null) {
            throw ApiException.notFound("Bulk data", "element " + path + " has no inline value");
        }
        return octetParts(List.of(value), new int[] {1}, null, null);
    }

    private Response octetParts(List<byte[]> parts, int[] numbers, String location, String transferSyntax) {
        // assembled in one array: one write to the connection (frames are the hot path of viewers)
        String boundary = Multipart.newBoundary();
        String type = "application/octet-stream" + (transferSyntax == null ? "" : "; transfer-syntax=" + transferSyntax);
        int size = 256;
        for (byte[] p : parts) {
            size += p.length + 256 + (location == null ? 0 : location.length());
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(size);
        try {
            Multipart.Writer w = new Multipart.Writer(body, boundary);
            for (int i = 0; i < parts.size(); i++) {
                w.part(type, location == null ? null : location + numbers[i], parts.get(i));
            }
            w.finish();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Response.ok(body.toByteArray()).header(HttpHeaders.CONTENT_TYPE,
                Multipart.contentType("application/octet-stream", boundary)).build();
    }

    static int[] parseFrames(String list, int max) {
        String[] parts = list.split(",");
        if (parts.length > 10000) {
            throw ApiException.badRequest("frames", "too many frames requested");
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("frames", "'" + parts[i] + "' is not a frame number");
            }
            if (out[i] < 1) {
                throw ApiException.badRequest("frames", "frame numbers start at 1");
            }
            if (out[i] > max) {
                throw ApiException.notFound("Frame", "the instance has " + max + " frame(s); frame " + out[i]
                        + " does not exist");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- WADO-RS rendered

    @GET
    @Path("/studies/{study}/series/{series}/rendered")
    @Produces({"image/png", "image/jpeg"})
    public Response renderedSeries(@PathParam("study") String study, @PathParam("series") String series,
                                   @QueryParam("window") String window, @QueryParam("viewport") String viewport,
                                   @QueryParam("quality") String quality, @QueryParam("preset") String preset) {
        requireSeriesInStudy(study, series);
        List<InstanceRef> refs = repository.instances(series);
        if (refs.isEmpty()) {
            throw ApiException.notFound("Series", "no stored series " + series);
        }
        return rendered(refs.get(refs.size() / 2), 1, window, viewport, quality, preset);
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/rendered")
    @Produces({"image/png", "image/jpeg"})
    public Response renderedInstance(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance,
                                     @QueryParam("window") String window, @QueryParam("viewport") String viewport,
                                     @QueryParam("quality") String quality, @QueryParam("preset") String preset) {
        return rendered(lookup.require(study, series, instance), 1, window, viewport, quality, preset);
    }

    @GET
    @Path("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}/rendered")
    @Produces({"image/png", "image/jpeg"})
    public Response renderedFrame(@PathParam("study") String study, @PathParam("series") String series,
                                  @PathParam("instance") String instance, @PathParam("frames") String frames,
                                  @QueryParam("window") String window, @QueryParam("viewport") String viewport,
                                  @QueryParam("quality") String quality, @QueryParam("preset") String preset) {
        InstanceRef ref = lookup.require(study, series, instance);
        int[] numbers = parseFrames(frames, ref.frameCount());
        return rendered(ref, numbers[0], window, viewport, quality, preset);
    }

    @GET
    @Path("/studies/{study}/series/{series}/thumbnail")
    @Produces({"image/png", "image/jpeg"})
    public Response seriesThumbnail(@PathParam("study") String study, @PathParam("series") String series,
                                    @QueryParam("viewport") String viewport) {
        return renderedSeries(study, series, null, viewport == null ? String.valueOf(config.render().thumbnailSize())
                : viewport, null, null);
    }

    private Response rendered(InstanceRef ref, int frame, String window, String viewport, String qualityParam,
                              String preset) {
        Integer quality = org.medcloud.common.problem.QueryParams.integer("quality", qualityParam);
        Double center = null;
        Double width = null;
        if (window != null && !window.isBlank()) {
            String[] w = window.split(",");
            if (w.length < 2 || w.length > 3) {
                throw ApiException.badRequest("window", "window is center,width[,function]");
            }
            try {
                center = Double.valueOf(w[0].trim());
                width = Double.valueOf(w[1].trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("window", "window is center,width[,function] with numbers");
            }
            if (w.length == 3 && !w[2].trim().equalsIgnoreCase("linear")) {
                throw ApiException.badRequest("window", "only the linear VOI function is supported");
            }
        }
        Integer size = null;
        if (viewport != null && !viewport.isBlank()) {
            String[] v = viewport.split(",");
            try {
                int vw = Integer.parseInt(v[0].trim());
                int vh = v.length > 1 && !v[1].isBlank() ? Integer.parseInt(v[1].trim()) : vw;
                size = Math.max(vw, vh);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("viewport", "viewport is vw,vh");
            }
        }
        String format = null;
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("image/jpeg") && !accept.contains("image/png")) {
            format = RenderRequest.JPEG;
        }
        RenderRequest request = RenderRequest.of(frame, width, center, preset, size, format, quality,
                config.render().maxSize());
        String etag = renderer.etag(ref, request);
        return ImageResponses.image(headers, etag, request.mediaType(), () -> renderer.render(ref, request, etag));
    }

    // ----------------------------------------------------------------

    private void requireSeriesInStudy(String study, String series) {
        lookup.requireSeriesInStudy(study, series);
    }

    private List<SeriesRow> seriesOfStudy(String study) {
        DicomUids.require("StudyInstanceUID", study);
        List<SeriesRow> series = repository.findSeries(
                new org.medcloud.viewer.catalog.SeriesQuery().equalsAny("study_uid", List.of(study)), 100_000);
        if (series.isEmpty()) {
            throw ApiException.notFound("Study", "no stored study " + study);
        }
        return series;
    }
}
