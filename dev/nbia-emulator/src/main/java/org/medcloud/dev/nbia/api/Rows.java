package org.medcloud.dev.nbia.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** NBIA-style output of rows: JSON with null keys omitted (a row of nulls is {}), or CSV. */
final class Rows {

    private static final JsonFactory JSON = new JsonFactory();

    private Rows() {
    }

    /** A numeric value written as a JSON number from its text (e.g. SeriesNumber "500"). */
    record RawNumber(String text) {
    }

    static byte[] json(List<? extends Map<String, Object>> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + rows.size() * 128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (Map<String, Object> row : rows) {
                g.writeStartObject();
                for (Map.Entry<String, Object> e : row.entrySet()) {
                    Object v = e.getValue();
                    if (v == null) {
                        continue;
                    }
                    g.writeFieldName(e.getKey());
                    writeValue(g, v);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof RawNumber n) {
            g.writeNumber(n.text());
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else {
            g.writeString(v.toString());
        }
    }

    static byte[] csv(List<? extends Map<String, Object>> rows, boolean quoted) {
        if (rows.isEmpty()) {
            return new byte[0];
        }
        StringBuilder sb = new StringBuilder();
        List<String> cols = List.copyOf(rows.get(0).keySet());
        appendLine(sb, cols.stream().map(c -> (Object) c).toList(), quoted);
        for (Map<String, Object> r : rows) {
            appendLine(sb, cols.stream().map(c -> r.get(c) instanceof RawNumber n ? (Object) n.text() : r.get(c)).toList(), quoted);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendLine(StringBuilder sb, List<Object> values, boolean quoted) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = values.get(i);
            String s = v == null ? "" : v.toString();
            sb.append(quoted ? '"' + s.replace("\"", "\"\"") + '"' : s);
        }
        sb.append('\n');
    }

    static Map<String, Object> row() {
        return new LinkedHashMap<>();
    }
}
