package org.medcloud.search.manifest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;
import org.medcloud.search.nbia.NbiaConfig;
import org.medcloud.search.nbia.NbiaGateway;
import org.medcloud.search.series.SeriesRow;

/** TCIA .tcia manifests: export a list of series UIDs, and parse one back into UIDs plus their rows. */
@ApplicationScoped
public class ManifestService {

    public static final int MAX_SERIES = 10_000;

    @Inject
    NbiaGateway nbia;

    @Inject
    NbiaConfig config;

    public String write(List<String> uids, long now) {
        StringBuilder sb = new StringBuilder();
        sb.append("downloadServerUrl=").append(config.manifestDownloadServerUrl()).append('\n');
        sb.append("includeAnnotation=false\n");
        sb.append("noOfrRetry=4\n");
        sb.append("databasketId=manifest-").append(now).append(".tcia\n");
        sb.append("manifestVersion=3.0\n");
        sb.append("ListOfSeriesToDownload=\n");
        for (String u : uids) {
            sb.append(u).append('\n');
        }
        return sb.toString();
    }

    /** Validated, de-duplicated UIDs from a JSON list; the field is named by index. */
    public List<String> validate(List<String> raw, String field) {
        if (raw == null || raw.isEmpty()) {
            throw ApiException.badRequest(field, "Give at least one series UID.");
        }
        if (raw.size() > MAX_SERIES) {
            throw ApiException.badRequest(field, "At most " + MAX_SERIES + " series per manifest.");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            out.add(DicomUids.require(field + "[" + i + "]", raw.get(i)));
        }
        return List.copyOf(out);
    }

    /** The series UIDs of a .tcia manifest: every non-blank line without '=' (header lines have one). */
    public List<String> parse(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("manifest", "The manifest is empty.");
        }
        Set<String> out = new LinkedHashSet<>();
        String[] lines = text.split("\r?\n|\r");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.isEmpty() || l.contains("=") || l.startsWith("#")) {
                continue;
            }
            if (!DicomUids.isValid(l)) {
                throw ApiException.badRequest("manifest", "Line " + (i + 1) + " is neither a header line nor a DICOM UID: '"
                        + (l.length() > 80 ? l.substring(0, 80) + "…" : l) + "'.");
            }
            out.add(l);
            if (out.size() > MAX_SERIES) {
                throw ApiException.badRequest("manifest", "At most " + MAX_SERIES + " series per manifest.");
            }
        }
        if (out.isEmpty()) {
            throw ApiException.badRequest("manifest", "The manifest lists no series UIDs.");
        }
        return List.copyOf(out);
    }

    /** Rows for the UIDs, in the order given: v4 getSeriesMetadata in batches, else getSeries per UID. */
    public Map<String, SeriesRow> rows(List<String> uids) {
        Map<String, SeriesRow> found = new LinkedHashMap<>();
        if ("v4".equals(nbia.version())) {
            for (List<String> batch : NbiaGateway.batches(uids, 500)) {
                for (Map<String, Object> r : nbia.seriesMetadata(batch)) {
                    SeriesRow row = SeriesRow.fromNbia(r);
                    if (row.seriesInstanceUid() != null) {
                        found.put(row.seriesInstanceUid(), row);
                    }
                }
            }
        } else {
            for (String u : uids) {
                for (Map<String, Object> r : nbia.list("getSeries", Map.of("SeriesInstanceUID", u))) {
                    found.put(u, SeriesRow.fromNbia(r));
                }
            }
        }
        Map<String, SeriesRow> ordered = new LinkedHashMap<>();
        for (String u : uids) {
            if (found.containsKey(u)) {
                ordered.put(u, found.get(u));
            }
        }
        return ordered;
    }

    public static List<String> missing(List<String> uids, Map<String, SeriesRow> rows) {
        List<String> m = new ArrayList<>();
        for (String u : uids) {
            if (!rows.containsKey(u)) {
                m.add(u);
            }
        }
        return m;
    }
}
