package org.medcloud.viewer.dicomweb;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;
import org.medcloud.viewer.catalog.CatalogRepository;
import org.medcloud.viewer.catalog.InstanceRef;
import org.medcloud.viewer.catalog.SeriesQuery;
import org.medcloud.viewer.catalog.SeriesRow;
import org.medcloud.viewer.config.ViewerConfig;

/** QIDO-RS (PS3.18 10.6) over the catalogue: studies, series and instances with common matching keys. */
@ApplicationScoped
public class QidoService {

    public enum Level { STUDY, SERIES, INSTANCE }

    /** The answer plus the Warning header text for ignored matching keys (null when none). */
    public record Result(byte[] json, int count, String warning) {
    }

    private static final Set<String> CONTROL = Set.of("limit", "offset", "includefield", "fuzzymatching");
    private static final JsonFactory JSON = new JsonFactory();

    @Inject
    CatalogRepository repository;

    @Inject
    ViewerConfig config;

    public Result search(Level level, String studyUid, String seriesUid, MultivaluedMap<String, String> params,
                         String base) {
        int limit = intParam(params, "limit", config.dicomweb().qidoMaxLimit());
        int offset = intParam(params, "offset", 0);
        if (limit < 0) {
            throw ApiException.badRequest("limit", "limit must be >= 0");
        }
        if (offset < 0) {
            throw ApiException.badRequest("offset", "offset must be >= 0");
        }
        limit = Math.min(limit == 0 ? config.dicomweb().qidoMaxLimit() : limit, config.dicomweb().qidoMaxLimit());
        for (String f : includeFields(params)) {
            if (!f.equals("all") && QidoAttributes.of(f) == null && !f.matches("[0-9A-Fa-f]{8}")) {
                throw ApiException.badRequest("includefield", "unknown attribute '" + f + "'");
            }
        }

        SeriesQuery q = new SeriesQuery();
        List<String> ignored = new ArrayList<>();
        Map<String, String> instanceKeys = new LinkedHashMap<>();
        if (studyUid != null) {
            q.equalsAny("study_uid", List.of(DicomUids.require("studyInstanceUid", studyUid)));
        }
        if (seriesUid != null) {
            q.equalsAny("series_uid", List.of(DicomUids.require("seriesInstanceUid", seriesUid)));
        }
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            if (CONTROL.contains(name) || name.startsWith("_")) {
                continue;
            }
            QidoAttributes.Attr attr = QidoAttributes.of(name);
            if (attr == null) {
                if (QidoAttributes.isDicomAttribute(name)) {
                    ignored.add(name); // a real attribute we do not index: ignored with a Warning (PS3.18 8.3.4.1)
                    continue;
                }
                throw ApiException.badRequest(name, "'" + name + "' is not a supported query parameter or attribute");
            }
            String value = org.medcloud.common.problem.QueryParams.text(name,
                    e.getValue().isEmpty() ? "" : e.getValue().get(0), 1024);
            if (value == null || value.isEmpty() || value.equals("*")) {
                continue; // universal matching
            }
            switch (attr.keyword()) {
                case "StudyInstanceUID" -> q.equalsAny("study_uid", uidList(attr.keyword(), value));
                case "SeriesInstanceUID" -> q.equalsAny("series_uid", uidList(attr.keyword(), value));
                case "PatientID" -> q.wildcard("patient_id", value, false);
                case "PatientName" -> q.wildcard("patient_name", value, true);
                case "Modality" -> {
                    if (level == Level.STUDY) {
                        q.studyHasModality(list(value));
                    } else {
                        q.equalsAny("modality", list(value));
                    }
                }
                case "ModalitiesInStudy" -> q.studyHasModality(list(value));
                case "StudyDate" -> q.dateRange("study_date", value);
                case "StudyDescription" -> q.wildcard("study_description", value, true);
                case "SeriesDescription" -> q.wildcard("series_description", value, true);
                case "BodyPartExamined" -> q.wildcard("body_part", value, true);
                case "Manufacturer" -> q.wildcard("manufacturer", value, true);
                case "ManufacturerModelName" -> q.wildcard("manufacturer_model", value, true);
                case "SeriesNumber" -> q.integer("series_number", integer(attr.keyword(), value));
                case "SOPInstanceUID", "SOPClassUID" -> {
                    List<String> uids = uidList(attr.keyword(), value);
                    q.withInstance(attr.keyword().equals("SOPInstanceUID") ? "sop_uid" : "sop_class_uid", uids);
                    instanceKeys.put(attr.keyword(), value);
                }
                case "InstanceNumber" -> {
                    integer(attr.keyword(), value);
                    instanceKeys.put(attr.keyword(), value);
                }
                default -> ignored.add(attr.keyword());
            }
        }
        String warning = ignored.isEmpty() ? null
                : "299 viewer-service: matching on " + String.join(", ", ignored) + " is not supported and was ignored";

        int max = config.dicomweb().qidoMaxLimit();
        List<SeriesRow> series = repository.findSeries(q, level == Level.STUDY ? max * 10 : max + offset);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        int count = 0;
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartArray();
            switch (level) {
                case STUDY -> count = writeStudies(g, series, offset, limit, base);
                case SERIES -> {
                    for (int i = offset; i < series.size() && count < limit; i++, count++) {
                        writeSeries(g, series.get(i), base);
                    }
                }
                case INSTANCE -> count = writeInstances(g, series, instanceKeys, offset, limit, base);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(bytes.toByteArray(), count, warning);
    }

    private int writeStudies(JsonGenerator g, List<SeriesRow> matched, int offset, int limit, String base)
            throws IOException {
        List<String> studies = new ArrayList<>(new LinkedHashSet<>(matched.stream().map(SeriesRow::studyUid).toList()));
        int to = Math.min(studies.size(), offset + limit);
        if (offset >= to) {
            return 0;
        }
        List<String> page = studies.subList(offset, to);
        Map<String, List<SeriesRow>> all = new LinkedHashMap<>();
        page.forEach(s -> all.put(s, new ArrayList<>()));
        for (SeriesRow r : repository.findSeries(new SeriesQuery().equalsAny("study_uid", page), Integer.MAX_VALUE)) {
            all.get(r.studyUid()).add(r);
        }
        for (Map.Entry<String, List<SeriesRow>> e : all.entrySet()) {
            List<SeriesRow> rows = e.getValue();
            SeriesRow first = rows.get(0);
            g.writeStartObject();
            writeStudyAttributes(g, first, base);
            Set<String> modalities = new TreeSet<>();
            int instances = 0;
            for (SeriesRow r : rows) {
                if (r.modality() != null) {
                    modalities.add(r.modality());
                }
                instances += r.instanceCount();
            }
            strings(g, "00080061", "CS", modalities.toArray(String[]::new));
            number(g, "00201206", "IS", rows.size());
            number(g, "00201208", "IS", instances);
            string(g, "00081190", "UR", base + "/studies/" + first.studyUid());
            g.writeEndObject();
        }
        return page.size();
    }

    private void writeStudyAttributes(JsonGenerator g, SeriesRow r, String base) throws IOException {
        string(g, "00080020", "DA", r.studyDate());
        empty(g, "00080030", "TM");
        empty(g, "00080050", "SH");
        empty(g, "00080090", "PN");
        string(g, "00081030", "LO", r.studyDescription());
        personName(g, "00100010", r.patientName());
        string(g, "00100020", "LO", r.patientId());
        string(g, "0020000D", "UI", r.studyUid());
        empty(g, "00200010", "SH");
    }

    private void writeSeries(JsonGenerator g, SeriesRow r, String base) throws IOException {
        g.writeStartObject();
        writeStudyAttributes(g, r, base);
        writeSeriesAttributes(g, r);
        string(g, "00081190", "UR", base + "/studies/" + r.studyUid() + "/series/" + r.seriesUid());
        g.writeEndObject();
    }

    private void writeSeriesAttributes(JsonGenerator g, SeriesRow r) throws IOException {
        string(g, "00080060", "CS", r.modality());
        string(g, "00080070", "LO", r.manufacturer());
        string(g, "0008103E", "LO", r.seriesDescription());
        string(g, "00081090", "LO", r.manufacturerModel());
        string(g, "00180015", "CS", r.bodyPart());
        string(g, "0020000E", "UI", r.seriesUid());
        if (r.seriesNumber() != null) {
            number(g, "00200011", "IS", r.seriesNumber());
        } else {
            empty(g, "00200011", "IS");
        }
        number(g, "00201209", "IS", r.instanceCount());
    }

    private int writeInstances(JsonGenerator g, List<SeriesRow> series, Map<String, String> keys, int offset,
                               int limit, String base) throws IOException {
        Set<String> sops = keys.containsKey("SOPInstanceUID") ? Set.copyOf(list(keys.get("SOPInstanceUID"))) : null;
        Set<String> classes = keys.containsKey("SOPClassUID") ? Set.copyOf(list(keys.get("SOPClassUID"))) : null;
        Integer number = keys.containsKey("InstanceNumber") ? Integer.valueOf(keys.get("InstanceNumber").trim()) : null;
        int skipped = 0;
        int written = 0;
        for (SeriesRow s : series) {
            for (InstanceRef i : repository.instances(s.seriesUid())) {
                if ((sops != null && !sops.contains(i.sopUid()))
                        || (classes != null && !classes.contains(i.sopClassUid()))
                        || (number != null && !number.equals(i.instanceNumber()))) {
                    continue;
                }
                if (skipped++ < offset) {
                    continue;
                }
                if (written >= limit) {
                    return written;
                }
                g.writeStartObject();
                writeStudyAttributes(g, s, base);
                writeSeriesAttributes(g, s);
                string(g, "00080016", "UI", i.sopClassUid());
                string(g, "00080018", "UI", i.sopUid());
                string(g, "00083002", "UI", i.transferSyntax());
                if (i.instanceNumber() != null) {
                    number(g, "00200013", "IS", i.instanceNumber());
                }
                if (i.frames() != null) {
                    number(g, "00280008", "IS", i.frames());
                }
                if (i.rows() != null) {
                    number(g, "00280010", "US", i.rows());
                }
                if (i.columns() != null) {
                    number(g, "00280011", "US", i.columns());
                }
                string(g, "00081190", "UR", base + "/studies/" + s.studyUid() + "/series/" + s.seriesUid()
                        + "/instances/" + i.sopUid());
                g.writeEndObject();
                written++;
            }
        }
        return written;
    }

    // --- DICOM JSON helpers -----------------------------------------------------------------

    private static void string(JsonGenerator g, String tag, String vr, String value) throws IOException {
        if (value == null || value.isEmpty()) {
            empty(g, tag, vr);
            return;
        }
        strings(g, tag, vr, value);
    }

    private static void strings(JsonGenerator g, String tag, String vr, String... values) throws IOException {
        g.writeObjectFieldStart(tag);
        g.writeStringField("vr", vr);
        if (values.length > 0) {
            g.writeArrayFieldStart("Value");
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void personName(JsonGenerator g, String tag, String value) throws IOException {
        g.writeObjectFieldStart(tag);
        g.writeStringField("vr", "PN");
        if (value != null && !value.isEmpty()) {
            g.writeArrayFieldStart("Value");
            g.writeStartObject();
            g.writeStringField("Alphabetic", value);
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String tag, String vr, long value) throws IOException {
        g.writeObjectFieldStart(tag);
        g.writeStringField("vr", vr);
        g.writeArrayFieldStart("Value");
        g.writeNumber(value);
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void empty(JsonGenerator g, String tag, String vr) throws IOException {
        g.writeObjectFieldStart(tag);
        g.writeStringField("vr", vr);
        g.writeEndObject();
    }

    // --- parameter parsing -------------------------------------------------------------------

    static List<String> includeFields(MultivaluedMap<String, String> params) {
        List<String> out = new ArrayList<>();
        List<String> values = params.get("includefield");
        if (values != null) {
            for (String v : values) {
                Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
            }
        }
        return out;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split("[,\\\\]")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> uidList(String field, String value) {
        List<String> uids = list(value);
        uids.forEach(u -> DicomUids.require(field, u));
        return uids;
    }

    private static Integer integer(String field, String value) {
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field, "'" + value + "' is not an integer");
        }
    }

    private static int intParam(MultivaluedMap<String, String> params, String name, int def) {
        String v = params.getFirst(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "'" + v + "' is not an integer");
        }
    }
}
