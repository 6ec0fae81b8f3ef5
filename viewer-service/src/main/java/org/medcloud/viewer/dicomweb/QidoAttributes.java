package org.medcloud.viewer.dicomweb;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Attributes QIDO-RS knows: keyword, tag and VR; parameters may name either keyword or tag. */
final class QidoAttributes {

    record Attr(String keyword, String tag, String vr) {
    }

    static final Map<String, Attr> BY_KEYWORD = new LinkedHashMap<>();
    static final Map<String, Attr> BY_TAG = new LinkedHashMap<>();

    static {
        add("StudyDate", "00080020", "DA");
        add("StudyTime", "00080030", "TM");
        add("AccessionNumber", "00080050", "SH");
        add("ModalitiesInStudy", "00080061", "CS");
        add("ReferringPhysicianName", "00080090", "PN");
        add("StudyDescription", "00081030", "LO");
        add("PatientName", "00100010", "PN");
        add("PatientID", "00100020", "LO");
        add("PatientBirthDate", "00100030", "DA");
        add("PatientSex", "00100040", "CS");
        add("StudyInstanceUID", "0020000D", "UI");
        add("StudyID", "00200010", "SH");
        add("NumberOfStudyRelatedSeries", "00201206", "IS");
        add("NumberOfStudyRelatedInstances", "00201208", "IS");
        add("Modality", "00080060", "CS");
        add("SeriesDescription", "0008103E", "LO");
        add("SeriesNumber", "00200011", "IS");
        add("SeriesInstanceUID", "0020000E", "UI");
        add("NumberOfSeriesRelatedInstances", "00201209", "IS");
        add("BodyPartExamined", "00180015", "CS");
        add("Manufacturer", "00080070", "LO");
        add("ManufacturerModelName", "00081090", "LO");
        add("PerformedProcedureStepStartDate", "00400244", "DA");
        add("SOPClassUID", "00080016", "UI");
        add("SOPInstanceUID", "00080018", "UI");
        add("InstanceNumber", "00200013", "IS");
        add("Rows", "00280010", "US");
        add("Columns", "00280011", "US");
        add("BitsAllocated", "00280100", "US");
        add("NumberOfFrames", "00280008", "IS");
        add("PhotometricInterpretation", "00280004", "CS");
        add("AvailableTransferSyntaxUID", "00083002", "UI");
        add("RetrieveURL", "00081190", "UR");
        add("TimezoneOffsetFromUTC", "00080201", "SH");
    }

    private static void add(String keyword, String tag, String vr) {
        Attr a = new Attr(keyword, tag, vr);
        BY_KEYWORD.put(keyword, a);
        BY_TAG.put(tag, a);
    }

    /** The attribute a query parameter names (keyword or 8 hex digits), or null. */
    static Attr of(String name) {
        Attr a = BY_KEYWORD.get(name);
        if (a == null && name.length() == 8) {
            a = BY_TAG.get(name.toUpperCase(Locale.ROOT));
        }
        return a;
    }

    /** A keyword of the DICOM dictionary or an 8-hex-digit tag (not necessarily one we match on). */
    static boolean isDicomAttribute(String name) {
        if (name.matches("[0-9A-Fa-f]{8}")) {
            return true;
        }
        if (!name.matches("[A-Za-z][A-Za-z0-9]{1,63}")) {
            return false;
        }
        try {
            org.medcloud.dicom.Tags.class.getField(name);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private QidoAttributes() {
    }
}
