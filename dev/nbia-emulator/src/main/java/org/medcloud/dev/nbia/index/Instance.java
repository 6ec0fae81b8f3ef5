package org.medcloud.dev.nbia.index;

import java.nio.file.Path;

/** One DICOM file of a series. */
public record Instance(Path path, String sopInstanceUid, String sopClassUid, Integer instanceNumber,
        Integer acquisitionNumber, long size) {
}
