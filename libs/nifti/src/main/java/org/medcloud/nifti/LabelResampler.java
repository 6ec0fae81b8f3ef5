package org.medcloud.nifti;

/**
 * Samples a label volume on the pixel grid of one DICOM image plane (nearest neighbour), through the affines:
 * pixel (column, row) -> LPS patient point -> RAS -> label voxel index. Nothing assumes that slice k of the label
 * volume is the k-th instance: a plane that the label volume does not cover gets 0 everywhere.
 */
public final class LabelResampler {

    private LabelResampler() {
    }

    /** Label values for every pixel of {@code plane}, row-major {@code rows * columns}. */
    public static int[] sample(NiftiImage label, SlicePlane plane) {
        double[] lpsToVoxel = Affine.multiply(Affine.invert(label.affine()), Affine.flipLpsRas(Affine.identity()));
        double[] pixelToVoxel = Affine.multiply(lpsToVoxel, plane.pixelToPatient());
        int rows = plane.rows();
        int cols = plane.columns();
        int nx = label.nx();
        int ny = label.ny();
        int nz = label.nz();
        float[] data = label.data();
        int[] out = new int[rows * cols];
        double eps = 1e-3;
        for (int r = 0; r < rows; r++) {
            double bx = pixelToVoxel[1] * r + pixelToVoxel[3];
            double by = pixelToVoxel[5] * r + pixelToVoxel[7];
            double bz = pixelToVoxel[9] * r + pixelToVoxel[11];
            for (int c = 0; c < cols; c++) {
                long i = nearest(bx + pixelToVoxel[0] * c, eps);
                long j = nearest(by + pixelToVoxel[4] * c, eps);
                long k = nearest(bz + pixelToVoxel[8] * c, eps);
                if (i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz) {
                    out[r * cols + c] = Math.round(data[(int) (i + (long) nx * (j + (long) ny * k))]);
                }
            }
        }
        return out;
    }

    private static long nearest(double v, double eps) {
        // half-way points round towards the lower index deterministically; tiny float noise is ignored
        return (long) Math.floor(v + 0.5 - eps);
    }
}
