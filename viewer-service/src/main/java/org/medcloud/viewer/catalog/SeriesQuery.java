package org.medcloud.viewer.catalog;

import java.util.ArrayList;
import java.util.List;

/** A WHERE clause over the {@code series} table built from validated filters (values always bound). */
public final class SeriesQuery {

    final StringBuilder where = new StringBuilder(" WHERE 1=1");
    final List<Object> params = new ArrayList<>();

    public SeriesQuery equalsAny(String column, List<String> values) {
        if (values == null || values.isEmpty()) {
            return this;
        }
        where.append(" AND s.").append(column).append(" IN (");
        for (int i = 0; i < values.size(); i++) {
            where.append(i == 0 ? "?" : ",?");
            params.add(values.get(i));
        }
        where.append(')');
        return this;
    }

    public SeriesQuery equalsIgnoreCase(String column, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" AND lower(s.").append(column).append(") = lower(?)");
            params.add(value);
        }
        return this;
    }

    /** DICOM wildcard matching ('*' any run, '?' one character); exact when there is no wildcard. */
    public SeriesQuery wildcard(String column, String value, boolean ignoreCase) {
        if (value == null || value.isEmpty() || value.equals("*")) {
            return this;
        }
        if (value.indexOf('*') < 0 && value.indexOf('?') < 0) {
            where.append(ignoreCase ? " AND lower(s." + column + ") = lower(?)" : " AND s." + column + " = ?");
            params.add(value);
            return this;
        }
        StringBuilder like = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        where.append(" AND s.").append(column).append(ignoreCase ? " ILIKE ?" : " LIKE ?");
        params.add(like.toString());
        return this;
    }

    /** DICOM date matching: {@code d}, {@code d1-d2}, {@code -d2}, {@code d1-} (YYYYMMDD, compared as text). */
    public SeriesQuery dateRange(String column, String value) {
        if (value == null || value.isBlank()) {
            return this;
        }
        int dash = value.indexOf('-');
        if (dash < 0) {
            where.append(" AND s.").append(column).append(" = ?");
            params.add(value);
        } else {
            String from = value.substring(0, dash);
            String to = value.substring(dash + 1);
            if (!from.isEmpty()) {
                where.append(" AND s.").append(column).append(" >= ?");
                params.add(from);
            }
            if (!to.isEmpty()) {
                where.append(" AND s.").append(column).append(" <= ?");
                params.add(to);
            }
        }
        return this;
    }

    public SeriesQuery integer(String column, Integer value) {
        if (value != null) {
            where.append(" AND s.").append(column).append(" = ?");
            params.add(value);
        }
        return this;
    }

    /** Free text over descriptions, patient, collection and UIDs. */
    public SeriesQuery text(String q) {
        if (q != null && !q.isBlank()) {
            String like = "%" + q.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (s.series_description ILIKE ? OR s.study_description ILIKE ? OR s.patient_id ILIKE ?"
                    + " OR s.patient_name ILIKE ? OR s.collection ILIKE ? OR s.body_part ILIKE ? OR s.series_uid LIKE ?"
                    + " OR s.study_uid LIKE ?)");
            for (int i = 0; i < 8; i++) {
                params.add(like);
            }
        }
        return this;
    }

    /** Only series that have an instance with one of these SOP Instance UIDs / SOP Class UIDs. */
    public SeriesQuery withInstance(String column, List<String> values) {
        if (values == null || values.isEmpty()) {
            return this;
        }
        where.append(" AND EXISTS (SELECT 1 FROM instance i WHERE i.series_uid = s.series_uid AND i.")
                .append(column).append(" IN (");
        for (int i = 0; i < values.size(); i++) {
            where.append(i == 0 ? "?" : ",?");
            params.add(values.get(i));
        }
        where.append("))");
        return this;
    }

    /** Only series whose study has a series of one of these modalities (ModalitiesInStudy). */
    public SeriesQuery studyHasModality(List<String> modalities) {
        if (modalities == null || modalities.isEmpty()) {
            return this;
        }
        where.append(" AND EXISTS (SELECT 1 FROM series m WHERE m.study_uid = s.study_uid AND m.modality IN (");
        for (int i = 0; i < modalities.size(); i++) {
            where.append(i == 0 ? "?" : ",?");
            params.add(modalities.get(i));
        }
        where.append("))");
        return this;
    }
}
