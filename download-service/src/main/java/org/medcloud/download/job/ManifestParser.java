package org.medcloud.download.job;

import java.util.ArrayList;
import java.util.List;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;

/**
 * Reads the series UIDs out of a TCIA {@code .tcia} manifest: {@code key=value} header lines, then
 * {@code ListOfSeriesToDownload=} followed by one SeriesInstanceUID per line. A body of bare UID
 * lines (no header) is accepted too.
 */
public final class ManifestParser {

    private ManifestParser() {
    }

    public static List<String> seriesUids(String manifest) {
        if (manifest == null || manifest.isBlank()) {
            throw ApiException.badRequest("manifest", "The manifest is empty: expected a .tcia manifest with a "
                    + "'ListOfSeriesToDownload=' line followed by SeriesInstanceUIDs.");
        }
        String[] lines = manifest.replace("\r", "").split("\n");
        boolean hasList = false;
        for (String l : lines) {
            if (l.trim().startsWith("ListOfSeriesToDownload=")) {
                hasList = true;
                break;
            }
        }
        List<String> uids = new ArrayList<>();
        boolean inList = !hasList;
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String l = raw.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("ListOfSeriesToDownload=")) {
                inList = true;
                String rest = l.substring("ListOfSeriesToDownload=".length()).trim();
                if (!rest.isEmpty()) {
                    uids.add(DicomUids.require("manifest line " + lineNo, rest));
                }
                continue;
            }
            if (!inList) {
                continue; // header line such as downloadServerUrl=...
            }
            if (l.contains("=")) {
                if (hasList) {
                    throw ApiException.badRequest("manifest", "Line " + lineNo + " of the manifest ('" + abbreviate(l)
                            + "') is not a SeriesInstanceUID.");
                }
                continue;
            }
            uids.add(DicomUids.require("manifest line " + lineNo, l));
        }
        return uids;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
