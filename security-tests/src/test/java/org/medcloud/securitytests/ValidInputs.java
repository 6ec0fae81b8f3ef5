package org.medcloud.securitytests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Valid-looking values for every operation, so that a check changes one thing at a time: real UIDs
 * and job ids of what the sweep stored first where it has them, well-formed ones otherwise.
 */
final class ValidInputs {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** What exists in the stack under test (falls back to well-formed UIDs that do not exist). */
    record Known(String study, String series, String instance, String indexKey, String downloadJob, String inferenceJob) {
        static Known placeholders() {
            return new Known("1.2.826.0.1.3680043.10.999.1", "1.2.826.0.1.3680043.10.999.1.2",
                    "1.2.826.0.1.3680043.10.999.1.2.3", "tcia/1.2.826.0.1.3680043.10.999.1.2.index.json",
                    "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000001");
        }
    }

    /** A UID that is well formed and stored nowhere, for operations that would destroy the real one. */
    static final String ABSENT_UID = "1.2.826.0.1.3680043.10.999.404";

    /** Query parameters some operations read through UriInfo, which OpenAPI does not list (QIDO-RS attribute matching). */
    static final List<String> QIDO_KEYS = List.of("limit", "offset", "includefield", "fuzzymatching", "StudyInstanceUID",
            "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID", "PatientID", "PatientName", "Modality", "ModalitiesInStudy",
            "StudyDate", "StudyDescription", "SeriesDescription", "BodyPartExamined", "Manufacturer", "ManufacturerModelName",
            "SeriesNumber", "InstanceNumber", "0020000D", "00100020", "NoSuchAttribute");

    private final Known known;

    ValidInputs(Known known) {
        this.known = known;
    }

    Known known() {
        return known;
    }

    /** The value of path parameter {@code name} of {@code op} (not encoded). */
    String pathValue(ApiOperation op, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (op.method().equals("DELETE") && n.contains("series")) {
            return ABSENT_UID;   // never delete what the other checks read
        }
        if (n.contains("study")) {
            return known.study();
        }
        if (n.contains("sop") || (n.contains("instance") && !n.contains("series"))) {
            return known.instance();
        }
        if (n.contains("series")) {
            return known.series();
        }
        if (n.contains("frame")) {
            return "1";
        }
        if (n.equals("field")) {
            return "collection";
        }
        if (n.equals("path")) {
            return "7FE00010";
        }
        if (n.contains("model")) {
            return "deepedit";
        }
        if (n.contains("job") || n.equals("id")) {
            return op.service().startsWith("inference") ? known.inferenceJob() : known.downloadJob();
        }
        return "1";
    }

    /** The request target with every path parameter at its valid value, except {@code override} (raw, already encoded). */
    String target(ApiOperation op, String param, String rawValue, String query) {
        String path = op.path();
        for (String name : ApiOperation.templateParams(path)) {
            String value = name.equals(param) ? rawValue : Hostile.encodePathSegment(pathValue(op, name));
            path = path.replaceFirst("\\{" + java.util.regex.Pattern.quote(name) + "(:[^}]*)?}", java.util.regex.Matcher.quoteReplacement(value));
        }
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    String target(ApiOperation op) {
        return target(op, null, null, null);
    }

    /** The query parameters to attack: the documented ones, plus QIDO-RS attributes on QIDO paths. */
    static List<ApiOperation.QueryParam> queryParams(ApiOperation op) {
        List<ApiOperation.QueryParam> all = new java.util.ArrayList<>(op.queryParams());
        if (op.method().equals("GET") && op.path().startsWith("/dicomweb/") && op.path().matches(".*/(studies|series|instances)/?")) {
            for (String k : QIDO_KEYS) {
                if (all.stream().noneMatch(q -> q.name().equals(k))) {
                    all.add(new ApiOperation.QueryParam(k, "string"));
                }
            }
        }
        return all;
    }

    /** The .tcia manifest naming the stored series. */
    String manifest() {
        return "downloadServerUrl=https://services.cancerimagingarchive.net/nbia-api/services/v1/getImage\n"
                + "includeAnnotation=true\nnoOfrRetry=4\ndatabasketId=manifest-1.tcia\nmanifestVersion=3.0\n"
                + "ListOfSeriesToDownload=\n" + known.series() + "\n";
    }

    /** A valid JSON body for {@code op}: the documented example where we know one, else one made from its schema. */
    JsonNode jsonBody(ApiOperation op, JsonNode openapi) {
        String key = op.method() + " " + RoleTable.blank(op.path());
        switch (key) {
            case "POST /api/downloads", "POST /api/search/manifest" -> {
                ObjectNode o = F.objectNode();
                o.putArray("seriesInstanceUids").add(known.series());
                return o;
            }
            case "POST /api/viewer/catalog" -> {
                return F.objectNode().put("indexKey", known.indexKey());
            }
            case "PUT /api/viewer/series/{}/annotations" -> {
                ObjectNode doc = F.objectNode().put("schemaVersion", 1);
                ObjectNode item = doc.putArray("items").addObject();
                item.put("toolType", "rectangle").put("sopInstanceUid", known.instance()).put("frame", 1).put("text", "note");
                ArrayNode points = item.putArray("points");
                points.addArray().add(1).add(2);
                points.addArray().add(10).add(12);
                return doc;
            }
            case "POST /api/viewer/client-errors" -> {
                return F.objectNode().put("kind", "js").put("message", "TypeError: x is undefined").put("route", "/viewer");
            }
            case "POST /api/inference/jobs" -> {
                return F.objectNode().put("seriesInstanceUid", known.series()).put("model", "deepedit");
            }
            default -> {
                return op.jsonBodySchema() == null ? F.objectNode() : fromSchema(openapi, op.jsonBodySchema(), "body", 0);
            }
        }
    }

    /** The body to send with {@code op} in the auth and role checks: JSON if it takes JSON, else its first media type. */
    Hostile.Body validBody(ApiOperation op, JsonNode openapi) {
        if (!op.hasBody()) {
            return null;
        }
        if (op.acceptsJson()) {
            String type = op.requestTypes().stream().filter(t -> t.contains("json")).findFirst().orElseThrow();
            return new Hostile.Body("valid", type, Hostile.bytes(jsonBody(op, openapi)));
        }
        String type = op.requestTypes().get(0);
        if (type.startsWith("multipart/")) {
            return Hostile.multipartBodies().get(0);
        }
        return new Hostile.Body("valid", type, manifest().getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode fromSchema(JsonNode openapi, JsonNode schema, String name, int depth) {
        schema = ApiOperation.resolve(openapi, schema);
        if (depth > 6) {
            return F.nullNode();
        }
        String type = schema.path("type").asText("");
        if (type.isEmpty() && schema.has("properties")) {
            type = "object";
        }
        String n = name.toLowerCase(Locale.ROOT);
        switch (type) {
            case "object" -> {
                ObjectNode o = F.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    o.set(p.getKey(), fromSchema(openapi, p.getValue(), p.getKey(), depth + 1));
                }
                return o;
            }
            case "array" -> {
                ArrayNode a = F.arrayNode();
                a.add(fromSchema(openapi, schema.path("items"), n.endsWith("s") ? n.substring(0, n.length() - 1) : n, depth + 1));
                return a;
            }
            case "integer", "number" -> {
                return F.numberNode(1);
            }
            case "boolean" -> {
                return F.booleanNode(true);
            }
            default -> {
                if (schema.has("enum") && schema.get("enum").size() > 0) {
                    return schema.get("enum").get(0);
                }
                if (n.contains("study")) {
                    return F.textNode(known.study());
                }
                if (n.contains("sop")) {
                    return F.textNode(known.instance());
                }
                if (n.contains("series") || n.contains("uid")) {
                    return F.textNode(known.series());
                }
                if (n.contains("key")) {
                    return F.textNode(known.indexKey());
                }
                if (n.contains("model")) {
                    return F.textNode("deepedit");
                }
                return F.textNode("x");
            }
        }
    }
}
