package org.medcloud.search.series;

import java.util.LinkedHashMap;
import java.util.Map;

/** The seven NBIA getSeries filters; null = unconstrained. A record, so it is also the cache key. */
public record Filters(String collection, String bodyPart, String modality, String manufacturer,
        String manufacturerModelName, String patientId, String studyInstanceUid) {

    public static final Map<String, String> NBIA_NAMES = new LinkedHashMap<>();

    static {
        NBIA_NAMES.put("collection", "Collection");
        NBIA_NAMES.put("bodyPart", "BodyPartExamined");
        NBIA_NAMES.put("modality", "Modality");
        NBIA_NAMES.put("manufacturer", "Manufacturer");
        NBIA_NAMES.put("manufacturerModelName", "ManufacturerModelName");
        NBIA_NAMES.put("patientId", "PatientID");
        NBIA_NAMES.put("studyInstanceUid", "StudyInstanceUID");
    }

    public static Filters of(Map<String, String> m) {
        return new Filters(m.get("collection"), m.get("bodyPart"), m.get("modality"), m.get("manufacturer"),
                m.get("manufacturerModelName"), m.get("patientId"), m.get("studyInstanceUid"));
    }

    /** Our names -> values, nulls left out. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "collection", collection);
        put(m, "bodyPart", bodyPart);
        put(m, "modality", modality);
        put(m, "manufacturer", manufacturer);
        put(m, "manufacturerModelName", manufacturerModelName);
        put(m, "patientId", patientId);
        put(m, "studyInstanceUid", studyInstanceUid);
        return m;
    }

    /** NBIA parameter names -> values. */
    public Map<String, String> nbiaQuery() {
        Map<String, String> q = new LinkedHashMap<>();
        asMap().forEach((k, v) -> q.put(NBIA_NAMES.get(k), v));
        return q;
    }

    public boolean isEmpty() {
        return asMap().isEmpty();
    }

    /** The same filters without one field (a value list is narrowed by the others only). */
    public Filters without(String field) {
        Map<String, String> m = asMap();
        m.remove(field);
        return of(m);
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
