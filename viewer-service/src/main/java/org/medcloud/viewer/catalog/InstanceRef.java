package org.medcloud.viewer.catalog;

/** Where one instance lies in which stored ZIP, plus what the viewer needs without reading it. */
public record InstanceRef(String studyUid, String seriesUid, String sopUid, int position, String sopClassUid,
                          Integer instanceNumber, String transferSyntax, Integer rows, Integer columns,
                          Integer frames, String zipKey, String zipMd5, long dataOffset, long compressedSize,
                          Long uncompressedSize, int method, String modality) {

    public int frameCount() {
        return frames == null || frames < 1 ? 1 : frames;
    }
}
