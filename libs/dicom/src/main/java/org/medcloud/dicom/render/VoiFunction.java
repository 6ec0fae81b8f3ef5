package org.medcloud.dicom.render;

/** VOI LUT Function (0028,1056). */
public enum VoiFunction {
    LINEAR, LINEAR_EXACT, SIGMOID;

    public static VoiFunction of(String s, VoiFunction def) {
        if (s == null) return def;
        switch (s.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "LINEAR": return LINEAR;
            case "LINEAR_EXACT": return LINEAR_EXACT;
            case "SIGMOID": return SIGMOID;
            default: return def;
        }
    }

    /** Maps x through a window to [0, ymax]. */
    public double apply(double x, double c, double w, double ymax) {
        switch (this) {
            case LINEAR_EXACT:
                if (w <= 0) return x < c ? 0 : ymax;
                if (x <= c - w / 2) return 0;
                if (x > c + w / 2) return ymax;
                return ((x - c) / w + 0.5) * ymax;
            case SIGMOID:
                if (w <= 0) return x < c ? 0 : ymax;
                return ymax / (1 + Math.exp(-4 * (x - c) / w));
            default:
                if (w < 1) w = 1;
                if (x <= c - 0.5 - (w - 1) / 2) return 0;
                if (x > c - 0.5 + (w - 1) / 2) return ymax;
                return w == 1 ? ymax : ((x - (c - 0.5)) / (w - 1) + 0.5) * ymax;
        }
    }
}
