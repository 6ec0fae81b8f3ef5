package org.medcloud.viewer.annotations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;
import org.medcloud.viewer.catalog.CatalogRepository;
import org.medcloud.viewer.catalog.InstanceRef;
import org.medcloud.viewer.config.ViewerConfig;

/**
 * Annotations of a series, one document per author, every save a new version (schema version 1):
 * <pre>{"schemaVersion": 1, "baseVersion": 2?, "items": [{"id"?, "toolType": "rectangle|ellipse|freehand|label",
 *   "sopInstanceUid", "frame", "points": [[x, y], ...] (image pixels), "text"?, "createdAt"?}]}</pre>
 */
@ApplicationScoped
public class AnnotationService {

    public static final int SCHEMA_VERSION = 1;
    static final Set<String> TOOLS = Set.of("rectangle", "ellipse", "freehand", "label");
    static final Set<String> ITEM_FIELDS = Set.of("id", "toolType", "sopInstanceUid", "frame", "points", "text",
            "author", "createdAt", "updatedAt", "color");
    static final int MAX_TEXT = 2000;
    static final int MAX_POINTS = 10_000;

    @Inject
    DataSource dataSource;

    @Inject
    CatalogRepository catalog;

    @Inject
    ObjectMapper mapper;

    @Inject
    ViewerConfig config;

    /** The author's latest document (or the given version); an empty version-0 document when there is none. */
    public ObjectNode get(String seriesUid, String author, Integer version) {
        requireSeries(seriesUid);
        String sql = version == null
                ? "SELECT version, document, saved_at FROM annotation_version WHERE series_uid = ? AND author = ?"
                        + " ORDER BY version DESC LIMIT 1"
                : "SELECT version, document, saved_at FROM annotation_version WHERE series_uid = ? AND author = ?"
                        + " AND version = ?";
        List<Object[]> rows = version == null
                ? catalog.query(sql, rs -> new Object[] {rs.getInt(1), rs.getString(2), rs.getTimestamp(3)}, seriesUid,
                        author)
                : catalog.query(sql, rs -> new Object[] {rs.getInt(1), rs.getString(2), rs.getTimestamp(3)}, seriesUid,
                        author, version);
        if (rows.isEmpty()) {
            if (version != null) {
                throw ApiException.notFound("Annotation version", "no version " + version + " of " + author
                        + "'s annotations of series " + seriesUid);
            }
            ObjectNode empty = header(seriesUid, author, 0, null);
            empty.putArray("items");
            return empty;
        }
        try {
            ObjectNode stored = (ObjectNode) mapper.readTree((String) rows.get(0)[1]);
            ObjectNode out = header(seriesUid, author, (Integer) rows.get(0)[0],
                    ((java.sql.Timestamp) rows.get(0)[2]).toInstant());
            out.set("items", stored.get("items"));
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode header(String seriesUid, String author, int version, Instant savedAt) {
        ObjectNode o = mapper.createObjectNode();
        o.put("schemaVersion", SCHEMA_VERSION);
        o.put("seriesInstanceUid", seriesUid);
        o.put("author", author);
        o.put("version", version);
        if (savedAt != null) {
            o.put("savedAt", savedAt.toString());
        }
        return o;
    }

    public List<Map<String, Object>> history(String seriesUid, String author) {
        requireSeries(seriesUid);
        return catalog.query("SELECT version, saved_at, item_count FROM annotation_version WHERE series_uid = ?"
                + " AND author = ? ORDER BY version DESC", rs -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("version", rs.getInt(1));
                    m.put("savedAt", rs.getTimestamp(2).toInstant().toString());
                    m.put("itemCount", rs.getInt(3));
                    return m;
                }, seriesUid, author);
    }

    /** Validates and stores a new version of the author's document; returns it as GET would. */
    public ObjectNode save(String seriesUid, String author, JsonNode body) {
        List<InstanceRef> instances = requireSeries(seriesUid);
        ArrayNode items = validate(body, instances, author);
        Integer baseVersion = null;
        if (body.has("baseVersion") && !body.get("baseVersion").isNull()) {
            if (!body.get("baseVersion").canConvertToInt() || body.get("baseVersion").asInt() < 0) {
                throw ApiException.badRequest("baseVersion", "baseVersion must be a version number >= 0");
            }
            baseVersion = body.get("baseVersion").asInt();
        }
        ObjectNode doc = mapper.createObjectNode();
        doc.put("schemaVersion", SCHEMA_VERSION);
        doc.set("items", items);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int latest;
                try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(version), 0) FROM annotation_version"
                        + " WHERE series_uid = ? AND author = ?")) {
                    ps.setString(1, seriesUid);
                    ps.setString(2, author);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        latest = rs.getInt(1);
                    }
                }
                if (baseVersion != null && baseVersion != latest) {
                    throw ApiException.conflict("annotation-version-conflict", "Annotations changed meanwhile",
                            "the latest version is " + latest + ", not baseVersion " + baseVersion
                                    + "; reload and apply your changes again");
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO annotation_version (series_uid, author,"
                        + " version, document, item_count) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, seriesUid);
                    ps.setString(2, author);
                    ps.setInt(3, latest + 1);
                    ps.setString(4, mapper.writeValueAsString(doc));
                    ps.setInt(5, items.size());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException s && "23505".equals(s.getSQLState())) {
                    throw ApiException.conflict("annotation-version-conflict", "Annotations changed meanwhile",
                            "another save of the same document happened at the same time; try again");
                }
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("saving annotations failed: " + e.getMessage(), e);
        }
        return get(seriesUid, author, null);
    }

    ArrayNode validate(JsonNode body, List<InstanceRef> instances, String author) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "a JSON object {\"schemaVersion\": 1, \"items\": [...]} is required");
        }
        JsonNode sv = body.get("schemaVersion");
        if (sv == null || !sv.isInt() || sv.asInt() != SCHEMA_VERSION) {
            throw ApiException.badRequest("schemaVersion", "schemaVersion must be " + SCHEMA_VERSION);
        }
        JsonNode items = body.get("items");
        if (items == null || !items.isArray()) {
            throw ApiException.badRequest("items", "items must be an array");
        }
        int max = config.annotations().maxItems();
        if (items.size() > max) {
            throw ApiException.badRequest("items", "at most " + max + " items per series and author");
        }
        Map<String, InstanceRef> bySop = new HashMap<>();
        instances.forEach(i -> bySop.put(i.sopUid(), i));
        String now = Instant.now().toString();
        ArrayNode out = mapper.createArrayNode();
        for (int i = 0; i < items.size(); i++) {
            String f = "items[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw ApiException.badRequest(f, "each item must be an object");
            }
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!ITEM_FIELDS.contains(name)) {
                    throw ApiException.badRequest(f + "." + name, "unknown field '" + name + "'");
                }
            }
            String tool = text(item, "toolType");
            if (tool == null || !TOOLS.contains(tool)) {
                throw ApiException.badRequest(f + ".toolType", "toolType must be one of rectangle, ellipse, freehand,"
                        + " label; was " + (tool == null ? "missing" : "'" + tool + "'"));
            }
            String sop = text(item, "sopInstanceUid");
            if (sop == null || !DicomUids.isValid(sop) || !bySop.containsKey(sop)) {
                throw ApiException.badRequest(f + ".sopInstanceUid", "sopInstanceUid " + sop
                        + " is not an instance of this series");
            }
            InstanceRef ref = bySop.get(sop);
            JsonNode frameNode = item.get("frame");
            int frame = frameNode == null || frameNode.isNull() ? 1 : frameNode.isInt() ? frameNode.asInt() : -1;
            if (frame < 1 || frame > ref.frameCount()) {
                throw ApiException.badRequest(f + ".frame", "frame must be between 1 and " + ref.frameCount());
            }
            ArrayNode points = points(item.get("points"), f + ".points", tool, ref);
            String text = text(item, "text");
            if (item.has("text") && !item.get("text").isNull() && !item.get("text").isTextual()) {
                throw ApiException.badRequest(f + ".text", "text must be a string");
            }
            if (text != null && text.length() > MAX_TEXT) {
                throw ApiException.badRequest(f + ".text", "text is limited to " + MAX_TEXT + " characters");
            }
            if (tool.equals("label") && (text == null || text.isBlank())) {
                throw ApiException.badRequest(f + ".text", "a label needs text");
            }
            String id = text(item, "id");
            if (id != null && id.length() > 128) {
                throw ApiException.badRequest(f + ".id", "id is limited to 128 characters");
            }
            String createdAt = text(item, "createdAt");
            if (createdAt != null) {
                try {
                    createdAt = Instant.parse(createdAt).toString();
                } catch (DateTimeParseException e) {
                    throw ApiException.badRequest(f + ".createdAt", "createdAt must be an ISO-8601 instant");
                }
            }
            String color = text(item, "color");
            if (color != null && !color.matches("#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?")) {
                throw ApiException.badRequest(f + ".color", "color must be #RRGGBB or #RRGGBBAA");
            }
            ObjectNode o = out.addObject();
            o.put("id", id != null ? id : java.util.UUID.randomUUID().toString());
            o.put("toolType", tool);
            o.put("sopInstanceUid", sop);
            o.put("frame", frame);
            o.set("points", points);
            if (text != null) {
                o.put("text", text);
            }
            if (color != null) {
                o.put("color", color);
            }
            o.put("author", author);
            o.put("createdAt", createdAt != null ? createdAt : now);
            o.put("updatedAt", now);
        }
        return out;
    }

    private ArrayNode points(JsonNode node, String field, String tool, InstanceRef ref) {
        if (node == null || !node.isArray()) {
            throw ApiException.badRequest(field, "points must be an array of [x, y] pairs in image pixels");
        }
        int n = node.size();
        boolean ok = switch (tool) {
            case "rectangle", "ellipse" -> n == 2;
            case "label" -> n == 1;
            default -> n >= 3 && n <= MAX_POINTS;
        };
        if (!ok) {
            throw ApiException.badRequest(field, switch (tool) {
                case "rectangle", "ellipse" -> tool + " needs exactly 2 points (opposite corners)";
                case "label" -> "a label needs exactly 1 point";
                default -> "freehand needs 3 to " + MAX_POINTS + " points";
            });
        }
        double maxX = ref.columns() == null ? 65536 : ref.columns();
        double maxY = ref.rows() == null ? 65536 : ref.rows();
        ArrayNode out = mapper.createArrayNode();
        for (int i = 0; i < n; i++) {
            JsonNode p = node.get(i);
            if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                throw ApiException.badRequest(field + "[" + i + "]", "a point is [x, y] with numbers");
            }
            double x = p.get(0).asDouble();
            double y = p.get(1).asDouble();
            if (!Double.isFinite(x) || !Double.isFinite(y) || x < 0 || y < 0 || x > maxX || y > maxY) {
                throw ApiException.badRequest(field + "[" + i + "]", "point (" + x + ", " + y
                        + ") lies outside the " + (long) maxX + "x" + (long) maxY + " image");
            }
            ArrayNode q = out.addArray();
            q.add(x);
            q.add(y);
        }
        return out;
    }

    private static String text(JsonNode item, String name) {
        JsonNode v = item.get(name);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private List<InstanceRef> requireSeries(String seriesUid) {
        DicomUids.require("seriesUid", seriesUid);
        List<InstanceRef> instances = catalog.instances(seriesUid);
        if (instances.isEmpty()) {
            throw ApiException.notFound("Series", "no stored series " + seriesUid);
        }
        return new ArrayList<>(instances);
    }
}
