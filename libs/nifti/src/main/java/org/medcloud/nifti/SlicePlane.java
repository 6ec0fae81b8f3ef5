package org.medcloud.nifti;

/**
 * Geometry of one DICOM image plane, in DICOM patient coordinates (LPS, mm).
 *
 * @param position     Image Position (Patient): centre of the first transmitted pixel
 * @param orientation  Image Orientation (Patient): row direction cosines (x, y, z), then column direction cosines
 * @param pixelSpacing Pixel Spacing: (distance between rows, distance between columns)
 */
public record SlicePlane(String sopInstanceUid, int instanceNumber, double[] position, double[] orientation,
                         double[] pixelSpacing, int rows, int columns) {

    public SlicePlane {
        if (position == null || position.length != 3) {
            throw new NiftiException("instance " + sopInstanceUid + " has no Image Position (Patient)");
        }
        if (orientation == null || orientation.length != 6) {
            throw new NiftiException("instance " + sopInstanceUid + " has no Image Orientation (Patient)");
        }
        if (pixelSpacing == null || pixelSpacing.length != 2 || pixelSpacing[0] <= 0 || pixelSpacing[1] <= 0) {
            throw new NiftiException("instance " + sopInstanceUid + " has no usable Pixel Spacing");
        }
        if (rows <= 0 || columns <= 0) {
            throw new NiftiException("instance " + sopInstanceUid + " has no rows/columns");
        }
    }

    public double[] rowCosines() {
        return new double[] {orientation[0], orientation[1], orientation[2]};
    }

    public double[] columnCosines() {
        return new double[] {orientation[3], orientation[4], orientation[5]};
    }

    public double[] normal() {
        double[] r = rowCosines();
        double[] c = columnCosines();
        return new double[] {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
    }

    /** Pixel (column, row) = (i, j) to LPS patient coordinates, as a 4x4 affine whose third column is the normal. */
    public double[] pixelToPatient() {
        double[] r = rowCosines();
        double[] c = columnCosines();
        double[] n = normal();
        double dc = pixelSpacing[1];
        double dr = pixelSpacing[0];
        return new double[] {
            r[0] * dc, c[0] * dr, n[0], position[0],
            r[1] * dc, c[1] * dr, n[1], position[1],
            r[2] * dc, c[2] * dr, n[2], position[2],
            0, 0, 0, 1};
    }
}
