package org.medcloud.search.series;

import java.math.BigDecimal;
import java.util.Map;

/** One series as the UI sees it (camelCase), mapped from NBIA's v4 or v1/v2 getSeries rows or v4 getSeriesMetadata. */
public record SeriesRow(String seriesInstanceUid, String studyInstanceUid, String patientId, String collection,
        String modality, String bodyPart, String manufacturer, String manufacturerModelName, String seriesDescription,
        Number seriesNumber, String seriesDate, Integer imageCount, Long fileSizeBytes, String licenseName,
        String licenseUri, String studyDescription, String studyDate, String dataDescriptionUri) {

    public static SeriesRow fromNbia(Map<String, Object> r) {
        return new SeriesRow(str(r, "SeriesInstanceUID"), str(r, "StudyInstanceUID"), str(r, "PatientID"),
                str(r, "Collection"), str(r, "Modality"), str(r, "BodyPartExamined"), str(r, "Manufacturer"),
                str(r, "ManufacturerModelName"), str(r, "SeriesDescription"), number(r.get("SeriesNumber")),
                date(str(r, "SeriesDate")), integer(r.get("ImageCount")), longValue(r.get("FileSize")),
                str(r, "LicenseName"), str(r, "LicenseURI"), str(r, "StudyDesc"), date(str(r, "StudyDate")),
                str(r, "DataDescriptionURI") != null ? str(r, "DataDescriptionURI") : str(r, "CollectionURI"));
    }

    static String str(Map<String, Object> r, String k) {
        Object v = r.get(k);
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    /** v4 MM-dd-yyyy or v1/v2 yyyy-MM-dd HH:mm:ss.0 -> ISO yyyy-MM-dd. */
    static String date(String s) {
        if (s == null) {
            return null;
        }
        if (s.matches("\\d{2}-\\d{2}-\\d{4}")) {
            return s.substring(6) + "-" + s.substring(0, 2) + "-" + s.substring(3, 5);
        }
        if (s.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
            return s.substring(0, 10);
        }
        return s;
    }

    static Number number(Object v) {
        if (v == null) {
            return null;
        }
        try {
            BigDecimal b = new BigDecimal(v.toString().trim());
            if (b.stripTrailingZeros().scale() <= 0) {
                return b.longValueExact();
            }
            return b.doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    static Integer integer(Object v) {
        Number n = number(v);
        return n == null ? null : n.intValue();
    }

    static Long longValue(Object v) {
        Number n = number(v);
        return n == null ? null : n.longValue();
    }
}
