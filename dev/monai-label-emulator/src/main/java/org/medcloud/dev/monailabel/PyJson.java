package org.medcloud.dev.monailabel;

import java.util.List;
import java.util.Map;

/**
 * JSON text as Python writes it: {@link #dumps} like {@code json.dumps} with default separators
 * ({@code ", "} and {@code ": "}, ASCII only) for the multipart {@code params} part, {@link #compact} like
 * Starlette's {@code JSONResponse} ({@code ","}/{@code ":"}, UTF-8) for {@code output=json}.
 */
public final class PyJson {

    private PyJson() {
    }

    public static String dumps(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, ", ", ": ", true);
        return sb.toString();
    }

    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, ",", ":", false);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, String itemSep, String keySep, boolean ascii) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s, ascii);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                sb.append("NaN");
            } else if (Double.isInfinite(d)) {
                sb.append(d > 0 ? "Infinity" : "-Infinity");
            } else {
                sb.append(pythonRepr(d));
            }
        } else if (v instanceof Number n) {
            sb.append(n.longValue());
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(itemSep);
                }
                first = false;
                string(sb, String.valueOf(e.getKey()), ascii);
                sb.append(keySep);
                write(sb, e.getValue(), itemSep, keySep, ascii);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(itemSep);
                }
                write(sb, l.get(i), itemSep, keySep, ascii);
            }
            sb.append(']');
        } else {
            string(sb, v.toString(), ascii);
        }
    }

    /** Python float repr for the values we emit (rounded latencies): 0.0, 1.42, 12.0, 1e-05. */
    static String pythonRepr(double d) {
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) {
            mant = mant.substring(0, mant.length() - 2);
        }
        int exp = Integer.parseInt(s.substring(e + 1));
        return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static void string(StringBuilder sb, String s, boolean ascii) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20 || (ascii && c > 0x7e)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
