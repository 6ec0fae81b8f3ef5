package org.medcloud.dev.nbia.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;
import org.medcloud.dev.nbia.EmulatorState;
import org.medcloud.dev.nbia.fault.Fault;
import org.medcloud.dev.nbia.fault.FaultRules;
import org.medcloud.dev.nbia.index.Instance;
import org.medcloud.dev.nbia.index.Md5;
import org.medcloud.dev.nbia.index.SeriesIndex;
import org.medcloud.dev.nbia.index.SeriesRecord;

/**
 * The NBIA REST surface: {@code /nbia-api/services/v4/<endpoint>} (and v1/v2 aliases with the
 * older field names and dates, which ignore unknown parameters) on Vert.x routes, so that the
 * responses have exactly NBIA's shapes: empty 200 for no results, plain-text 400s, streamed ZIPs
 * without Content-Length. Fault injection per request via header {@code X-Emulator-Fault} or
 * query parameter {@code emulatorFault} (removed before validation) and by configuration.
 */
@ApplicationScoped
public class NbiaRoutes {

    private static final Logger LOG = Logger.getLogger(NbiaRoutes.class);
    public static final String FAULT_HEADER = "X-Emulator-Fault";
    public static final String FAULT_PARAM = "emulatorFault";

    /** v4 allow-lists per endpoint (exact, case-sensitive names) and the HTTP method. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("getCollectionValues", Set.of("format"));
        ALLOWED.put("getBodyPartValues", Set.of("Collection", "Modality", "format"));
        ALLOWED.put("getModalityValues", Set.of("Collection", "BodyPartExamined", "format"));
        ALLOWED.put("getManufacturerValues", Set.of("Collection", "Modality", "BodyPartExamined", "format"));
        ALLOWED.put("getManufacturerTree", Set.of());
        ALLOWED.put("getSeries", Set.of("Collection", "PatientID", "StudyInstanceUID", "Modality", "BodyPartExamined",
                "Manufacturer", "ManufacturerModelName", "SeriesInstanceUID", "format"));
        ALLOWED.put("getSeriesSize", Set.of("SeriesInstanceUID", "format"));
        ALLOWED.put("getSeriesMetadata", Set.of("list", "format"));
        ALLOWED.put("getSeriesMetaData", Set.of("SeriesInstanceUID", "format"));
        ALLOWED.put("getSOPInstanceUIDs", Set.of("SeriesInstanceUID", "format"));
        ALLOWED.put("getImage", Set.of("SeriesInstanceUID", "NewFileNames", "IncludeMD5"));
        ALLOWED.put("getImageWithMD5Hash", Set.of("SeriesInstanceUID"));
        ALLOWED.put("getSingleImage", Set.of("SeriesInstanceUID", "SOPInstanceUID"));
        ALLOWED.put("getMD5HashForImage", Set.of("SOPInstanceUID"));
    }

    @Inject
    EmulatorState state;

    void routes(@Observes Router router) {
        router.route("/nbia-api/services/*").handler(BodyHandler.create().setBodyLimit(8L << 20));
        router.routeWithRegex("/nbia-api/services/(v1|v2|v4)/([A-Za-z0-9]+)").blockingHandler(this::handle, false);
        router.route("/emulator/faults").handler(BodyHandler.create().setBodyLimit(65536));
        router.route("/emulator/faults").blockingHandler(this::faults, false);
        router.get("/emulator/series").blockingHandler(this::seriesSummary, false);
        router.post("/emulator/reindex").blockingHandler(ctx -> {
            try {
                state.reindex();
                text(ctx, 200, "text/plain", "indexed " + state.index().all().size() + " series\n");
            } catch (IOException e) {
                text(ctx, 500, "text/plain", "reindex failed: " + e.getMessage() + "\n");
            }
        }, false);
    }

    // ---------------------------------------------------------------- dispatch

    void handle(RoutingContext ctx) {
        String version = ctx.pathParam("param0");
        String endpoint = ctx.pathParam("param1");
        boolean v4 = version.equals("v4");
        try {
            if (v4 && endpoint.equals("getSeriesMetaData") || !v4 && endpoint.equals("getSeriesMetadata")
                    || !ALLOWED.containsKey(endpoint)) {
                text(ctx, 404, "text/html", "<html><body><h1>Not Found</h1></body></html>");
                return;
            }
            // JAX-RS parameter names are case-sensitive: keep our own exact-name map
            Map<String, List<String>> p = new LinkedHashMap<>();
            ctx.queryParams().forEach(e -> p.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            if (ctx.request().method() == HttpMethod.POST) {
                ctx.request().formAttributes().forEach(e -> p.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            }
            Fault fault;
            try {
                List<String> fq = p.remove(FAULT_PARAM);
                fault = state.rules().forRequest(endpoint)
                        .merge(Fault.parse(ctx.request().getHeader(FAULT_HEADER)))
                        .merge(Fault.parse(fq == null ? null : String.join(",", fq)));
            } catch (IllegalArgumentException e) {
                text(ctx, 400, "text/plain", "Invalid emulator fault: " + e.getMessage());
                return;
            }
            if (fault.latencyMs() > 0) {
                ResponseOutputStream.sleep(fault.latencyMs());
            }
            if (fault.status() > 0) {
                ctx.response().setStatusCode(fault.status());
                int ra = fault.retryAfter() >= 0 ? fault.retryAfter() : fault.status() == 429 || fault.status() == 503 ? 1 : -1;
                if (ra >= 0) {
                    ctx.response().putHeader("Retry-After", String.valueOf(ra));
                }
                text(ctx, fault.status(), "text/plain", fault.status() == 429 ? "Too Many Requests"
                        : "Server was not able to process your request");
                return;
            }
            boolean post = endpoint.equals("getSeriesMetadata");
            if (post != (ctx.request().method() == HttpMethod.POST)) {
                text(ctx, 405, "text/plain", "HTTP 405 Method Not Allowed");
                return;
            }
            if (v4) {
                Set<String> allowed = ALLOWED.get(endpoint);
                for (String name : p.keySet()) {
                    if (!allowed.contains(name)) {
                        text(ctx, 400, "text/plain", "Invalid query parameter: '" + name + "'. Allowed parameters are: "
                                + new TreeSet<>(allowed));
                        return;
                    }
                }
            }
            Req r = new Req(ctx, v4, endpoint, p, fault);
            dispatch(r);
        } catch (RuntimeException | IOException e) {
            LOG.warnf(e, "%s %s failed", ctx.request().method(), ctx.request().path());
            if (!ctx.response().headWritten()) {
                text(ctx, 500, "text/plain", "Server was not able to process your request");
            }
        }
    }

    record Req(RoutingContext ctx, boolean v4, String endpoint, Map<String, List<String>> params, Fault fault) {
        String get(String name) {
            List<String> v = params.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    void dispatch(Req r) throws IOException {
        SeriesIndex idx = state.index();
        switch (r.endpoint()) {
            case "getCollectionValues" -> valueList(r, "Collection", SeriesRecord::collection, false, s -> true);
            case "getBodyPartValues" -> valueList(r, "BodyPartExamined", SeriesRecord::bodyPartExamined, true,
                    s -> eq(r.get("Collection"), s.collection()) && eq(r.get("Modality"), s.modality()));
            case "getModalityValues" -> valueList(r, "Modality", SeriesRecord::modality, r.v4(),
                    s -> eq(r.get("Collection"), s.collection()) && eq(r.get("BodyPartExamined"), s.bodyPartExamined()));
            case "getManufacturerValues" -> valueList(r, "Manufacturer", SeriesRecord::manufacturer, r.v4(),
                    s -> eq(r.get("Collection"), s.collection()) && eq(r.get("Modality"), s.modality())
                            && eq(r.get("BodyPartExamined"), s.bodyPartExamined()));
            case "getManufacturerTree" -> manufacturerTree(r);
            case "getSeries" -> series(r);
            case "getSeriesSize" -> {
                String uid = required(r, "SeriesInstanceUID");
                if (uid == null) {
                    return;
                }
                var s = idx.series(uid);
                List<Map<String, Object>> rows = new ArrayList<>();
                s.ifPresent(x -> {
                    Map<String, Object> row = Rows.row();
                    row.put("TotalSizeInBytes", x.fileSize());
                    row.put("ObjectCount", x.imageCount());
                    rows.add(row);
                });
                respondRows(r, rows, false);
            }
            case "getSOPInstanceUIDs" -> {
                String uid = required(r, "SeriesInstanceUID");
                if (uid == null) {
                    return;
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                idx.series(uid).ifPresent(x -> x.instances().forEach(i -> {
                    Map<String, Object> row = Rows.row();
                    row.put("SOPInstanceUID", i.sopInstanceUid());
                    rows.add(row);
                }));
                respondRows(r, rows, false);
            }
            case "getSeriesMetadata" -> seriesMetadataV4(r);
            case "getSeriesMetaData" -> seriesMetaDataV1(r);
            case "getImage" -> {
                String uid = required(r, "SeriesInstanceUID");
                if (uid != null) {
                    image(r, uid, !r.v4() ? false : "yes".equalsIgnoreCase(r.get("IncludeMD5")), true,
                            "yes".equalsIgnoreCase(r.get("NewFileNames")));
                }
            }
            case "getImageWithMD5Hash" -> {
                String uid = required(r, "SeriesInstanceUID");
                if (uid != null) {
                    image(r, uid, true, false, false);
                }
            }
            case "getSingleImage" -> singleImage(r);
            case "getMD5HashForImage" -> {
                var inst = idx.instance(r.get("SOPInstanceUID"));
                send(r, 200, "text/plain", (inst.isPresent() ? idx.md5(inst.get().path()) : "").getBytes(StandardCharsets.US_ASCII));
            }
            default -> text(r.ctx(), 404, "text/plain", "Not Found");
        }
    }

    // ---------------------------------------------------------------- value lists and series

    private static boolean eq(String filter, String value) {
        return filter == null || value != null && filter.trim().equalsIgnoreCase(value.trim());
    }

    private static boolean uidEq(String filter, String value) {
        return filter == null || filter.equals(value);
    }

    void valueList(Req r, String key, Function<SeriesRecord, String> getter, boolean upper, Predicate<SeriesRecord> filter)
            throws IOException {
        // DISTINCT (UPPER(x)) ordered by it, nulls first; a null value is emitted as {}
        TreeMap<String, Boolean> values = new TreeMap<>();
        boolean hasNull = false;
        for (SeriesRecord s : state.index().all()) {
            if (!filter.test(s)) {
                continue;
            }
            String v = getter.apply(s);
            if (v == null) {
                hasNull = true;
            } else {
                values.put(upper ? v.toUpperCase(Locale.ROOT) : v, true);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (hasNull) {
            Map<String, Object> row = Rows.row();
            row.put(key, null);
            rows.add(row);
        }
        for (String v : values.keySet()) {
            Map<String, Object> row = Rows.row();
            row.put(key, v);
            rows.add(row);
        }
        respondRows(r, rows, false);
    }

    void series(Req r) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SeriesRecord s : state.index().all()) {
            if (eq(r.get("Collection"), s.collection()) && eq(r.get("PatientID"), s.patientId())
                    && uidEq(r.get("StudyInstanceUID"), s.studyInstanceUid()) && eq(r.get("Modality"), s.modality())
                    && eq(r.get("BodyPartExamined"), s.bodyPartExamined()) && eq(r.get("Manufacturer"), s.manufacturer())
                    && eq(r.get("ManufacturerModelName"), s.manufacturerModelName())
                    && uidEq(r.get("SeriesInstanceUID"), s.seriesInstanceUid())) {
                rows.add(r.v4() ? seriesRowV4(s) : seriesRowV1(s));
            }
        }
        respondRows(r, rows, true);
    }

    static Object seriesNumber(String sn) {
        if (sn == null) {
            return null;
        }
        try {
            return new Rows.RawNumber(new BigDecimal(sn.trim()).stripTrailingZeros().toPlainString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Map<String, Object> seriesRowV4(SeriesRecord s) {
        Map<String, Object> m = Rows.row();
        m.put("SeriesInstanceUID", s.seriesInstanceUid());
        m.put("StudyInstanceUID", s.studyInstanceUid());
        m.put("Modality", s.modality());
        m.put("ProtocolName", s.protocolName());
        m.put("SeriesDate", Dates.v4(s.seriesDate()));
        m.put("SeriesDescription", s.seriesDescription());
        m.put("BodyPartExamined", s.bodyPartExamined());
        m.put("SeriesNumber", seriesNumber(s.seriesNumber()));
        m.put("AnnotationsFlag", null);
        m.put("Collection", s.collection());
        m.put("Site", s.info().site());
        m.put("PatientID", s.patientId());
        m.put("PatientSex", s.patientSex());
        m.put("PatientAge", s.patientAge());
        m.put("AdmittingDiagnosisDescription", null);
        m.put("Manufacturer", s.manufacturer());
        m.put("ManufacturerModelName", s.manufacturerModelName());
        m.put("SoftwareVersions", s.softwareVersions());
        m.put("ImageCount", s.imageCount());
        m.put("MaxSubmissionTimestamp", s.info().maxSubmissionTimestamp());
        m.put("LicenseName", s.info().licenseName());
        m.put("LicenseURI", s.info().licenseUri());
        m.put("DataDescriptionURI", s.info().dataDescriptionUri());
        m.put("FileSize", s.fileSize());
        m.put("ReleasedStatus", "Yes");
        m.put("DateReleased", s.info().dateReleased());
        m.put("StudyDesc", s.studyDescription());
        m.put("StudyDate", Dates.v4(s.studyDate()));
        m.put("ThirdPartyAnalysis", null);
        m.put("Authorized", 1);
        return m;
    }

    static Map<String, Object> seriesRowV1(SeriesRecord s) {
        Map<String, Object> m = Rows.row();
        m.put("SeriesInstanceUID", s.seriesInstanceUid());
        m.put("StudyInstanceUID", s.studyInstanceUid());
        m.put("Modality", s.modality());
        m.put("ProtocolName", s.protocolName());
        m.put("SeriesDate", Dates.v1(s.seriesDate()));
        m.put("SeriesDescription", s.seriesDescription());
        m.put("BodyPartExamined", s.bodyPartExamined());
        m.put("SeriesNumber", seriesNumber(s.seriesNumber()));
        m.put("AnnotationsFlag", null);
        m.put("Collection", s.collection());
        m.put("PatientID", s.patientId());
        m.put("Manufacturer", s.manufacturer());
        m.put("ManufacturerModelName", s.manufacturerModelName());
        m.put("SoftwareVersions", s.softwareVersions());
        m.put("ImageCount", s.imageCount());
        m.put("TimeStamp", Dates.v4ToV1(s.info().maxSubmissionTimestamp()));
        m.put("LicenseName", s.info().licenseName());
        m.put("LicenseURI", s.info().licenseUri());
        m.put("CollectionURI", s.info().dataDescriptionUri());
        m.put("FileSize", s.fileSize());
        m.put("DateReleased", Dates.v4ToV1(s.info().dateReleased()));
        m.put("StudyDesc", s.studyDescription());
        m.put("StudyDate", Dates.v1(s.studyDate()));
        m.put("ThirdPartyAnalysis", null);
        return m;
    }

    void manufacturerTree(Req r) throws IOException {
        Map<String, Map<String, Set<String>>> tree = new TreeMap<>();
        for (SeriesRecord s : state.index().all()) {
            if (s.manufacturer() == null) {
                continue;
            }
            tree.computeIfAbsent(s.manufacturer(), k -> new TreeMap<>())
                    .computeIfAbsent(Objects.toString(s.manufacturerModelName(), ""), k -> new TreeSet<>())
                    .add(Objects.toString(s.softwareVersions(), ""));
        }
        StringBuilder sb = new StringBuilder("{\"data\":{\"criteria\":\"root\",\"value\":\"Manufacturers\"},\"children\":[");
        boolean firstM = true;
        for (var m : tree.entrySet()) {
            sb.append(firstM ? "" : ",").append(node("Manufacturer", m.getKey())).append(",\"children\":[");
            firstM = false;
            boolean firstModel = true;
            for (var model : m.getValue().entrySet()) {
                sb.append(firstModel ? "" : ",").append(node("Model", model.getKey())).append(",\"children\":[");
                firstModel = false;
                boolean firstV = true;
                for (String v : model.getValue()) {
                    sb.append(firstV ? "" : ",").append(node("Software Ver.", v)).append('}');
                    firstV = false;
                }
                sb.append("]}");
            }
            sb.append("]}");
        }
        sb.append("]}");
        send(r, 200, "application/json", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String node(String criteria, String value) {
        return "{\"data\":{\"criteria\":\"" + criteria + "\",\"value\":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    void seriesMetadataV4(Req r) throws IOException {
        List<String> list = r.params().getOrDefault("list", List.of());
        Set<String> uids = new LinkedHashSet<>();
        for (String v : list) {
            for (String u : v.replaceAll("[^0-9.,]", "").split(",")) {
                if (!u.isEmpty()) {
                    uids.add(u);
                }
            }
        }
        if (uids.isEmpty()) {
            send(r, 400, "application/json", "The list parameter is required.".getBytes(StandardCharsets.UTF_8));
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String u : uids) {
            state.index().series(u).ifPresent(s -> {
                Map<String, Object> m = Rows.row();
                m.put("PatientID", s.patientId());
                m.put("PatientName", s.patientName());
                m.put("PatientSex", s.patientSex());
                m.put("EthnicGroup", null);
                m.put("Phantom", "NO");
                m.put("SpeciesCode", "337915000");
                m.put("SpeciesDescription", "Homo sapiens");
                m.put("StudyInstanceUID", s.studyInstanceUid());
                m.put("StudyDate", Dates.v4(s.studyDate()));
                m.put("StudyDesc", s.studyDescription());
                m.put("AdmittingDiagnosisDescription", null);
                m.put("StudyID", s.studyId());
                m.put("PatientAge", s.patientAge());
                m.put("LongitudinalTemporalEventType", null);
                m.put("LongitudinalTemporalOffsetFromEvent", null);
                m.put("SeriesInstanceUID", s.seriesInstanceUid());
                m.put("Collection", s.collection());
                m.put("Site", s.info().site());
                m.put("Modality", s.modality());
                m.put("ProtocolName", s.protocolName());
                m.put("SeriesDate", Dates.v4(s.seriesDate()));
                m.put("SeriesDescription", s.seriesDescription());
                m.put("BodyPartExamined", s.bodyPartExamined());
                m.put("SeriesNumber", s.seriesNumber() == null ? null : decimal6(s.seriesNumber()));
                m.put("AnnotationsFlag", null);
                m.put("Manufacturer", s.manufacturer());
                m.put("ManufacturerModelName", s.manufacturerModelName());
                m.put("PixelSpacing(mm)-Row", s.pixelSpacingRow() == null ? null : decimal6(s.pixelSpacingRow()));
                m.put("SliceThickness(mm)", s.sliceThickness() == null ? null : decimal6(s.sliceThickness()));
                m.put("SoftwareVersions", s.softwareVersions());
                m.put("ImageCount", s.imageCount());
                m.put("MaxSubmissionTimestamp", s.info().maxSubmissionTimestamp());
                m.put("LicenseName", s.info().licenseName());
                m.put("LicenseURI", s.info().licenseUri());
                m.put("DataDescriptionURI", s.info().dataDescriptionUri());
                m.put("FileSize", s.fileSize());
                m.put("ReleasedStatus", "Yes");
                m.put("DateReleased", s.info().dateReleased());
                m.put("ThirdPartyAnalysis", null);
                m.put("Authorized", "1");
                rows.add(m);
            });
        }
        String format = r.get("format");
        if (format == null || format.equalsIgnoreCase("csv")) {
            r.ctx().response().putHeader("Content-Disposition", "attachment; filename=\"SeriesMetaData.csv\"");
            send(r, 200, "text/csv", Rows.csv(rows, true));
        } else {
            respondRows(r, rows, true);
        }
    }

    static String decimal6(String v) {
        try {
            return new BigDecimal(v.trim()).setScale(6, java.math.RoundingMode.HALF_UP).toPlainString();
        } catch (NumberFormatException e) {
            return v;
        }
    }

    void seriesMetaDataV1(Req r) throws IOException {
        String uid = required(r, "SeriesInstanceUID");
        if (uid == null) {
            return;
        }
        var s = state.index().series(uid);
        if (s.isEmpty()) {
            r.ctx().response().setStatusCode(204).end();
            return;
        }
        SeriesRecord x = s.get();
        Map<String, Object> m = Rows.row();
        m.put("Series UID", x.seriesInstanceUid());
        m.put("Collection", x.collection());
        m.put("Data Description URI", x.info().dataDescriptionUri());
        m.put("Subject ID", x.patientId());
        m.put("Study UID", x.studyInstanceUid());
        m.put("Study Description", sanitize(x.studyDescription()));
        m.put("Study Date", Dates.v4(x.studyDate()));
        m.put("Series Description", sanitize(x.seriesDescription()));
        m.put("Manufacturer", x.manufacturer() == null ? null : x.manufacturer().replace(",", ""));
        m.put("Modality", x.modality());
        m.put("SOP Class UID", x.instances().isEmpty() ? null : x.instances().get(0).sopClassUid());
        m.put("Number of Images", String.valueOf(x.imageCount()));
        m.put("File Size", String.valueOf(x.fileSize()));
        m.put("File Location", x.studyId());
        m.put("Series Number", x.seriesNumber() == null ? null : decimal6(x.seriesNumber()));
        m.put("License Name", x.info().licenseName());
        m.put("License URL", x.info().licenseUri());
        m.put("Annotation Size", "0");
        m.put("Series Date", Dates.v4(x.seriesDate()));
        m.put("Protocol Name", x.protocolName());
        m.put("Body Part Examined", x.bodyPartExamined());
        m.put("Manufacturer Model Name", x.manufacturerModelName());
        m.put("Software Versions", x.softwareVersions());
        respondRows(r, List.of(m), true);
    }

    private static String sanitize(String s) {
        return s == null ? null : s.replaceAll("[^A-Za-z0-9 .-]", "");
    }

    // ---------------------------------------------------------------- images

    void image(Req r, String uid, boolean md5, boolean license, boolean newNames) throws IOException {
        var found = state.index().series(uid);
        if (found.isEmpty()) {
            send(r, 400, "text/plain", ("You have not been granted the access to the series: " + uid)
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        SeriesRecord s = found.get();
        List<Instance> order = new ArrayList<>(s.instances());
        List<String> names = new ArrayList<>();
        if (newNames) {
            order.sort(Comparator.comparing(Instance::instanceNumber, Comparator.nullsFirst(Comparator.naturalOrder())));
            names = newFileNames(order);
        } else {
            for (int i = 0; i < order.size(); i++) {
                names.add(String.format("%08d.dcm", i + 1));
            }
        }
        var resp = r.ctx().response();
        resp.setStatusCode(200);
        resp.putHeader("Content-Type", "application/octet-stream");
        resp.putHeader("Content-Disposition", "attachment; filename=\"" + uid + ".zip\"");
        resp.setChunked(true);
        Fault f = r.fault();
        SeriesIndex idx = state.index();
        ResponseOutputStream ros = new ResponseOutputStream(r.ctx(), f.dropAfter(), f.rate());
        ZipOutputStream zip = new ZipOutputStream(ros);
        try {
            if (license) {
                zip.putNextEntry(new ZipEntry("LICENSE"));
                zip.write(licenseText(s).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            Map<String, String> md5s = new LinkedHashMap<>();
            byte[] buf = new byte[65536];
            for (int i = 0; i < order.size(); i++) {
                Instance inst = order.get(i);
                String name = names.get(i);
                int no = i + 1;
                if (no == f.missing()) {
                    md5s.put(name, idx.md5(inst.path()));
                    continue;
                }
                zip.putNextEntry(new ZipEntry(name));
                MessageDigest md = Md5.digest();
                long flipAt = no == f.flip() ? inst.size() / 2 : -1;
                long pos = 0;
                try (InputStream in = Files.newInputStream(inst.path())) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        md.update(buf, 0, n);
                        if (flipAt >= pos && flipAt < pos + n) {
                            buf[(int) (flipAt - pos)] ^= (byte) 0xFF;
                        }
                        zip.write(buf, 0, n);
                        pos += n;
                    }
                }
                zip.closeEntry();
                String hex = HexFormat.of().formatHex(md.digest());
                idx.rememberMd5(inst.path(), hex);
                if (no == f.badMd5()) {
                    hex = Md5.of(("wrong:" + hex).getBytes(StandardCharsets.US_ASCII));
                }
                md5s.put(name, hex);
            }
            if (md5) {
                StringBuilder csv = new StringBuilder("Filename,MD5Hash\n");
                // row order is arbitrary on the real server (a HashMap): not the entry order here either
                md5s.entrySet().stream().sorted(Map.Entry.comparingByValue())
                        .forEach(e -> csv.append(e.getKey()).append(',').append(e.getValue()).append('\n'));
                zip.putNextEntry(new ZipEntry("md5hashes.csv"));
                zip.write(csv.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.close(); // finishes the ZIP and ends the response
        } catch (IOException e) {
            LOG.debugf("getImage %s stopped after %d bytes: %s", uid, ros.written(), e.getMessage());
            if (!resp.ended() && !resp.closed()) {
                r.ctx().request().connection().close();
            }
        }
    }

    /** NBIA NewFileNames=Yes: {@code <acq>-<inst>.dcm}, each part zero-padded to the width of its maximum. */
    static List<String> newFileNames(List<Instance> sorted) {
        List<int[]> parts = new ArrayList<>();
        int part = 1;
        int idx = 0;
        Integer lastAcq = null;
        boolean first = true;
        for (Instance i : sorted) {
            if (!first && !Objects.equals(lastAcq, i.acquisitionNumber())) {
                part++;
                idx = 0;
            }
            first = false;
            lastAcq = i.acquisitionNumber();
            parts.add(new int[] {part, ++idx});
        }
        int w1 = String.valueOf(parts.stream().mapToInt(p -> p[0]).max().orElse(1)).length();
        int w2 = String.valueOf(parts.stream().mapToInt(p -> p[1]).max().orElse(1)).length();
        List<String> out = new ArrayList<>();
        for (int[] p : parts) {
            out.add(String.format("%0" + w1 + "d-%0" + w2 + "d.dcm", p[0], p[1]));
        }
        return out;
    }

    static String licenseText(SeriesRecord s) {
        return "The images in collection " + s.collection() + " are licensed under the " + s.info().licenseName()
                + " (" + s.info().licenseUri() + ").\n"
                + "Users must abide by the TCIA Data Usage Policy and Restrictions and cite the data: "
                + s.info().dataDescriptionUri() + "\n";
    }

    void singleImage(Req r) throws IOException {
        String series = r.get("SeriesInstanceUID");
        String sop = r.get("SOPInstanceUID");
        if (series == null || sop == null) {
            send(r, 400, "application/json", "SeriesInstanceUID and SOPInstanceUID are required.".getBytes(StandardCharsets.UTF_8));
            return;
        }
        var inst = state.index().instance(sop);
        if (inst.isEmpty() || state.index().series(series).map(s -> !s.instances().contains(inst.get())).orElse(true)) {
            send(r, 500, "text/plain", "Server was not able to process your request".getBytes(StandardCharsets.UTF_8));
            return;
        }
        r.ctx().response().putHeader("Content-Disposition", "attachment; filename=" + sop + ".dcm");
        send(r, 200, "application/dicom", Files.readAllBytes(inst.get().path()));
    }

    // ---------------------------------------------------------------- output helpers

    private String required(Req r, String name) throws IOException {
        String v = r.get(name);
        if (v == null || v.isBlank()) {
            // NBIA's wording varies; the quirk kept here: a plain sentence labelled application/json
            send(r, 400, "application/json", ("A parameter, " + name + ", is required.").getBytes(StandardCharsets.UTF_8));
            return null;
        }
        return v;
    }

    void respondRows(Req r, List<Map<String, Object>> rows, boolean quotedCsv) throws IOException {
        if (rows.isEmpty()) {
            // NBIA: "no results" is 200 with an empty body and no content type
            send(r, 200, null, new byte[0]);
            return;
        }
        String format = r.get("format");
        if (format == null || format.equalsIgnoreCase("json")) {
            send(r, 200, "application/json", Rows.json(rows));
        } else if (format.equalsIgnoreCase("csv") || format.equalsIgnoreCase("csvquoted")) {
            send(r, 200, "text/plain", Rows.csv(rows, quotedCsv || format.equalsIgnoreCase("csvquoted")));
        } else if (format.equalsIgnoreCase("csv-download")) {
            r.ctx().response().putHeader("Content-Disposition", "attachment; filename=\"SeriesMetaData.csv\"");
            send(r, 200, "text/csv", Rows.csv(rows, true));
        } else {
            send(r, 500, "text/plain", "Server was not able to process your request".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sends a complete body, honouring the drop and rate faults. */
    void send(Req r, int status, String contentType, byte[] body) throws IOException {
        var resp = r.ctx().response();
        resp.setStatusCode(status);
        if (contentType != null) {
            resp.putHeader("Content-Type", contentType);
        }
        Fault f = r.fault();
        if (f.dropAfter() < 0 && f.rate() <= 0) {
            resp.putHeader("Content-Length", String.valueOf(body.length));
            resp.end(Buffer.buffer(body));
            return;
        }
        resp.putHeader("Content-Length", String.valueOf(body.length));
        ResponseOutputStream out = new ResponseOutputStream(r.ctx(), f.dropAfter(), f.rate());
        try {
            out.write(body);
            out.close();
        } catch (IOException e) {
            LOG.debugf("%s: %s", r.endpoint(), e.getMessage());
        }
    }

    static void text(RoutingContext ctx, int status, String contentType, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ctx.response().setStatusCode(status).putHeader("Content-Type", contentType)
                .putHeader("Content-Length", String.valueOf(b.length)).end(Buffer.buffer(b));
    }

    // ---------------------------------------------------------------- emulator admin

    void faults(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        if (m == HttpMethod.PUT || m == HttpMethod.POST) {
            String spec = ctx.body() == null || ctx.body().asString() == null ? "" : ctx.body().asString().trim();
            try {
                state.rules(FaultRules.parse(spec));
            } catch (IllegalArgumentException e) {
                text(ctx, 400, "text/plain", "Invalid fault rules: " + e.getMessage() + "\n");
                return;
            }
        } else if (m == HttpMethod.DELETE) {
            state.rules(FaultRules.EMPTY);
        } else if (m != HttpMethod.GET) {
            text(ctx, 405, "text/plain", "GET, PUT or DELETE\n");
            return;
        }
        text(ctx, 200, "text/plain", state.rules().text() + "\n");
    }

    void seriesSummary(RoutingContext ctx) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SeriesRecord s : state.index().all()) {
            Map<String, Object> m = Rows.row();
            m.put("seriesInstanceUid", s.seriesInstanceUid());
            m.put("collection", s.collection());
            m.put("patientId", s.patientId());
            m.put("modality", s.modality());
            m.put("imageCount", s.imageCount());
            m.put("fileSize", s.fileSize());
            rows.add(m);
        }
        try {
            byte[] b = Rows.json(rows);
            ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(b));
        } catch (IOException e) {
            text(ctx, 500, "text/plain", e.getMessage());
        }
    }
}
