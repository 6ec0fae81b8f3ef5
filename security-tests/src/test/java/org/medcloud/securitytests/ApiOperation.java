package org.medcloud.securitytests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One operation of a service's OpenAPI document: method, path template, its parameters and the
 * media types (and JSON schema) of its request body.
 *
 * @param roles the roles the document lists for it (security requirement scopes), empty when it
 *              lists none; informational: the expectations come from {@link RoleTable}
 */
public record ApiOperation(String service, String method, String path, List<String> pathParams, List<QueryParam> queryParams,
                           List<String> requestTypes, JsonNode jsonBodySchema, boolean bodyRequired, List<String> roles) {

    /** A query parameter and its schema type ({@code string}, {@code integer}, {@code boolean}, {@code array}...). */
    public record QueryParam(String name, String type) {
    }

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    public String key() {
        return method + " " + path;
    }

    public boolean isOpen() {
        return path.startsWith("/q/");
    }

    public boolean acceptsJson() {
        return requestTypes.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains("json"));
    }

    public boolean hasBody() {
        return !requestTypes.isEmpty();
    }

    @Override
    public String toString() {
        return service + " " + key();
    }

    /** Every operation of {@code openapi} (the JSON form), in document order. */
    public static List<ApiOperation> parse(String service, JsonNode openapi) {
        List<ApiOperation> ops = new ArrayList<>();
        JsonNode paths = openapi.path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String template = p.getKey();
            JsonNode item = p.getValue();
            List<JsonNode> shared = new ArrayList<>();
            item.path("parameters").forEach(shared::add);
            for (Iterator<Map.Entry<String, JsonNode>> ms = item.fields(); ms.hasNext(); ) {
                Map.Entry<String, JsonNode> m = ms.next();
                if (!METHODS.contains(m.getKey())) {
                    continue;
                }
                JsonNode op = m.getValue();
                List<JsonNode> params = new ArrayList<>(shared);
                op.path("parameters").forEach(params::add);
                List<String> pathParams = new ArrayList<>();
                List<QueryParam> query = new ArrayList<>();
                for (JsonNode param : params) {
                    param = resolve(openapi, param);
                    String in = param.path("in").asText();
                    String name = param.path("name").asText();
                    if (in.equals("path") && !pathParams.contains(name)) {
                        pathParams.add(name);
                    } else if (in.equals("query") && query.stream().noneMatch(q -> q.name().equals(name))) {
                        query.add(new QueryParam(name, resolve(openapi, param.path("schema")).path("type").asText("string")));
                    }
                }
                // path parameters named in the template but not declared (JAX-RS regex params, @Context paths)
                for (String name : templateParams(template)) {
                    if (!pathParams.contains(name)) {
                        pathParams.add(name);
                    }
                }
                List<String> types = new ArrayList<>();
                JsonNode schema = null;
                JsonNode body = resolve(openapi, op.path("requestBody"));
                for (Iterator<Map.Entry<String, JsonNode>> cs = body.path("content").fields(); cs.hasNext(); ) {
                    Map.Entry<String, JsonNode> c = cs.next();
                    types.add(c.getKey());
                    if (c.getKey().toLowerCase(Locale.ROOT).contains("json") && schema == null) {
                        schema = c.getValue().path("schema");
                    }
                }
                List<String> roles = new ArrayList<>();
                for (JsonNode req : op.path("security")) {
                    req.fields().forEachRemaining(e -> e.getValue().forEach(r -> roles.add(r.asText())));
                }
                ops.add(new ApiOperation(service, m.getKey().toUpperCase(Locale.ROOT), template, List.copyOf(pathParams),
                        List.copyOf(query), List.copyOf(types), schema, body.path("required").asBoolean(false), List.copyOf(roles)));
            }
        }
        return ops;
    }

    /** The names in {@code {...}} of a path template, in order ({@code {name: regex}} gives name). */
    public static List<String> templateParams(String template) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while ((i = template.indexOf('{', i)) >= 0) {
            int end = template.indexOf('}', i);
            if (end < 0) {
                break;
            }
            String name = template.substring(i + 1, end);
            int colon = name.indexOf(':');
            names.add((colon >= 0 ? name.substring(0, colon) : name).trim());
            i = end + 1;
        }
        return names;
    }

    /** Follows a local {@code $ref} (#/components/...) once; anything else is returned as it is. */
    public static JsonNode resolve(JsonNode openapi, JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; depth < 10 && current.has("$ref"); depth++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return current;
            }
            JsonNode target = openapi;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            current = target;
        }
        return current;
    }
}
