package org.medcloud.viewer.render;

import org.medcloud.common.problem.ApiException;

/** Query parameters parsed here (not by JAX-RS, which answers 404 for a malformed number) so a 400 names the field. */
public final class Params {

    private Params() {
    }

    public static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field, "'" + value + "' is not an integer");
        }
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
            throw ApiException.badRequest(field, "'" + value + "' is not a number");
        }
    }
}
