package org.medcloud.dicom.geometry;

import java.util.List;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.Tags;

/**
 * Geometry of one frame in patient coordinates (LPS, mm): Image Position/Orientation (Patient) and Pixel Spacing,
 * from the top level or, for enhanced multi-frame objects, from per-frame/shared functional groups.
 *
 * @param position     centre of the first transmitted pixel
 * @param rowCosines   direction of increasing column index (along a row)
 * @param columnCosines direction of increasing row index (down a column)
 * @param pixelSpacing {row spacing (between rows), column spacing (between columns)}
 * @param frameNumber  1-based frame in its object
 * @param sourceIndex  index of the object in the list given to {@link SeriesGeometry#of}, else 0
 */
public record ImagePlane(double[] position, double[] rowCosines, double[] columnCosines, double[] pixelSpacing,
                         double sliceThickness, int rows, int columns, int instanceNumber, int frameNumber, int sourceIndex) {

    public static ImagePlane of(DicomObject o, int frameNumber) throws DicomException {
        return of(o, frameNumber, 0);
    }

    static ImagePlane of(DicomObject o, int frameNumber, int sourceIndex) throws DicomException {
        double[] pos = fg(o, frameNumber, Tags.PlanePositionSequence, Tags.ImagePositionPatient);
        double[] iop = fg(o, frameNumber, Tags.PlaneOrientationSequence, Tags.ImageOrientationPatient);
        double[] ps = fg(o, frameNumber, Tags.PixelMeasuresSequence, Tags.PixelSpacing);
        double[] th = fg(o, frameNumber, Tags.PixelMeasuresSequence, Tags.SliceThickness);
        if (ps == null || ps.length < 2) ps = o.getDoubles(Tags.ImagerPixelSpacing);
        if (pos == null || pos.length < 3) throw new DicomException("no Image Position (Patient) for frame " + frameNumber);
        if (iop == null || iop.length < 6) throw new DicomException("no Image Orientation (Patient) for frame " + frameNumber);
        if (ps == null || ps.length < 2) ps = new double[] {1, 1};
        double[] r = normalize(new double[] {iop[0], iop[1], iop[2]});
        double[] c = normalize(new double[] {iop[3], iop[4], iop[5]});
        return new ImagePlane(new double[] {pos[0], pos[1], pos[2]}, r, c, new double[] {ps[0], ps[1]},
                th != null && th.length > 0 ? th[0] : 0, o.getInt(Tags.Rows, 0), o.getInt(Tags.Columns, 0),
                o.getInt(Tags.InstanceNumber, 0), frameNumber, sourceIndex);
    }

    /** Value from the per-frame, then shared functional group macro, then the top level. */
    private static double[] fg(DicomObject o, int frame, int macro, int tag) {
        List<DicomObject> pf = o.getSequence(Tags.PerFrameFunctionalGroupsSequence);
        if (frame - 1 < pf.size()) {
            List<DicomObject> m = pf.get(frame - 1).getSequence(macro);
            if (!m.isEmpty() && m.get(0).contains(tag)) return m.get(0).getDoubles(tag);
        }
        List<DicomObject> sh = o.getSequence(Tags.SharedFunctionalGroupsSequence);
        if (!sh.isEmpty()) {
            List<DicomObject> m = sh.get(0).getSequence(macro);
            if (!m.isEmpty() && m.get(0).contains(tag)) return m.get(0).getDoubles(tag);
        }
        return o.contains(tag) ? o.getDoubles(tag) : null;
    }

    static double[] normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return n == 0 ? v : new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    /** Slice normal: rowCosines x columnCosines. */
    public double[] normal() {
        double[] a = rowCosines, b = columnCosines;
        return normalize(new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]});
    }

    /** Signed distance of this plane from the origin along its normal. */
    public double distanceAlongNormal() { return distanceAlong(normal()); }

    public double distanceAlong(double[] n) { return n[0] * position[0] + n[1] * position[1] + n[2] * position[2]; }

    /** Patient coordinate of the centre of pixel (column i, row j). */
    public double[] pixelToPatient(double i, double j) {
        double[] p = new double[3];
        for (int k = 0; k < 3; k++) p[k] = position[k] + rowCosines[k] * pixelSpacing[1] * i + columnCosines[k] * pixelSpacing[0] * j;
        return p;
    }
}
