package org.medcloud.search.series;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;

/** Query-parameter validation shared by the search resources: every failure is a 400 naming the parameter. */
public final class Params {

    public static final int MAX_TEXT = 64;
    /** Letters, digits, blanks and the punctuation seen in TCIA values (e.g. "LightSpeed QX/i", "\"GE Healthcare\""). */
    private static final Pattern TEXT = Pattern.compile("^[\\p{L}\\p{N} _.,:;()/&+'\"#^*\\[\\]-]+$");

    private Params() {
    }

    public static void rejectUnknown(UriInfo uri, Set<String> allowed) {
        for (String name : uri.getQueryParameters().keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(name, "Unknown query parameter '" + name + "'. Allowed: " + new TreeSet<>(allowed) + ".");
            }
        }
    }

    static String single(MultivaluedMap<String, String> q, String name) {
        List<String> v = q.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw ApiException.badRequest(name, "'" + name + "' may be given once.");
        }
        return v.get(0);
    }

    /** A free-text filter: trimmed, at most 64 characters, letters/digits/blanks/common punctuation; blank = absent. */
    public static String text(MultivaluedMap<String, String> q, String name) {
        String v = single(q, name);
        if (v == null || v.isBlank()) {
            return null;
        }
        String t = v.trim();
        if (t.length() > MAX_TEXT) {
            throw ApiException.badRequest(name, "'" + name + "' is longer than " + MAX_TEXT + " characters.");
        }
        if (!TEXT.matcher(t).matches()) {
            throw ApiException.badRequest(name, "'" + name + "' contains characters that are not allowed "
                    + "(letters, digits, blanks and . , : ; ( ) / & + ' \" # ^ * [ ] - _ are).");
        }
        return t;
    }

    public static int integer(MultivaluedMap<String, String> q, String name, int def, int min, int max) {
        String v = single(q, name);
        if (v == null || v.isBlank()) {
            return def;
        }
        int i;
        try {
            i = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "'" + name + "' must be a whole number.");
        }
        if (i < min || i > max) {
            throw ApiException.badRequest(name, "'" + name + "' must be between " + min + " and " + max + ".");
        }
        return i;
    }

    /** The seven filters from the query, validated. */
    public static Filters filters(MultivaluedMap<String, String> q) {
        String study = single(q, "studyInstanceUid");
        return new Filters(text(q, "collection"), text(q, "bodyPart"), text(q, "modality"), text(q, "manufacturer"),
                text(q, "manufacturerModelName"), text(q, "patientId"), DicomUids.optional("studyInstanceUid", study));
    }
}
