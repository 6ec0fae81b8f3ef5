package org.medcloud.viewer.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.medcloud.common.problem.ApiException;

/**
 * Client error telemetry from the web UI: one report per uncaught script error or failed HTTP
 * call, without personal data. The client already strips UIDs and query strings; the same
 * scrubbing is applied here again so nothing identifying reaches the logs. Each report is logged
 * as one structured line and counted in {@code medcloud_client_errors_total{kind}}.
 */
@Path("/api/viewer/client-errors")
public class ClientErrorResource {

    private static final Logger LOG = Logger.getLogger(ClientErrorResource.class);

    static final Set<String> KINDS = Set.of("js", "http");
    static final int MAX_MESSAGE = 300;
    static final int MAX_ROUTE = 200;
    static final int MAX_APP_VERSION = 40;
    static final int MAX_USER_AGENT = 300;
    /** Digits-and-dots runs that look like DICOM UIDs (at least two dots). */
    private static final Pattern UID_LIKE = Pattern.compile("\\d+(?:\\.\\d+){2,}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]");

    @Inject
    MeterRegistry registry;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response report(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "Send a JSON object with kind, message and route.");
        }
        String kind = text(body, "kind", 10, true);
        if (!KINDS.contains(kind)) {
            throw ApiException.badRequest("kind", "kind must be \"js\" or \"http\".");
        }
        String message = text(body, "message", MAX_MESSAGE, true);
        String route = text(body, "route", MAX_ROUTE, true);
        if (!route.startsWith("/") || route.contains("?") || route.contains("#")) {
            throw ApiException.badRequest("route", "route must be a path starting with '/', without query or fragment.");
        }
        Integer status = null;
        JsonNode s = body.get("status");
        if (s != null && !s.isNull()) {
            if (!s.isIntegralNumber() || s.asInt() < 0 || s.asInt() > 599) {
                throw ApiException.badRequest("status", "status must be an HTTP status code (0-599).");
            }
            status = s.asInt();
        }
        String appVersion = text(body, "appVersion", MAX_APP_VERSION, false);
        String userAgent = text(body, "userAgent", MAX_USER_AGENT, false);

        registry.counter("medcloud.client.errors", "kind", kind).increment();
        LOG.infof("client-error kind=%s status=%s route=\"%s\" appVersion=\"%s\" message=\"%s\" userAgent=\"%s\"",
                kind, status == null ? "-" : status, scrub(route), clean(appVersion), scrub(message), clean(userAgent));
        return Response.noContent().build();
    }

    /** A string field, trimmed; 400 naming the field when it has the wrong type, is missing (if required) or too long. */
    private static String text(JsonNode body, String field, int max, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) throw ApiException.badRequest(field, field + " is required.");
            return "";
        }
        if (!n.isTextual()) throw ApiException.badRequest(field, field + " must be a string.");
        String v = n.asText().trim();
        if (required && v.isEmpty()) throw ApiException.badRequest(field, field + " must not be empty.");
        if (v.length() > max) throw ApiException.badRequest(field, field + " must be at most " + max + " characters.");
        return v;
    }

    /** Removes UID-like runs and anything after '?', and makes the text safe for one log line. */
    static String scrub(String s) {
        int q = s.indexOf('?');
        String v = q >= 0 ? s.substring(0, q) : s;
        return clean(UID_LIKE.matcher(v).replaceAll(":uid"));
    }

    private static String clean(String s) {
        return CONTROL.matcher(s).replaceAll(" ").replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
