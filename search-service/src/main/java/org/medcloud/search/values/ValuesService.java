package org.medcloud.search.values;

import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.medcloud.search.nbia.NbiaGateway;
import org.medcloud.search.series.Filters;
import org.medcloud.search.series.SeriesRow;
import org.medcloud.search.series.SeriesService;

/**
 * Filter value lists. Uses NBIA's own value-list endpoint with the filters it supports
 * (getBodyPartValues: Collection, Modality; getModalityValues: Collection, BodyPartExamined;
 * getManufacturerValues: Collection, Modality, BodyPartExamined; getCollectionValues: none;
 * model names: getManufacturerTree). When other filters are chosen, the list is derived from the
 * (cached) getSeries result for those filters. Blanks and {} rows dropped, values trimmed,
 * de-duplicated case-insensitively (NBIA v4 compares filters case-insensitively) and sorted.
 */
@ApplicationScoped
public class ValuesService {

    public static final List<String> FIELDS = List.of("collection", "bodyPart", "modality", "manufacturer", "manufacturerModelName");

    record Native(String endpoint, String key, Set<String> supported) {
    }

    static final Map<String, Native> NATIVE = Map.of(
            "collection", new Native("getCollectionValues", "Collection", Set.of()),
            "bodyPart", new Native("getBodyPartValues", "BodyPartExamined", Set.of("collection", "modality")),
            "modality", new Native("getModalityValues", "Modality", Set.of("collection", "bodyPart")),
            "manufacturer", new Native("getManufacturerValues", "Manufacturer", Set.of("collection", "modality", "bodyPart")));

    static final Map<String, Function<SeriesRow, String>> FROM_ROW = Map.of(
            "collection", SeriesRow::collection, "bodyPart", SeriesRow::bodyPart, "modality", SeriesRow::modality,
            "manufacturer", SeriesRow::manufacturer, "manufacturerModelName", SeriesRow::manufacturerModelName);

    @Inject
    NbiaGateway nbia;

    @Inject
    SeriesService series;

    @CacheResult(cacheName = "nbia-values")
    public List<String> values(String field, Filters narrowing) {
        Filters f = narrowing.without(field);
        Native n = NATIVE.get(field);
        if (n != null && n.supported().containsAll(f.asMap().keySet())) {
            List<String> raw = new ArrayList<>();
            for (Map<String, Object> row : nbia.list(n.endpoint(), f.nbiaQuery())) {
                Object v = row.get(n.key());
                raw.add(v == null ? null : v.toString());
            }
            return normalize(raw);
        }
        if (field.equals("manufacturerModelName") && f.isEmpty()) {
            return normalize(modelNames(nbia.object("getManufacturerTree")));
        }
        List<String> raw = new ArrayList<>();
        Function<SeriesRow, String> getter = FROM_ROW.get(field);
        for (SeriesRow r : series.search(f)) {
            raw.add(getter.apply(r));
        }
        return normalize(raw);
    }

    /** Model names from NBIA's manufacturer tree (root -> Manufacturer -> Model -> Software Ver.). */
    @SuppressWarnings("unchecked")
    static List<String> modelNames(Object node) {
        List<String> out = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            Object data = m.get("data");
            if (data instanceof Map<?, ?> d && "Model".equals(d.get("criteria")) && d.get("value") != null) {
                out.add(d.get("value").toString());
            }
            Object children = m.get("children");
            if (children instanceof Collection<?> c) {
                for (Object child : c) {
                    out.addAll(modelNames(child));
                }
            }
        }
        return out;
    }

    static List<String> normalize(Collection<String> raw) {
        TreeMap<String, String> byKey = new TreeMap<>();
        for (String v : raw) {
            if (v == null || v.isBlank()) {
                continue;
            }
            String t = v.trim();
            byKey.merge(t.toUpperCase(java.util.Locale.ROOT), t, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        List<String> out = new ArrayList<>(byKey.values());
        out.sort(String.CASE_INSENSITIVE_ORDER.thenComparing(Function.identity()));
        return List.copyOf(out);
    }
}
