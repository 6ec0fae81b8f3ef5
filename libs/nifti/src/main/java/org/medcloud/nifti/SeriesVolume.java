package org.medcloud.nifti;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Stacks the slices of one DICOM series into a NIfTI volume.
 *
 * <p>Slices are sorted along the slice normal (row x column cosines), then by instance number. Voxel (i, j, k) is
 * column i, row j of the k-th sorted slice; the affine is the DICOM voxel-to-patient matrix (LPS) with x and y
 * negated, i.e. RAS as NIfTI expects. The slice step is (last position - first position) / (n - 1), so a
 * reversed acquisition order or a non-axial orientation is represented exactly.
 */
public final class SeriesVolume {

    /** One slice: its plane and its modality values (e.g. HU), row-major {@code rows * columns}. */
    public record Slice(SlicePlane plane, float[] values) {
    }

    private final NiftiImage image;
    private final List<SlicePlane> sorted;

    private SeriesVolume(NiftiImage image, List<SlicePlane> sorted) {
        this.image = image;
        this.sorted = sorted;
    }

    public NiftiImage image() {
        return image;
    }

    /** The planes in volume order: {@code sorted().get(k)} is slice k of {@link #image()}. */
    public List<SlicePlane> sorted() {
        return sorted;
    }

    public static List<SlicePlane> sortPlanes(List<SlicePlane> planes) {
        if (planes.isEmpty()) {
            throw new NiftiException("series has no image planes");
        }
        double[] n = planes.get(0).normal();
        List<SlicePlane> s = new ArrayList<>(planes);
        s.sort(Comparator.<SlicePlane>comparingDouble(p -> dot(p.position(), n)).thenComparingInt(SlicePlane::instanceNumber));
        return s;
    }

    public static SeriesVolume build(List<Slice> slices) {
        if (slices.isEmpty()) {
            throw new NiftiException("series has no image slices");
        }
        SlicePlane first = slices.get(0).plane();
        for (Slice s : slices) {
            SlicePlane p = s.plane();
            if (p.rows() != first.rows() || p.columns() != first.columns()) {
                throw new NiftiException("slices differ in size (" + p.columns() + "x" + p.rows() + " vs "
                        + first.columns() + "x" + first.rows() + "); cannot build one volume");
            }
            for (int i = 0; i < 6; i++) {
                if (Math.abs(p.orientation()[i] - first.orientation()[i]) > 1e-3) {
                    throw new NiftiException("slices differ in orientation; cannot build one volume");
                }
            }
            if (s.values().length != p.rows() * p.columns()) {
                throw new NiftiException("slice " + p.sopInstanceUid() + " has " + s.values().length + " values");
            }
        }
        double[] n = first.normal();
        List<Slice> sortedSlices = new ArrayList<>(slices);
        sortedSlices.sort(Comparator.<Slice>comparingDouble(s -> dot(s.plane().position(), n))
                .thenComparingInt(s -> s.plane().instanceNumber()));
        int nz = sortedSlices.size();
        SlicePlane p0 = sortedSlices.get(0).plane();
        double[] step;
        if (nz > 1) {
            double[] pl = sortedSlices.get(nz - 1).plane().position();
            step = new double[3];
            for (int d = 0; d < 3; d++) {
                step[d] = (pl[d] - p0.position()[d]) / (nz - 1);
            }
            double len = Math.sqrt(dot(step, step));
            if (len < 1e-6) {
                throw new NiftiException("all slices share one position; cannot build a volume");
            }
            for (int k = 1; k < nz; k++) {
                double gap = dot(sortedSlices.get(k).plane().position(), n) - dot(sortedSlices.get(k - 1).plane().position(), n);
                if (gap < 1e-4) {
                    throw new NiftiException("two slices share one position (duplicate or multi-phase series)");
                }
            }
        } else {
            step = n.clone();
        }
        double[] lps = p0.pixelToPatient();
        lps[2] = step[0];
        lps[6] = step[1];
        lps[10] = step[2];
        int nx = p0.columns();
        int ny = p0.rows();
        float[] data = new float[nx * ny * nz];
        List<SlicePlane> planes = new ArrayList<>(nz);
        for (int k = 0; k < nz; k++) {
            System.arraycopy(sortedSlices.get(k).values(), 0, data, k * nx * ny, nx * ny);
            planes.add(sortedSlices.get(k).plane());
        }
        return new SeriesVolume(new NiftiImage(nx, ny, nz, data, Affine.flipLpsRas(lps)), List.copyOf(planes));
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
