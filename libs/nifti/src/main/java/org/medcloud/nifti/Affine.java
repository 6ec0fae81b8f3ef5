package org.medcloud.nifti;

/** 4x4 affine matrices, row-major {@code double[16]}; the last row is (0, 0, 0, 1). */
public final class Affine {

    private Affine() {
    }

    public static double[] identity() {
        return new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    }

    public static double[] multiply(double[] a, double[] b) {
        double[] r = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int k = 0; k < 4; k++) {
                    s += a[i * 4 + k] * b[k * 4 + j];
                }
                r[i * 4 + j] = s;
            }
        }
        return r;
    }

    /** Applies {@code m} to the point (x, y, z). */
    public static double[] apply(double[] m, double x, double y, double z) {
        return new double[] {
            m[0] * x + m[1] * y + m[2] * z + m[3],
            m[4] * x + m[5] * y + m[6] * z + m[7],
            m[8] * x + m[9] * y + m[10] * z + m[11]};
    }

    /** Applies only the linear part of {@code m} to the vector (x, y, z). */
    public static double[] applyVector(double[] m, double x, double y, double z) {
        return new double[] {
            m[0] * x + m[1] * y + m[2] * z,
            m[4] * x + m[5] * y + m[6] * z,
            m[8] * x + m[9] * y + m[10] * z};
    }

    /** DICOM patient coordinates (LPS) to NIfTI world coordinates (RAS) and back: negate x and y. */
    public static double[] flipLpsRas(double[] m) {
        double[] r = m.clone();
        for (int j = 0; j < 4; j++) {
            r[j] = -r[j];
            r[4 + j] = -r[4 + j];
        }
        return r;
    }

    /** Inverse of an affine matrix (3x3 linear part inverted by cofactors). */
    public static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], i = m[10];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("affine is singular (determinant " + det + ")");
        }
        double[] r = new double[16];
        r[0] = (e * i - f * h) / det;
        r[1] = (c * h - b * i) / det;
        r[2] = (b * f - c * e) / det;
        r[4] = (f * g - d * i) / det;
        r[5] = (a * i - c * g) / det;
        r[6] = (c * d - a * f) / det;
        r[8] = (d * h - e * g) / det;
        r[9] = (b * g - a * h) / det;
        r[10] = (a * e - b * d) / det;
        r[3] = -(r[0] * m[3] + r[1] * m[7] + r[2] * m[11]);
        r[7] = -(r[4] * m[3] + r[5] * m[7] + r[6] * m[11]);
        r[11] = -(r[8] * m[3] + r[9] * m[7] + r[10] * m[11]);
        r[15] = 1;
        return r;
    }

    /** Length of column {@code col} (0..2) of the linear part: the voxel size along that axis. */
    public static double columnNorm(double[] m, int col) {
        return Math.sqrt(m[col] * m[col] + m[4 + col] * m[4 + col] + m[8 + col] * m[8 + col]);
    }
}
