package org.medcloud.dev.nbia.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Configured faults (NBIA_FAULTS or PUT /emulator/faults): rules separated by ';', each
 * {@code [endpoint:]fault-spec[,times=N][,p=0.5]}. The endpoint is an NBIA endpoint name
 * (case-insensitive) or '*' (all, the default). {@code times=N} applies the rule to the first N
 * matching requests only; {@code p} applies it with that probability.
 */
public final class FaultRules {

    record Rule(String endpoint, Fault fault, int times, double p, AtomicInteger used, String text) {
        boolean matches(String ep) {
            return endpoint.equals("*") || endpoint.equalsIgnoreCase(ep);
        }
    }

    private final List<Rule> rules;
    private final String text;

    private FaultRules(List<Rule> rules, String text) {
        this.rules = rules;
        this.text = text;
    }

    public static final FaultRules EMPTY = new FaultRules(List.of(), "");

    public static FaultRules parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return EMPTY;
        }
        List<Rule> rules = new ArrayList<>();
        for (String raw : spec.split(";")) {
            String r = raw.trim();
            if (r.isEmpty()) {
                continue;
            }
            String ep = "*";
            int colon = r.indexOf(':');
            if (colon > 0 && !r.substring(0, colon).contains("=")) {
                ep = r.substring(0, colon).trim();
                r = r.substring(colon + 1);
            }
            Map<String, String> kv = Fault.pairs(r);
            int times = kv.containsKey("times") ? Integer.parseInt(kv.remove("times")) : -1;
            double p = kv.containsKey("p") ? Double.parseDouble(kv.remove("p")) : 1.0;
            Fault f = Fault.NONE;
            for (Map.Entry<String, String> e : kv.entrySet()) {
                f = f.with(e.getKey(), e.getValue());
            }
            rules.add(new Rule(ep.toLowerCase(Locale.ROOT), f, times, p, new AtomicInteger(), raw.trim()));
        }
        return new FaultRules(List.copyOf(rules), spec.trim());
    }

    /** The faults of every rule that applies to this request (counting it against times=N). */
    public Fault forRequest(String endpoint) {
        Fault f = Fault.NONE;
        for (Rule r : rules) {
            if (!r.matches(endpoint)) {
                continue;
            }
            if (r.p < 1.0 && ThreadLocalRandom.current().nextDouble() >= r.p) {
                continue;
            }
            if (r.times >= 0 && r.used.incrementAndGet() > r.times) {
                continue;
            }
            f = f.merge(r.fault);
        }
        return f;
    }

    public String text() {
        return text;
    }
}
