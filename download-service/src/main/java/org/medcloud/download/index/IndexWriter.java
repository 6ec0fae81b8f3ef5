package org.medcloud.download.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the index JSON (schema version 1, docs/storage-layout.md). */
public final class IndexWriter {

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private IndexWriter() {
    }

    /** Display order: along the slice normal (DICOM geometry), then instance number, then entry name. */
    public static List<InstanceCollector.Instance> sorted(List<InstanceCollector.Instance> in) {
        double[] normal = null;
        for (InstanceCollector.Instance i : in) {
            if (i.orientation != null) {
                double[] r = {i.orientation[0], i.orientation[1], i.orientation[2]};
                double[] c = {i.orientation[3], i.orientation[4], i.orientation[5]};
                normal = new double[] {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
                break;
            }
        }
        final double[] n = normal;
        Comparator<InstanceCollector.Instance> byPosition = Comparator.comparingDouble(i ->
                n == null || i.position == null ? Double.NaN : i.position[0] * n[0] + i.position[1] * n[1] + i.position[2] * n[2]);
        boolean allHavePosition = n != null && in.stream().allMatch(i -> i.position != null);
        Comparator<InstanceCollector.Instance> byNumber = Comparator.comparing(i -> i.instanceNumber,
                Comparator.nullsLast(Comparator.naturalOrder()));
        Comparator<InstanceCollector.Instance> order = allHavePosition ? byPosition.thenComparing(byNumber) : byNumber;
        order = order.thenComparing(i -> i.zip.name());
        List<InstanceCollector.Instance> out = new ArrayList<>(in);
        out.sort(order);
        return out;
    }

    public static byte[] build(String seriesUid, String studyUid, String patientId, String collection,
                               Map<String, Object> nbiaSeriesFields, Map<String, Object> headerSeriesFields,
                               String zipKey, long zipSize, String zipMd5, Instant storedAt,
                               List<InstanceCollector.Instance> instances) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaVersion", 1);
        root.put("seriesInstanceUid", seriesUid);
        root.put("studyInstanceUid", studyUid);
        root.put("patientId", patientId);
        root.put("collection", collection);
        for (String k : List.of("modality", "bodyPart", "manufacturer", "manufacturerModelName", "seriesDescription",
                "seriesNumber", "studyDate", "studyDescription", "patientName")) {
            Object v = headerSeriesFields.get(k);
            if (v == null) {
                v = nbiaSeriesFields.get(k);
            }
            if (v != null) {
                root.put(k, v);
            }
        }
        root.put("zipKey", zipKey);
        root.put("zipSize", zipSize);
        root.put("zipMd5", zipMd5);
        root.put("storedAt", storedAt.toString());
        List<Map<String, Object>> list = new ArrayList<>();
        for (InstanceCollector.Instance i : sorted(instances)) {
            list.add(i.fields);
        }
        root.put("instances", list);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
