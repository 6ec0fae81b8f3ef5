package org.medcloud.search.series;

import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.medcloud.common.problem.ApiException;
import org.medcloud.search.nbia.NbiaGateway;

/** Series search: NBIA getSeries with any of the seven filters (cached), then our own sorting and paging. */
@ApplicationScoped
public class SeriesService {

    public static final String DEFAULT_SORT = "collection,patientId,studyInstanceUid,seriesNumber";
    static final Map<String, Function<SeriesRow, Comparable<?>>> SORT_KEYS = new LinkedHashMap<>();

    static {
        SORT_KEYS.put("seriesInstanceUid", SeriesRow::seriesInstanceUid);
        SORT_KEYS.put("studyInstanceUid", SeriesRow::studyInstanceUid);
        SORT_KEYS.put("patientId", SeriesRow::patientId);
        SORT_KEYS.put("collection", SeriesRow::collection);
        SORT_KEYS.put("modality", SeriesRow::modality);
        SORT_KEYS.put("bodyPart", SeriesRow::bodyPart);
        SORT_KEYS.put("manufacturer", SeriesRow::manufacturer);
        SORT_KEYS.put("manufacturerModelName", SeriesRow::manufacturerModelName);
        SORT_KEYS.put("seriesDescription", SeriesRow::seriesDescription);
        SORT_KEYS.put("seriesNumber", r -> r.seriesNumber() == null ? null : r.seriesNumber().doubleValue());
        SORT_KEYS.put("seriesDate", SeriesRow::seriesDate);
        SORT_KEYS.put("studyDate", SeriesRow::studyDate);
        SORT_KEYS.put("imageCount", SeriesRow::imageCount);
        SORT_KEYS.put("fileSizeBytes", SeriesRow::fileSizeBytes);
    }

    @Inject
    NbiaGateway nbia;

    /** All series matching the filters (NBIA has no paging); cached per filter combination. */
    @CacheResult(cacheName = "nbia-series")
    public List<SeriesRow> search(Filters filters) {
        List<SeriesRow> rows = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, Object> r : nbia.list("getSeries", filters.nbiaQuery())) {
            SeriesRow row = SeriesRow.fromNbia(r);
            if (row.seriesInstanceUid() != null && seen.add(row.seriesInstanceUid())) {
                rows.add(row);
            }
        }
        return List.copyOf(rows);
    }

    public SeriesPage page(Filters filters, String sort, int page, int size) {
        if (filters.isEmpty()) {
            throw ApiException.badRequest("filters", "Choose at least one filter (collection, bodyPart, modality, manufacturer, "
                    + "manufacturerModelName, patientId or studyInstanceUid): an unfiltered search of all of TCIA is refused.");
        }
        Comparator<SeriesRow> cmp = comparator(sort == null || sort.isBlank() ? DEFAULT_SORT : sort);
        List<SeriesRow> all = search(filters);
        long bytes = 0;
        long images = 0;
        for (SeriesRow r : all) {
            bytes += r.fileSizeBytes() == null ? 0 : r.fileSizeBytes();
            images += r.imageCount() == null ? 0 : r.imageCount();
        }
        List<SeriesRow> sorted = new ArrayList<>(all);
        sorted.sort(cmp);
        int from = (int) Math.min((long) page * size, sorted.size());
        int to = Math.min(from + size, sorted.size());
        return new SeriesPage(all.size(), bytes, images, page, size, sort == null || sort.isBlank() ? DEFAULT_SORT : sort,
                List.copyOf(sorted.subList(from, to)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Comparator<SeriesRow> comparator(String sort) {
        Comparator<SeriesRow> cmp = null;
        for (String part : sort.split(",")) {
            String p = part.trim();
            boolean desc = p.startsWith("-");
            String key = desc || p.startsWith("+") ? p.substring(1) : p;
            Function<SeriesRow, Comparable<?>> f = SORT_KEYS.get(key);
            if (f == null) {
                throw ApiException.badRequest("sort", "Cannot sort by '" + key + "'. Use one or more of " + SORT_KEYS.keySet()
                        + ", comma-separated, '-' in front for descending.");
            }
            Comparator<Comparable> natural = (a, b) -> a instanceof String sa && b instanceof String sb
                    ? String.CASE_INSENSITIVE_ORDER.compare(sa, sb) : a.compareTo(b);
            Comparator<SeriesRow> c = Comparator.comparing(r -> (Comparable) f.apply(r),
                    Comparator.nullsLast(desc ? natural.reversed() : natural));
            cmp = cmp == null ? c : cmp.thenComparing(c);
        }
        return cmp.thenComparing(SeriesRow::seriesInstanceUid, Comparator.nullsLast(Comparator.naturalOrder()));
    }
}
