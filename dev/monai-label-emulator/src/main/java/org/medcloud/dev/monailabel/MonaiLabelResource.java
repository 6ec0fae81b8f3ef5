package org.medcloud.dev.monailabel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.medcloud.nifti.NiftiDataType;
import org.medcloud.nifti.NiftiImage;

/**
 * MONAI Label's REST surface as far as the gateway and the viewers use it: {@code GET /info/} and
 * {@code POST /infer/{model}}, with the real server's response layouts, error shapes and blocking behaviour
 * (one inference at a time; every other request, /info/ included, waits for it).
 */
@Path("/")
public class MonaiLabelResource {

    private static final Logger LOG = Logger.getLogger(MonaiLabelResource.class);
    /** The single uvicorn worker: inference runs inline and blocks the event loop. */
    static final ReentrantLock EVENT_LOOP = new ReentrantLock(true);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FAULT_HEADER = "X-Emulator-Fault";
    public static final String FAULT_PARAM = "emulator_fault";

    @Inject
    DicomWebSource dicomWeb;

    @ConfigProperty(name = "emulator.fault", defaultValue = "none")
    String configuredFault;

    @ConfigProperty(name = "emulator.info-waits-for-inference", defaultValue = "true")
    boolean infoWaits;

    @GET
    @Path("info/")
    @jakarta.ws.rs.Produces(MediaType.APPLICATION_JSON)
    public Response info() {
        if (infoWaits) {
            EVENT_LOOP.lock();
            EVENT_LOOP.unlock();
        }
        return Response.ok(PyJson.compact(AppInfo.info()), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("infer/{model}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response infer(@PathParam("model") String model, @RestQuery String image, @RestQuery("session_id") String sessionId,
                          @RestQuery String output, @RestForm String params, @RestForm("file") FileUpload file,
                          @HeaderParam(FAULT_HEADER) String faultHeader) {
        return run(model, image, sessionId, output, params, file, faultHeader);
    }

    @POST
    @Path("infer/{model}")
    @Consumes(MediaType.WILDCARD)
    public Response inferWithoutForm(@PathParam("model") String model, @RestQuery String image,
                                     @RestQuery("session_id") String sessionId, @RestQuery String output,
                                     @HeaderParam(FAULT_HEADER) String faultHeader) {
        // a JSON (or any non-form) body is ignored and params falls back to "{}"
        return run(model, image, sessionId, output, null, null, faultHeader);
    }

    private Response run(String model, String image, String sessionId, String output, String paramsText,
                         FileUpload file, String faultHeader) {
        if (output != null && !List.of("image", "json", "all", "dicom_seg").contains(output)) {
            return outputValidationError(output);
        }
        EVENT_LOOP.lock();
        try {
            return inferLocked(model, image == null ? "" : image, sessionId == null ? "" : sessionId,
                    output == null ? "all" : output, paramsText == null ? "{}" : paramsText, file, faultHeader);
        } catch (Exception e) {
            LOG.errorf(e, "inference with model %s failed", model);
            return internalServerError();
        } finally {
            EVENT_LOOP.unlock();
        }
    }

    private Response inferLocked(String model, String image, String sessionId, String output, String paramsText,
                                 FileUpload file, String faultHeader) throws Exception {
        boolean hasFile = file != null && file.uploadedFile() != null && Files.size(file.uploadedFile()) > 0;
        if (image.isEmpty() && !hasFile && sessionId.isEmpty()) {
            return detail(500, "Neither Image nor File not Session ID input is provided");
        }
        Map<String, Object> params = JSON.readValue(paramsText, new TypeReference<LinkedHashMap<String, Object>>() { });
        String fault = faultHeader != null ? faultHeader
                : params.get(FAULT_PARAM) != null ? params.get(FAULT_PARAM).toString() : configuredFault;
        Response injected = injectFault(fault);
        if (injected != null) {
            return injected;
        }
        if (!AppInfo.isModel(model)) {
            throw new IllegalArgumentException("Inference Task is not Initialized. There is no model '" + model + "' available");
        }
        if (!sessionId.isEmpty() && !hasFile) {
            throw new IllegalStateException("sessions are not supported by the stand-in");
        }
        long t0 = System.nanoTime();
        NiftiImage input;
        String inputExt;
        if (hasFile) {
            String name = file.fileName() == null ? "image.nii.gz" : file.fileName();
            inputExt = name.endsWith(".nii.gz") ? ".nii.gz" : name.endsWith(".nii") ? ".nii" : ".nii.gz";
            try (InputStream in = Files.newInputStream(file.uploadedFile())) {
                input = NiftiImage.read(in);
            }
        } else {
            inputExt = ".nii.gz";
            input = dicomWeb.load(image);
        }
        long t1 = System.nanoTime();
        Segmenter.Result seg = Segmenter.segment(input, params, "deepedit".equals(model));
        long t2 = System.nanoTime();
        String ext = params.get("result_extension") instanceof String s ? s : inputExt;
        if (!ext.equals(".nii.gz") && !ext.equals(".nii")) {
            throw new IllegalArgumentException("the stand-in writes NIfTI only, not " + ext);
        }
        NiftiDataType dtype = params.get("result_dtype") instanceof String s ? NiftiDataType.ofNumpyName(s) : NiftiDataType.FLOAT32;
        byte[] mask = input.withData(seg.mask()).toBytes(dtype, ext.endsWith(".gz"));
        long t3 = System.nanoTime();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("label_names", AppInfo.labels());
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("pre", secs(t1 - t0));
        lat.put("infer", secs(t2 - t1));
        lat.put("invert", 0.0);
        lat.put("post", 0.0);
        lat.put("write", secs(t3 - t2));
        lat.put("total", secs(t3 - t0));
        Map<String, Object> transform = new LinkedHashMap<>();
        transform.put("pre", new LinkedHashMap<>(Map.of("LoadImaged", secs4(t1 - t0))));
        transform.put("inv", new LinkedHashMap<>());
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("ThresholdConnectedComponentsd", secs4(t2 - t1));
        post.put("Restored", 0.0);
        transform.put("post", post);
        lat.put("transform", transform);
        result.put("latencies", lat);
        result.put("centroids", seg.centroids());
        if ("truncate".equals(fault)) {
            return Response.ok("--0123456789abcdef0123456789abcdef\r\nContent-Disposition: form-data; name=\"par",
                    "multipart/form-data; boundary=0123456789abcdef0123456789abcdef").build();
        }

        String tmpName = tempName() + ext;
        switch (output) {
            case "json":
                return Response.ok(PyJson.compact(result).getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON).build();
            case "image":
                return Response.ok(mask, MediaType.APPLICATION_OCTET_STREAM)
                        .header("content-disposition", "attachment; filename=\"" + tmpName + "\"").build();
            case "dicom_seg":
                return detail(500, "DICOM SEG format is not supported in a non-DICOM datastore");
            default:
                String boundary = boundary();
                ByteArrayOutputStream body = new ByteArrayOutputStream(mask.length + 4096);
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"params\"\r\n"
                        + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.writeBytes(PyJson.dumps(result).getBytes(StandardCharsets.UTF_8));
                body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                        + tmpName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.writeBytes(mask);
                body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
                return Response.ok(body.toByteArray(), "multipart/form-data; boundary=" + boundary).build();
        }
    }

    /** Fault injection for tests: header X-Emulator-Fault, params key emulator_fault, or config emulator.fault. */
    private Response injectFault(String fault) throws InterruptedException {
        if (fault == null || fault.equals("none") || fault.equals("truncate")) {
            return null;
        }
        if (fault.startsWith("delay:")) {
            Thread.sleep(Long.parseLong(fault.substring(6)));
            return null;
        }
        switch (fault) {
            case "500":
                return internalServerError();
            case "json500":
                return detail(500, "Failed to execute infer");
            case "422":
                return Response.status(422).type(MediaType.APPLICATION_JSON).entity(PyJson.compact(Map.of("detail",
                        List.of(pydantic("missing", List.of("body", "params"), "Field required", null, null))))).build();
            default:
                return null;
        }
    }

    static Response outputValidationError(String output) {
        String expected = "'image', 'json', 'all' or 'dicom_seg'";
        Map<String, Object> err = pydantic("enum", List.of("query", "output"), "Input should be " + expected, output,
                Map.of("expected", expected));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", List.of(err));
        return Response.status(422).type(MediaType.APPLICATION_JSON).entity(PyJson.compact(body)).build();
    }

    private static Map<String, Object> pydantic(String type, List<String> loc, String msg, Object input, Map<String, Object> ctx) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("loc", new ArrayList<>(loc));
        e.put("msg", msg);
        e.put("input", input);
        if (ctx != null) {
            e.put("ctx", ctx);
        }
        return e;
    }

    static Response internalServerError() {
        return Response.status(500).type("text/plain; charset=utf-8").entity("Internal Server Error").build();
    }

    static Response detail(int status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(PyJson.compact(Map.of("detail", detail))).build();
    }

    private static double secs(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    private static double secs4(long nanos) {
        return Math.round(nanos / 1e5) / 10000.0;
    }

    private static String tempName() {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789_";
        StringBuilder sb = new StringBuilder("tmp");
        for (int i = 0; i < 8; i++) {
            sb.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return sb.toString();
    }

    private static String boundary() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            sb.append(Character.forDigit(RANDOM.nextInt(16), 16));
        }
        return sb.toString();
    }
}
