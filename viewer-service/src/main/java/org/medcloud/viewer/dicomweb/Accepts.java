package org.medcloud.viewer.dicomweb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medcloud.common.problem.ApiException;
import org.medcloud.common.problem.Problem;

/** Accept-header negotiation for WADO-RS retrieve (PS3.18 8.7). */
final class Accepts {

    /** One media range of an Accept header. */
    record Range(String type, String partType, String transferSyntax) {
    }

    private Accepts() {
    }

    static List<Range> parse(String accept) {
        List<Range> out = new ArrayList<>();
        if (accept == null || accept.isBlank()) {
            return out;
        }
        for (String entry : accept.split(",")) {
            String[] parts = entry.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            String partType = null;
            String ts = null;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = p.substring(eq + 1).trim().replace("\"", "");
                if (name.equals("type")) {
                    partType = value.toLowerCase(Locale.ROOT);
                } else if (name.equals("transfer-syntax")) {
                    ts = value;
                }
            }
            out.add(new Range(type, partType, ts));
        }
        return out;
    }

    /**
     * Checks that the client accepts multipart/related with parts of {@code partType} and returns the
     * transfer syntax it asks for ({@code null} or {@code *} for any), or 406.
     */
    static String requireMultipart(String accept, String partType) {
        List<Range> ranges = parse(accept);
        if (ranges.isEmpty()) {
            return null;
        }
        for (Range r : ranges) {
            if (r.type().equals("*/*") || r.type().equals("multipart/*")) {
                return null;
            }
            if (r.type().equals("multipart/related")
                    && (r.partType() == null || r.partType().equals(partType) || r.partType().equals("*/*"))) {
                return r.transferSyntax();
            }
            if (r.type().equals(partType)) {
                return r.transferSyntax();
            }
        }
        throw notAcceptable("this resource is multipart/related; type=\"" + partType + "\"; Accept was " + accept);
    }

    static ApiException notAcceptable(String detail) {
        return new ApiException(Problem.of(406, "not-acceptable", "Not acceptable", detail, "Accept"));
    }

    /** 406 unless {@code requested} is absent, '*' or the stored syntax. */
    static void checkTransferSyntax(String requested, String stored) {
        if (requested == null || requested.equals("*") || requested.equals(stored)) {
            return;
        }
        throw notAcceptable("the instance is stored as " + stored + " and is served only in that transfer syntax"
                + " (ask with transfer-syntax=* or " + stored + "); requested " + requested);
    }
}
