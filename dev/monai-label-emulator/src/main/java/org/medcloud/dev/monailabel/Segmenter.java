package org.medcloud.dev.monailabel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medcloud.nifti.NiftiImage;

/**
 * The stand-in's "model": a classical, deterministic CPU segmentation in the input's own voxel grid.
 *
 * <ol>
 *   <li>Soft-tissue mask: voxels with {@value #SOFT_MIN_HU} &lt;= HU &lt;= {@value #SOFT_MAX_HU}.</li>
 *   <li>3-D connected components of the mask (6-connectivity); components smaller than
 *       {@value #MIN_COMPONENT_VOXELS} voxels are noise and never labelled.</li>
 *   <li>Automatic mode ({@code deepedit_seg}, or {@code deepedit} without clicks): the largest component is
 *       "liver", the second largest "spleen".</li>
 *   <li>Interactive mode ({@code deepedit} with clicks): each click {@code [i, j, k]} under a label name labels the
 *       component it hits with that label; clicks under "background" clear their component.</li>
 * </ol>
 * Voxel values follow MONAI Label's DeepEdit rules: sequential indices in label-dict order (spleen 1 ... liver 4)
 * unless {@code restore_label_idx} is true, then the configured values (spleen 1, liver 6, ...).
 */
public final class Segmenter {

    public static final int SOFT_MIN_HU = 20;
    public static final int SOFT_MAX_HU = 300;
    public static final int MIN_COMPONENT_VOXELS = 27;

    /** Mask values and the centroid of each written value ([value, i, j, k] as strings). */
    public record Result(float[] mask, Map<String, List<String>> centroids) {
    }

    private Segmenter() {
    }

    public static Result segment(NiftiImage img, Map<String, Object> params, boolean interactiveModel) {
        int nx = img.nx();
        int ny = img.ny();
        int nz = img.nz();
        float[] hu = img.data();
        int n = hu.length;
        int[] comp = new int[n];
        List<Integer> sizes = new ArrayList<>();
        sizes.add(0);
        int[] queue = new int[n];
        int next = 1;
        for (int v = 0; v < n; v++) {
            if (comp[v] != 0 || !soft(hu[v])) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = v;
            comp[v] = next;
            while (head < tail) {
                int p = queue[head++];
                int i = p % nx;
                int j = (p / nx) % ny;
                int k = p / (nx * ny);
                if (i > 0) tail = visit(p - 1, hu, comp, queue, tail, next);
                if (i < nx - 1) tail = visit(p + 1, hu, comp, queue, tail, next);
                if (j > 0) tail = visit(p - nx, hu, comp, queue, tail, next);
                if (j < ny - 1) tail = visit(p + nx, hu, comp, queue, tail, next);
                if (k > 0) tail = visit(p - nx * ny, hu, comp, queue, tail, next);
                if (k < nz - 1) tail = visit(p + nx * ny, hu, comp, queue, tail, next);
            }
            sizes.add(tail);
            next++;
        }
        Map<String, Integer> labels = AppInfo.labels();
        boolean restore = Boolean.TRUE.equals(params.get("restore_label_idx"));
        Map<Integer, Integer> componentValue = new LinkedHashMap<>();
        boolean clicked = false;
        if (interactiveModel) {
            for (Map.Entry<String, Integer> e : labels.entrySet()) {
                Object pts = params.get(e.getKey());
                if (!(pts instanceof List<?> list)) {
                    continue;
                }
                for (Object pt : list) {
                    if (!(pt instanceof List<?> xyz) || xyz.size() < 3) {
                        continue;
                    }
                    clicked = true;
                    int i = clamp(num(xyz.get(0)), nx);
                    int j = clamp(num(xyz.get(1)), ny);
                    int k = clamp(num(xyz.get(2)), nz);
                    int c = comp[i + nx * (j + ny * k)];
                    if (c != 0 && sizes.get(c) >= MIN_COMPONENT_VOXELS) {
                        componentValue.put(c, "background".equals(e.getKey()) ? 0 : value(e.getKey(), labels, restore));
                    }
                }
            }
        }
        if (!clicked) {
            Integer[] order = new Integer[sizes.size() - 1];
            for (int c = 1; c < sizes.size(); c++) {
                order[c - 1] = c;
            }
            Arrays.sort(order, (a, b) -> sizes.get(b) != sizes.get(a).intValue() ? Integer.compare(sizes.get(b), sizes.get(a))
                    : Integer.compare(a, b));
            String[] auto = {"liver", "spleen"};
            for (int r = 0; r < Math.min(auto.length, order.length); r++) {
                if (sizes.get(order[r]) >= MIN_COMPONENT_VOXELS) {
                    componentValue.put(order[r], value(auto[r], labels, restore));
                }
            }
        }
        float[] mask = new float[n];
        Map<Integer, double[]> sums = new java.util.TreeMap<>();
        for (int v = 0; v < n; v++) {
            Integer val = comp[v] == 0 ? null : componentValue.get(comp[v]);
            if (val != null && val != 0) {
                mask[v] = val;
                double[] s = sums.computeIfAbsent(val, x -> new double[4]);
                s[0] += v % nx;
                s[1] += (v / nx) % ny;
                s[2] += v / (nx * ny);
                s[3]++;
            }
        }
        Map<String, List<String>> centroids = new LinkedHashMap<>();
        for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
            double[] s = e.getValue();
            centroids.put("label_" + e.getKey(), List.of(Integer.toString(e.getKey()),
                    Long.toString(Math.round(s[0] / s[3])), Long.toString(Math.round(s[1] / s[3])),
                    Long.toString(Math.round(s[2] / s[3]))));
        }
        return new Result(mask, centroids);
    }

    private static int value(String name, Map<String, Integer> labels, boolean restore) {
        if (restore) {
            return labels.get(name);
        }
        int idx = 1;
        for (String l : labels.keySet()) {
            if (l.equals(name)) {
                return idx;
            }
            if (!l.equals("background")) {
                idx++;
            }
        }
        return 0;
    }

    private static boolean soft(float h) {
        return h >= SOFT_MIN_HU && h <= SOFT_MAX_HU;
    }

    private static int visit(int q, float[] hu, int[] comp, int[] queue, int tail, int id) {
        if (comp[q] == 0 && soft(hu[q])) {
            comp[q] = id;
            queue[tail++] = q;
        }
        return tail;
    }

    private static int num(Object o) {
        return o instanceof Number nb ? nb.intValue() : Integer.parseInt(o.toString());
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }
}
