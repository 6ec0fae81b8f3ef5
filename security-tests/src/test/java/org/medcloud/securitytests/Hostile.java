package org.medcloud.securitytests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hostile values and bodies: what an attacker or a broken client sends instead of a valid request. */
final class Hostile {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A hostile value with a short name for the report. */
    record Value(String name, String text) {
    }

    /** A hostile request body: its name, content type (null: no header) and bytes. */
    record Body(String name, String contentType, byte[] bytes) {
    }

    /** Values for path segments, query parameters and JSON strings (encoded where they go). */
    static final List<Value> VALUES = List.of(
            new Value("100KB", "A".repeat(100_000)),
            new Value("traversal", "../../etc/passwd"),
            new Value("encoded-traversal", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
            new Value("sql", "' OR 1=1 --"),
            new Value("nosql", "{\"$gt\":\"\"}"),
            new Value("nul", "1.2\u00003"),
            new Value("unicode", "\u03a9\u2248\u00e7 \ud835\udd4f \u202eabc \ufeff \u65e5\u672c"),
            new Value("uid-double-dot", "1.2.3..4"),
            new Value("uid-letters", "abc"),
            new Value("uid-65-chars", "1." + "2".repeat(63)),
            new Value("uid-leading-zero", "1.02.3"),
            new Value("negative", "-1"),
            new Value("huge-number", "99999999999999999999999999"),
            new Value("int-overflow", "2147483648"),
            new Value("float-overflow", "1e309"),
            new Value("nan", "NaN"),
            new Value("empty", ""),
            new Value("crlf", "a\r\nX-Injected: 1"),
            new Value("html", "<script>alert(1)</script>"),
            new Value("format", "%s%n%x%d"),
            new Value("jndi", "${jndi:ldap://127.0.0.1:1/a}"),
            new Value("backslash-traversal", "..\\..\\windows\\win.ini"),
            new Value("glob", "*"),
            new Value("like-wildcards", "%_\\%"),
            new Value("bad-date-range", "20201340-2019"),
            new Value("dash", "-"),
            new Value("comma-list", ",,,1.2.3,,"),
            new Value("dicom-tag", "7FE00010"));

    /** Sent verbatim inside a path (not re-encoded): malformed and double escapes the server must survive. */
    static final List<Value> RAW_PATH_SEGMENTS = List.of(
            new Value("raw-%2e%2e%2f", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
            new Value("raw-..%2f", "..%2f..%2f..%2fetc%2fpasswd"),
            new Value("raw-%00", "1.2%003"),
            new Value("raw-bad-utf8", "%ff%fe%c0%af"),
            new Value("raw-lone-%", "1.2%"),
            new Value("raw-%zz", "%zz"),
            new Value("raw-%252e", "%252e%252e%252f"),
            new Value("raw-semicolon", "1.2.3;jsessionid=x"),
            new Value("raw-utf8", new String("\u00e9\u65e5".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));

    private Hostile() {
    }

    /** Percent-encoding for a path segment (space as %20, nothing left raw but unreserved characters). */
    static String encodePathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String encodeQuery(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** JSON values that replace one node of a valid body. */
    static Map<String, JsonNode> jsonReplacements() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (Value v : VALUES) {
            m.put("\"" + v.name() + "\"", F.textNode(v.text()));
        }
        m.put("-1", F.numberNode(-1));
        m.put("0", F.numberNode(0));
        m.put("long-max", F.numberNode(Long.MAX_VALUE));
        m.put("bigint", F.numberNode(new BigInteger("1" + "0".repeat(40))));
        m.put("1.5", F.numberNode(1.5));
        m.put("1e308", F.numberNode(1e308));
        m.put("true", F.booleanNode(true));
        m.put("null", F.nullNode());
        m.put("{}", F.objectNode());
        m.put("[]", F.arrayNode());
        m.put("{$gt}", F.objectNode().put("$gt", ""));
        ArrayNode many = F.arrayNode();
        for (int i = 0; i < 10_000; i++) {
            many.add("1.2.3." + i);
        }
        m.put("10k-array", many);
        return m;
    }

    /** Every node of {@code body} but the root, as JSON pointers ({@code /items/0/points/1/0}). */
    static List<String> pointers(JsonNode body) {
        List<String> out = new ArrayList<>();
        walk(body, "", out);
        return out;
    }

    private static void walk(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = at + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                out.add(p);
                walk(e.getValue(), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = at + "/" + i;
                out.add(p);
                walk(node.get(i), p, out);
            }
        }
    }

    /** A copy of {@code body} with the node at {@code pointer} replaced (null: removed). */
    static JsonNode replaced(JsonNode body, String pointer, JsonNode value) {
        JsonNode copy = body.deepCopy();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? copy : copy.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o) {
            if (value == null) {
                o.remove(last);
            } else {
                o.set(last, value);
            }
        } else if (parent instanceof ArrayNode a) {
            int i = Integer.parseInt(last);
            if (value == null) {
                a.remove(i);
            } else {
                a.set(i, value);
            }
        }
        return copy;
    }

    /** Bodies that are not valid JSON, or valid JSON of the wrong shape, or too much of it. */
    static List<Body> brokenJsonBodies() {
        List<Body> b = new ArrayList<>();
        String json = "application/json";
        b.add(new Body("empty", json, new byte[0]));
        b.add(new Body("truncated", json, "{\"a\":".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("open-brace", json, "{".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("garbage", json, "not json at all".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("null", json, "null".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("array", json, "[]".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("string", json, "\"x\"".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("number", json, "12345678901234567890123".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("nul-byte", json, "{\"a\":\"\u0000\"}\u0000".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("bad-utf8", json, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}));
        b.add(new Body("bom", json, ("\ufeff{}").getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("deep-nesting-100k", json, ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("deep-objects-5k", json, ("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)).getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("1MB-string", json, ("{\"a\":\"" + "A".repeat(1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("huge-exponent", json, "{\"a\":1e999999999}".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("duplicate-keys", json, "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("proto", json, "{\"__proto__\":{\"admin\":true},\"constructor\":{\"prototype\":{}}}".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("utf16-charset", "application/json; charset=utf-16", "{}".getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("unknown-charset", "application/json; charset=nonsense-42", "{}".getBytes(StandardCharsets.UTF_8)));
        return b;
    }

    /** The valid body under other content types (or none). */
    static List<Body> wrongContentTypes(byte[] valid) {
        List<Body> b = new ArrayList<>();
        b.add(new Body("no-content-type", null, valid));
        b.add(new Body("text/plain", "text/plain", valid));
        b.add(new Body("application/xml", "application/xml", valid));
        b.add(new Body("form-urlencoded", "application/x-www-form-urlencoded", valid));
        b.add(new Body("multipart-no-boundary", "multipart/form-data", valid));
        b.add(new Body("octet-stream", "application/octet-stream", valid));
        b.add(new Body("garbage-type", "\u00ff/\u00fe; ;;=", valid));
        return b;
    }

    /** Bodies for text and binary uploads (manifests, STOW). */
    static List<Body> textBodies(String contentType) {
        List<Body> b = new ArrayList<>();
        for (Value v : VALUES) {
            b.add(new Body("text:" + v.name(), contentType, v.text().getBytes(StandardCharsets.UTF_8)));
        }
        byte[] binary = new byte[70_000];
        new java.util.Random(42).nextBytes(binary);
        b.add(new Body("binary-70KB", contentType, binary));
        b.add(new Body("2MB-lines", contentType, ("1.2.3.4\n".repeat(262_144)).getBytes(StandardCharsets.UTF_8)));
        b.add(new Body("empty", contentType, new byte[0]));
        return b;
    }

    /** STOW-RS (multipart/related) bodies: no boundary, wrong boundary, garbage part, unterminated. */
    static List<Body> multipartBodies() {
        List<Body> b = new ArrayList<>();
        String part = "--B\r\nContent-Type: application/dicom\r\n\r\nDICM-not-really\r\n--B--\r\n";
        b.add(new Body("multipart-garbage-part", "multipart/related; type=\"application/dicom\"; boundary=B", part.getBytes(StandardCharsets.ISO_8859_1)));
        b.add(new Body("multipart-no-boundary", "multipart/related; type=\"application/dicom\"", part.getBytes(StandardCharsets.ISO_8859_1)));
        b.add(new Body("multipart-wrong-boundary", "multipart/related; type=\"application/dicom\"; boundary=X", part.getBytes(StandardCharsets.ISO_8859_1)));
        b.add(new Body("multipart-unterminated", "multipart/related; type=\"application/dicom\"; boundary=B",
                "--B\r\nContent-Type: application/dicom\r\n\r\nDICM".getBytes(StandardCharsets.ISO_8859_1)));
        byte[] preamble = new byte[132];
        preamble[128] = 'D';
        preamble[129] = 'I';
        preamble[130] = 'C';
        preamble[131] = 'M';
        String truncated = "--B\r\nContent-Type: application/dicom\r\n\r\n" + new String(preamble, StandardCharsets.ISO_8859_1)
                + "\u0002\u0000\u0010\u0000UI\u00ff\u00ff" + "\r\n--B--\r\n";
        b.add(new Body("multipart-truncated-dicom", "multipart/related; type=\"application/dicom\"; boundary=B",
                truncated.getBytes(StandardCharsets.ISO_8859_1)));
        b.add(new Body("multipart-type-json", "multipart/related; type=\"application/json\"; boundary=B", part.getBytes(StandardCharsets.ISO_8859_1)));
        b.add(new Body("multipart-empty", "multipart/related; type=\"application/dicom\"; boundary=B", new byte[0]));
        b.add(new Body("multipart-100KB-boundary", "multipart/related; type=\"application/dicom\"; boundary=" + "B".repeat(100_000),
                part.getBytes(StandardCharsets.ISO_8859_1)));
        return b;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
