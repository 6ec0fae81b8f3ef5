package org.medcloud.dicom.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.pixel.Frames;

/** Planes of a series sorted along the slice normal (then instance number), slice spacing and voxel-to-patient matrix. */
public final class SeriesGeometry {
    private final List<ImagePlane> sorted;
    private final double[] normal;

    private SeriesGeometry(List<ImagePlane> sorted, double[] normal) {
        this.sorted = sorted;
        this.normal = normal;
    }

    /** All frames of all objects (single-frame series, or enhanced multi-frame objects). */
    public static SeriesGeometry of(List<DicomObject> objects) throws DicomException {
        List<ImagePlane> planes = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            int n = Frames.count(objects.get(i));
            for (int f = 1; f <= n; f++) planes.add(ImagePlane.of(objects.get(i), f, i));
        }
        return ofPlanes(planes);
    }

    public static SeriesGeometry ofPlanes(List<ImagePlane> planes) throws DicomException {
        if (planes.isEmpty()) throw new DicomException("no planes");
        double[] n = planes.get(0).normal();
        List<ImagePlane> s = new ArrayList<>(planes);
        s.sort(Comparator.<ImagePlane>comparingDouble(p -> p.distanceAlong(n)).thenComparingInt(ImagePlane::instanceNumber)
                .thenComparingInt(ImagePlane::frameNumber));
        return new SeriesGeometry(List.copyOf(s), n);
    }

    /** Planes in ascending position along the normal of the first plane. */
    public List<ImagePlane> sorted() { return sorted; }

    public double[] normal() { return normal.clone(); }

    /** Median distance between consecutive distinct slice positions (the slice thickness for one plane). */
    public double sliceSpacing() {
        List<Double> d = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            double v = sorted.get(i).distanceAlong(normal) - sorted.get(i - 1).distanceAlong(normal);
            if (Math.abs(v) > 1e-4) d.add(v);
        }
        if (d.isEmpty()) {
            double t = sorted.get(0).sliceThickness();
            return t > 0 ? t : 1;
        }
        double[] a = d.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** True when all consecutive distances are within 1% (or 0.01 mm) of {@link #sliceSpacing()}. */
    public boolean isUniform() {
        double sp = sliceSpacing();
        for (int i = 1; i < sorted.size(); i++) {
            double v = sorted.get(i).distanceAlong(normal) - sorted.get(i - 1).distanceAlong(normal);
            if (Math.abs(v - sp) > Math.max(0.01, 0.01 * sp)) return false;
        }
        return true;
    }

    /**
     * 4x4 row-major matrix mapping voxel (i = column, j = row, k = sorted slice index, 1) to patient LPS mm.
     * The k axis follows the first-to-last position when planes are uniform (keeps gantry tilt), else normal * spacing.
     * For a NIfTI (RAS) affine negate the first two rows.
     */
    public double[] voxelToPatient() {
        ImagePlane p0 = sorted.get(0);
        double[] k;
        int n = sorted.size();
        if (n > 1 && isUniform()) {
            double[] pl = sorted.get(n - 1).position();
            k = new double[3];
            for (int a = 0; a < 3; a++) k[a] = (pl[a] - p0.position()[a]) / (n - 1);
        } else {
            double sp = sliceSpacing();
            k = new double[] {normal[0] * sp, normal[1] * sp, normal[2] * sp};
        }
        double[] m = new double[16];
        for (int a = 0; a < 3; a++) {
            m[a * 4] = p0.rowCosines()[a] * p0.pixelSpacing()[1];
            m[a * 4 + 1] = p0.columnCosines()[a] * p0.pixelSpacing()[0];
            m[a * 4 + 2] = k[a];
            m[a * 4 + 3] = p0.position()[a];
        }
        m[15] = 1;
        return m;
    }
}
