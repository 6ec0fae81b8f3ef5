package org.medcloud.dev.nbia.api;

/** Date formats per API version: DICOM DA yyyyMMdd -> v4 MM-dd-yyyy, v1 yyyy-MM-dd 00:00:00.0. */
final class Dates {
    private Dates() {
    }

    static String v4(String da) {
        if (da == null || da.length() < 8 || !da.substring(0, 8).chars().allMatch(Character::isDigit)) {
            return null;
        }
        return da.substring(4, 6) + "-" + da.substring(6, 8) + "-" + da.substring(0, 4);
    }

    static String v1(String da) {
        if (da == null || da.length() < 8 || !da.substring(0, 8).chars().allMatch(Character::isDigit)) {
            return null;
        }
        return da.substring(0, 4) + "-" + da.substring(4, 6) + "-" + da.substring(6, 8) + " 00:00:00.0";
    }

    /** v4 MM-dd-yyyy -> v1 timestamp. */
    static String v4ToV1(String mmddyyyy) {
        if (mmddyyyy == null || mmddyyyy.length() != 10) {
            return mmddyyyy;
        }
        return mmddyyyy.substring(6) + "-" + mmddyyyy.substring(0, 2) + "-" + mmddyyyy.substring(3, 5) + " 00:00:00.0";
    }
}
