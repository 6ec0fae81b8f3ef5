package org.medcloud.security;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The audit trail: one log record per action on the {@code medcloud.audit} logger, with the
 * fields (audit.action, audit.user, audit.outcome, audit.*) as MDC entries so the JSON log
 * carries them as structured fields. Callers pass identifiers and counts, never PHI values (no
 * patient IDs or names: search filters are recorded by name only).
 */
public final class Audit {

    private static final Logger LOG = Logger.getLogger("medcloud.audit");

    private Audit() {
    }

    public static void record(String action, String user, String outcome, Map<String, ?> details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("audit.action", action);
        fields.put("audit.user", user);
        fields.put("audit.outcome", outcome);
        if (details != null) {
            details.forEach((k, v) -> fields.put("audit." + k, v == null ? "" : String.valueOf(v)));
        }
        fields.forEach(MDC::put);
        try {
            StringBuilder sb = new StringBuilder("audit");
            fields.forEach((k, v) -> sb.append(' ').append(k.substring(6)).append('=').append(v));
            LOG.info(sb.toString());
        } finally {
            fields.keySet().forEach(MDC::remove);
        }
    }

    public static void record(String action, String user, Map<String, ?> details) {
        record(action, user, "ok", details);
    }

    static void denied(String path, String user) {
        record("access-denied", user, "denied", Map.of("path", path));
    }
}
