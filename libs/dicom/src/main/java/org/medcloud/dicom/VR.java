package org.medcloud.dicom;

/** DICOM value representations (PS3.5 6.2). */
public enum VR {
    AE, AS, AT, CS, DA, DS, DT, FL, FD, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV;

    private final int code = (name().charAt(0) << 8) | name().charAt(1);

    /** Two-letter code packed as (first << 8 | second). */
    public int code() { return code; }

    private static final VR[] BY_CODE = new VR[65536];
    static {
        for (VR v : values()) BY_CODE[v.code] = v;
    }

    /** The VR for a two-byte code, or null when the bytes are no valid VR. */
    public static VR of(int code) { return code >= 0 && code < 65536 ? BY_CODE[code] : null; }

    /** Explicit VR encodings with 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
    public boolean hasLongLength() {
        switch (this) {
            case OB: case OD: case OF: case OL: case OV: case OW: case SQ: case SV: case UC: case UN: case UR: case UT: case UV:
                return true;
            default:
                return false;
        }
    }

    /** VRs whose value is text. */
    public boolean isString() {
        switch (this) {
            case AE: case AS: case CS: case DA: case DS: case DT: case IS: case LO: case LT: case PN: case SH: case ST:
            case TM: case UC: case UI: case UR: case UT:
                return true;
            default:
                return false;
        }
    }

    /** Text VRs affected by Specific Character Set (0008,0005). */
    public boolean usesSpecificCharacterSet() {
        switch (this) {
            case LO: case LT: case PN: case SH: case ST: case UC: case UT:
                return true;
            default:
                return false;
        }
    }

    /** Text VRs holding one value only (backslash is not a delimiter). */
    public boolean isSingleValuedText() {
        return this == LT || this == ST || this == UT || this == UR;
    }

    /** Bytes per value for binary numeric VRs, 0 otherwise. */
    public int binaryWidth() {
        switch (this) {
            case SS: case US: case OW: return 2;
            case SL: case UL: case FL: case OF: case OL: case AT: return 4;
            case FD: case OD: case SV: case UV: case OV: return 8;
            case OB: case UN: return 1;
            default: return 0;
        }
    }

    /** Bulk binary VRs (OB, OD, OF, OL, OV, OW, UN). */
    public boolean isBulk() {
        switch (this) {
            case OB: case OD: case OF: case OL: case OV: case OW: case UN: return true;
            default: return false;
        }
    }
}
