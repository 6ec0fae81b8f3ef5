package org.medcloud.common.dicom;

import java.util.regex.Pattern;
import org.medcloud.common.problem.ApiException;

/**
 * The one DICOM UID validator. UIDs reach URLs, storage keys and SQL, so every one that comes
 * from outside passes here first (PS3.5 §9.1: digits and dots, no empty or leading-zero
 * components other than "0", at most 64 characters).
 */
public final class DicomUids {

    public static final int MAX_LENGTH = 64;
    private static final Pattern UID = Pattern.compile("^(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*$");
    /** The same grammar without the leading-zero rule: some archives (TCIA among them) hold such UIDs. */
    private static final Pattern LENIENT = Pattern.compile("^[0-9]+(\\.[0-9]+)*$");

    private DicomUids() {
    }

    public static boolean isValid(String uid) {
        return uid != null && uid.length() <= MAX_LENGTH && LENIENT.matcher(uid).matches();
    }

    public static boolean isStrictlyValid(String uid) {
        return uid != null && uid.length() <= MAX_LENGTH && UID.matcher(uid).matches();
    }

    /** Returns the trimmed UID or throws a 400 naming {@code field}. */
    public static String require(String field, String uid) {
        if (uid == null || uid.isBlank()) {
            throw ApiException.badRequest(field, "'" + field + "' is required and must be a DICOM UID.");
        }
        String t = uid.trim();
        if (t.length() > MAX_LENGTH) {
            throw ApiException.badRequest(field, "'" + field + "' is longer than 64 characters, so it is not a DICOM UID.");
        }
        if (!LENIENT.matcher(t).matches()) {
            throw ApiException.badRequest(field, "'" + field + "' must be a DICOM UID: digits separated by dots, e.g. 1.2.840.10008.1.2.");
        }
        return t;
    }

    /** Like {@link #require} but null/blank is allowed and returns null. */
    public static String optional(String field, String uid) {
        return uid == null || uid.isBlank() ? null : require(field, uid);
    }
}
