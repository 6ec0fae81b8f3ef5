package org.medcloud.securitytests;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * Sends the sweep's requests and keeps the score: per service and check, how many requests were
 * checked and how many answered wrongly, and for each wrong answer the operation, the input, the
 * status and what the service logged meanwhile.
 */
final class Sweep {

    record Finding(String service, String check, String operation, String input, String got, String expected, String log) {
        @Override
        public String toString() {
            return String.format("[%s] %s %s%n    input: %s%n    got %s, expected %s%s", service, check, operation, input, got, expected,
                    log.isEmpty() ? "" : "\n    log: " + log.replace("\n", "\n         "));
        }
    }

    static final class Tally {
        int checked;
        int failed;
    }

    static final int TIMEOUT_MILLIS = 30_000;

    private final Map<String, RawHttp> http = new LinkedHashMap<>();
    private final Map<String, Path> logs = new LinkedHashMap<>();
    final Map<String, Map<String, Tally>> tallies = new TreeMap<>();
    final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
    /** 4xx answers that are not application/problem+json, per service (informational). */
    final Map<String, Integer> nonProblem4xx = new TreeMap<>();

    void service(String name, String baseUrl, Path log) {
        http.put(name, new RawHttp(baseUrl, TIMEOUT_MILLIS));
        logs.put(name, log);
    }

    RawHttp.Response call(String service, String method, String target, Map<String, String> headers, Hostile.Body body) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (body != null && body.contentType() != null) {
            h.put("Content-Type", body.contentType());
        }
        try {
            return http.get(service).send(method, target, h, body == null ? null : body.bytes());
        } catch (IOException e) {
            return new RawHttp.Response(-1, Map.of(), "(" + e + ")", 0);
        }
    }

    /**
     * Sends one request and scores it under {@code check}: {@code ok} decides on the status; a
     * stack trace in the body is wrong whatever the status.
     */
    RawHttp.Response expect(String service, String check, ApiOperation op, String input, String method, String target,
                            Map<String, String> headers, Hostile.Body body, IntPredicate ok, String expected) {
        long logOffset = logSize(service);
        RawHttp.Response r = call(service, method, target, headers, body);
        boolean good = ok.test(r.status());
        String leak = leak(r.bodyStart());
        Tally t = tally(service, check);
        synchronized (t) {
            t.checked++;
            if (!good || leak != null) {
                t.failed++;
            }
        }
        if (r.status() >= 400 && r.status() < 500 && r.status() != 401 && r.status() != 405 && r.status() != 404 && !r.bodyStart().isEmpty()
                && !r.header("content-type").startsWith("application/problem+json")) {
            synchronized (nonProblem4xx) {
                nonProblem4xx.merge(service + " " + r.status() + " " + (op == null ? "" : op.key()), 1, Integer::sum);
            }
        }
        if (!good || leak != null) {
            String got = r.status() == -1 ? "no response " + r.bodyStart() : r.status() == -2 ? "timeout" : String.valueOf(r.status());
            if (leak != null) {
                got += " with a stack trace in the body (" + leak + ")";
            }
            findings.add(new Finding(service, check, op == null ? method + " " + target : op.key(), shorten(input + " → " + method + " " + target),
                    got + (r.bodyStart().isEmpty() ? "" : " " + shorten(r.bodyStart().replaceAll("\\s+", " "), 200)), expected,
                    logExcerpt(service, logOffset)));
        }
        return r;
    }

    Tally tally(String service, String check) {
        synchronized (tallies) {
            return tallies.computeIfAbsent(service, s -> new LinkedHashMap<>()).computeIfAbsent(check, c -> new Tally());
        }
    }

    private static String leak(String body) {
        if (body.contains("\tat ") || body.matches("(?s).*\\bat [a-z]+\\.[a-zA-Z0-9_.$]+\\([A-Za-z0-9_]+\\.java:\\d+\\).*")) {
            return "java frames";
        }
        if (body.contains("Exception:") && body.contains("java.")) {
            return "exception class";
        }
        return null;
    }

    private long logSize(String service) {
        Path log = logs.get(service);
        try {
            return log == null ? 0 : Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The ERROR/WARN lines (and their first causes) the service logged since {@code from}. */
    String logExcerpt(String service, long from) {
        Path log = logs.get(service);
        if (log == null) {
            return "";
        }
        try {
            Thread.sleep(150);   // let the log line land
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (len <= from) {
                return "";
            }
            byte[] b = new byte[(int) Math.min(len - from, 256 * 1024)];
            f.seek(from);
            f.readFully(b);
            List<String> lines = new String(b, StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("ERROR") || l.contains("WARN") || l.startsWith("Caused by") || l.contains("Exception"))
                    .filter(l -> !l.startsWith("\tat "))
                    .limit(6)
                    .map(l -> shorten(l, 400))
                    .collect(Collectors.toList());
            return String.join("\n", lines);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static String shorten(String s) {
        return shorten(s, 240);
    }

    static String shorten(String s, int max) {
        String printable = s.chars().mapToObj(c -> c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : String.valueOf((char) c))
                .collect(Collectors.joining());
        return printable.length() <= max ? printable : printable.substring(0, max) + "…(" + s.length() + " chars)";
    }

    /** The compact table: one row per service, one column per check, {@code checked/failed}. */
    String table(List<String> checks) {
        StringBuilder sb = new StringBuilder();
        int w = 18;
        sb.append(String.format("%-18s", "service"));
        for (String c : checks) {
            sb.append(String.format(" | %" + w + "s", c));
        }
        sb.append('\n').append("-".repeat(18 + checks.size() * (w + 3))).append('\n');
        Map<String, int[]> total = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Tally>> s : tallies.entrySet()) {
            sb.append(String.format("%-18s", s.getKey()));
            for (String c : checks) {
                Tally t = s.getValue().get(c);
                int[] tt = total.computeIfAbsent(c, k -> new int[2]);
                if (t == null) {
                    sb.append(String.format(" | %" + w + "s", "-"));
                } else {
                    tt[0] += t.checked;
                    tt[1] += t.failed;
                    sb.append(String.format(" | %" + w + "s", cell(t.checked, t.failed)));
                }
            }
            sb.append('\n');
        }
        sb.append(String.format("%-18s", "all"));
        for (String c : checks) {
            int[] tt = total.getOrDefault(c, new int[2]);
            sb.append(String.format(" | %" + w + "s", cell(tt[0], tt[1])));
        }
        sb.append('\n');
        return sb.toString();
    }

    private static String cell(int checked, int failed) {
        return failed == 0 ? checked + " ok" : checked + " / " + failed + " WRONG";
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
