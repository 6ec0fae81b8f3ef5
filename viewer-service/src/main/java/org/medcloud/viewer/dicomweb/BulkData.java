package org.medcloud.viewer.dicomweb;

import java.util.ArrayList;
import java.util.List;
import org.medcloud.common.problem.ApiException;

/**
 * Bulk data paths in URIs: tags as 8 hex digits and item indexes as decimals, joined by '.'
 * ({@code 7FE00010}, {@code 00540016.0.00181072}).
 */
public final class BulkData {

    private BulkData() {
    }

    public static String encodePath(int[] path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            if (i % 2 == 0) {
                sb.append(String.format("%08X", path[i]));
            } else {
                sb.append(path[i]);
            }
        }
        return sb.toString();
    }

    public static int[] decodePath(String s) {
        String[] parts = s.split("\\.");
        if (parts.length % 2 == 0 || parts.length > 15) {
            throw ApiException.badRequest("path", "bulk data path '" + s + "' is not tag(.item.tag)*");
        }
        List<Integer> out = new ArrayList<>();
        try {
            for (int i = 0; i < parts.length; i++) {
                if (i % 2 == 0) {
                    if (!parts[i].matches("[0-9A-Fa-f]{8}")) {
                        throw new NumberFormatException();
                    }
                    out.add((int) Long.parseLong(parts[i], 16));
                } else {
                    out.add(Integer.parseInt(parts[i]));
                }
            }
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("path", "bulk data path '" + s + "' is not tag(.item.tag)*");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
