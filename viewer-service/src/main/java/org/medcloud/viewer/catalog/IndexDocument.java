package org.medcloud.viewer.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The index JSON (schema version 1) the download service writes next to each ZIP (docs/storage-layout.md). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IndexDocument(Integer schemaVersion, String seriesInstanceUid, String studyInstanceUid,
                            String patientId, String collection, String modality, String bodyPart,
                            String manufacturer, String manufacturerModelName, String seriesDescription,
                            Integer seriesNumber, String studyDate, String studyDescription, String patientName,
                            String zipKey, Long zipSize, String zipMd5, String storedAt,
                            List<Instance> instances) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Instance(String sopInstanceUid, String sopClassUid, Integer instanceNumber, String entryName,
                           Long localHeaderOffset, Long dataOffset, Long compressedSize, Long uncompressedSize,
                           Integer method, Long crc32, String md5, String transferSyntaxUid,
                           Integer rows, Integer columns, Integer frames, Integer bitsAllocated,
                           String photometricInterpretation, double[] imagePositionPatient,
                           double[] imageOrientationPatient, double[] pixelSpacing, Double sliceThickness,
                           Double windowCenter, Double windowWidth, Double rescaleSlope, Double rescaleIntercept) {
    }
}
