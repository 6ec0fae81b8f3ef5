package org.medcloud.download.index;

import org.medcloud.common.dicom.DicomUids;

/** Object keys of docs/storage-layout.md. */
public final class StorageKeys {

    private StorageKeys() {
    }

    /** Characters outside [A-Za-z0-9._-] become '_'; an empty value becomes "_". */
    public static String keySafe(String s) {
        if (s == null || s.isBlank()) {
            return "_";
        }
        String t = s.trim().replaceAll("[^A-Za-z0-9._-]", "_");
        // "." and ".." would be path navigation in some tools
        return t.equals(".") || t.equals("..") ? t.replace('.', '_') : t;
    }

    public static String zipKey(String collection, String patientId, String studyUid, String seriesUid) {
        return "tcia/" + keySafe(collection) + "/" + keySafe(patientId) + "/"
                + DicomUids.require("StudyInstanceUID", studyUid) + "/" + DicomUids.require("SeriesInstanceUID", seriesUid) + ".zip";
    }

    public static String indexKey(String zipKey) {
        return zipKey.substring(0, zipKey.length() - ".zip".length()) + ".index.json";
    }
}
