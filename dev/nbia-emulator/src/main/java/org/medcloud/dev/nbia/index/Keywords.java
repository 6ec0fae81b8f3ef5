package org.medcloud.dev.nbia.index;

import java.util.LinkedHashMap;
import java.util.Map;

/** The header attributes the index reads: keyword -> tag. */
public final class Keywords {
    private Keywords() {
    }

    public static final Map<String, Integer> TAGS = new LinkedHashMap<>();

    static {
        TAGS.put("SOPClassUID", 0x00080016);
        TAGS.put("SOPInstanceUID", 0x00080018);
        TAGS.put("StudyDate", 0x00080020);
        TAGS.put("SeriesDate", 0x00080021);
        TAGS.put("Modality", 0x00080060);
        TAGS.put("Manufacturer", 0x00080070);
        TAGS.put("StudyDescription", 0x00081030);
        TAGS.put("SeriesDescription", 0x0008103E);
        TAGS.put("ManufacturerModelName", 0x00081090);
        TAGS.put("PatientName", 0x00100010);
        TAGS.put("PatientID", 0x00100020);
        TAGS.put("PatientSex", 0x00100040);
        TAGS.put("PatientAge", 0x00101010);
        TAGS.put("BodyPartExamined", 0x00180015);
        TAGS.put("SliceThickness", 0x00180050);
        TAGS.put("SoftwareVersions", 0x00181020);
        TAGS.put("ProtocolName", 0x00181030);
        TAGS.put("StudyInstanceUID", 0x0020000D);
        TAGS.put("SeriesInstanceUID", 0x0020000E);
        TAGS.put("StudyID", 0x00200010);
        TAGS.put("SeriesNumber", 0x00200011);
        TAGS.put("AcquisitionNumber", 0x00200012);
        TAGS.put("InstanceNumber", 0x00200013);
        TAGS.put("PixelSpacing", 0x00280030);
    }
}
