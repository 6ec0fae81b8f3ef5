package org.medcloud.dicom;

/** Transfer syntax UIDs. */
public final class UID {
    private UID() {}
    public static final String ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    public static final String ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public static final String DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    public static final String ExplicitVRBigEndian = "1.2.840.10008.1.2.2";
    public static final String JPEGBaseline8Bit = "1.2.840.10008.1.2.4.50";
    public static final String JPEGExtended12Bit = "1.2.840.10008.1.2.4.51";
    public static final String JPEGLossless = "1.2.840.10008.1.2.4.57";
    public static final String JPEGLosslessSV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEGLSLossless = "1.2.840.10008.1.2.4.80";
    public static final String JPEGLSNearLossless = "1.2.840.10008.1.2.4.81";
    public static final String JPEG2000Lossless = "1.2.840.10008.1.2.4.90";
    public static final String JPEG2000 = "1.2.840.10008.1.2.4.91";
    public static final String RLELossless = "1.2.840.10008.1.2.5";

    /** True for syntaxes whose Pixel Data is not encapsulated. */
    public static boolean isNative(String ts) {
        return ImplicitVRLittleEndian.equals(ts) || ExplicitVRLittleEndian.equals(ts)
                || ExplicitVRBigEndian.equals(ts) || DeflatedExplicitVRLittleEndian.equals(ts);
    }
}
