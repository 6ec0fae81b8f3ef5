package org.medcloud.dev.nbia.fault;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One set of injected faults for a request. Parsed from {@code key=value} pairs separated by
 * commas, e.g. {@code latency=300,status=503} or {@code drop=20000}. See the module README.
 *
 * @param latencyMs  sleep before answering
 * @param status     answer with this HTTP status (plain-text body) instead of the real response
 * @param retryAfter seconds for a Retry-After header (default 1 with status 429)
 * @param dropAfter  close the connection after this many body bytes (-1: never)
 * @param flip       flip one byte in the n-th image of a ZIP (1-based, 0: none)
 * @param missing    leave the n-th image out of a ZIP (md5hashes.csv still lists it)
 * @param badMd5     write a wrong MD5 for the n-th image in md5hashes.csv
 * @param rate       throttle the body to this many bytes per second (0: unthrottled)
 */
public record Fault(long latencyMs, int status, int retryAfter, long dropAfter, int flip, int missing, int badMd5, long rate) {

    public static final Fault NONE = new Fault(0, 0, -1, -1, 0, 0, 0, 0);

    public boolean isNone() {
        return this.equals(NONE);
    }

    public static Fault parse(String spec) {
        Map<String, String> kv = pairs(spec);
        Fault f = NONE;
        for (Map.Entry<String, String> e : kv.entrySet()) {
            f = f.with(e.getKey(), e.getValue());
        }
        return f;
    }

    static Map<String, String> pairs(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (spec == null) {
            return m;
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String k = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? "1" : p.substring(eq + 1).trim();
            m.put(k, v);
        }
        return m;
    }

    Fault with(String key, String value) {
        try {
            return switch (key) {
                case "latency" -> new Fault(millis(value), status, retryAfter, dropAfter, flip, missing, badMd5, rate);
                case "status" -> new Fault(latencyMs, Integer.parseInt(value), retryAfter, dropAfter, flip, missing, badMd5, rate);
                case "retryafter", "retry-after" -> new Fault(latencyMs, status, Integer.parseInt(value), dropAfter, flip, missing, badMd5, rate);
                case "drop" -> new Fault(latencyMs, status, retryAfter, Long.parseLong(value), flip, missing, badMd5, rate);
                case "flip" -> new Fault(latencyMs, status, retryAfter, dropAfter, Integer.parseInt(value), missing, badMd5, rate);
                case "missing" -> new Fault(latencyMs, status, retryAfter, dropAfter, flip, Integer.parseInt(value), badMd5, rate);
                case "badmd5" -> new Fault(latencyMs, status, retryAfter, dropAfter, flip, missing, Integer.parseInt(value), rate);
                case "rate" -> new Fault(latencyMs, status, retryAfter, dropAfter, flip, missing, badMd5, Long.parseLong(value));
                default -> throw new IllegalArgumentException("unknown fault '" + key + "'");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault '" + key + "' needs a number, got '" + value + "'");
        }
    }

    /** Combines two fault sets: values of {@code o} win where set. */
    public Fault merge(Fault o) {
        if (o == null || o.isNone()) {
            return this;
        }
        return new Fault(o.latencyMs > 0 ? o.latencyMs : latencyMs, o.status > 0 ? o.status : status,
                o.retryAfter >= 0 ? o.retryAfter : retryAfter, o.dropAfter >= 0 ? o.dropAfter : dropAfter,
                o.flip > 0 ? o.flip : flip, o.missing > 0 ? o.missing : missing, o.badMd5 > 0 ? o.badMd5 : badMd5,
                o.rate > 0 ? o.rate : rate);
    }

    private static long millis(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.endsWith("ms")) {
            return Long.parseLong(s.substring(0, s.length() - 2));
        }
        if (s.endsWith("s")) {
            return Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
        }
        return Long.parseLong(s);
    }
}
