package org.medcloud.dev.nbia.index;

import java.util.List;

/**
 * One series of the index, with the header values NBIA reports. Dates are DICOM DA strings
 * (yyyyMMdd) or null; release dates come from the collection's collection.properties.
 */
public record SeriesRecord(
        String collection, String seriesInstanceUid, String studyInstanceUid, String patientId, String patientName,
        String patientSex, String patientAge, String modality, String protocolName, String seriesDate,
        String seriesDescription, String bodyPartExamined, String seriesNumber, String manufacturer,
        String manufacturerModelName, String softwareVersions, String studyDate, String studyDescription,
        String studyId, String pixelSpacingRow, String sliceThickness, CollectionInfo info, List<Instance> instances) {

    public long fileSize() {
        long s = 0;
        for (Instance i : instances) {
            s += i.size();
        }
        return s;
    }

    public int imageCount() {
        return instances.size();
    }
}
