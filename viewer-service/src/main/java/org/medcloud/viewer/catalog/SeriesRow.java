package org.medcloud.viewer.catalog;

/** One catalogue row: a registered series. */
public record SeriesRow(String seriesUid, String studyUid, String patientId, String patientName, String collection,
                        String modality, String bodyPart, String manufacturer, String manufacturerModel,
                        String seriesDescription, Integer seriesNumber, String studyDate, String studyDescription,
                        String indexKey, String zipKey, Long zipSize, String zipMd5, int instanceCount,
                        String storedAt, String registeredAt) {
}
