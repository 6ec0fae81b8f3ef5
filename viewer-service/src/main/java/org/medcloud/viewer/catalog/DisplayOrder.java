package org.medcloud.viewer.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Display order of a series from the index fields: along the slice normal (from Image Orientation /
 * Position Patient) when every instance has geometry with the same orientation, then by instance number,
 * then by SOP Instance UID (stable).
 */
public final class DisplayOrder {

    private DisplayOrder() {
    }

    public static List<IndexDocument.Instance> sort(List<IndexDocument.Instance> instances) {
        List<IndexDocument.Instance> out = new ArrayList<>(instances);
        double[] normal = commonNormal(instances);
        Comparator<IndexDocument.Instance> byNumber = Comparator.comparing(
                (IndexDocument.Instance i) -> i.instanceNumber() == null ? Integer.MAX_VALUE : i.instanceNumber());
        Comparator<IndexDocument.Instance> order;
        if (normal != null) {
            order = Comparator.comparingDouble((IndexDocument.Instance i) -> dot(normal, i.imagePositionPatient()))
                    .thenComparing(byNumber);
        } else {
            order = byNumber;
        }
        out.sort(order.thenComparing(i -> i.sopInstanceUid() == null ? "" : i.sopInstanceUid()));
        return out;
    }

    static double[] commonNormal(List<IndexDocument.Instance> instances) {
        double[] normal = null;
        for (IndexDocument.Instance i : instances) {
            double[] o = i.imageOrientationPatient();
            double[] p = i.imagePositionPatient();
            if (o == null || o.length != 6 || p == null || p.length != 3) {
                return null;
            }
            double[] n = {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
            double len = Math.sqrt(dot(n, n));
            if (len < 1e-6) {
                return null;
            }
            for (int k = 0; k < 3; k++) {
                n[k] /= len;
            }
            if (normal == null) {
                normal = n;
            } else if (Math.abs(dot(normal, n)) < 0.999) {
                return null; // mixed orientations (e.g. a localizer): fall back to instance numbers
            }
        }
        return normal;
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
