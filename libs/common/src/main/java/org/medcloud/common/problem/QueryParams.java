package org.medcloud.common.problem;

/** Query parameters parsed here (not by JAX-RS, which answers 404 for a malformed number) so a 400 names the field. */
public final class QueryParams {

    private QueryParams() {
    }

    /**
     * A free-text filter value: at most {@code max} characters and no control characters (a NUL
     * cannot even reach PostgreSQL). Null stays null.
     */
    public static String text(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw ApiException.badRequest(field, "'" + field + "' is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw ApiException.badRequest(field, "'" + field + "' contains a control character");
            }
        }
        return value;
    }

    public static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field, "'" + field + "' must be a whole number");
        }
    }

    /** A whole number, or {@code fallback} when absent. */
    public static int integer(String field, String value, int fallback) {
        Integer v = integer(field, value);
        return v == null ? fallback : v;
    }

    /** A flag: absent (false), true or false; anything else is a 400 naming it. */
    public static boolean flag(String field, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw ApiException.badRequest(field, "'" + field + "' must be true or false");
    }

    public static Double decimal(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field, "'" + field + "' must be a number");
        }
    }
}
