package org.medcloud.inference.support;

import org.medcloud.nifti.dicom.SyntheticDicom;

/**
 * A CT series with non-trivial geometry and known shapes:
 * <ul>
 *   <li>oblique, non-axial planes: rows along (cos 20deg, sin 20deg, 0), columns along (0, 0, -1) (head to feet);</li>
 *   <li>anisotropic pixels (0.9 mm between rows, 0.7 mm between columns), 2 mm between slices, 24 rows x 20 columns;</li>
 *   <li>reversed order: instance number 1 lies LAST along the slice normal (k = N - instanceNumber);</li>
 *   <li>air (-1000 HU) with a 60 HU box (columns 3..12, rows 4..13, k 2..8 -> "liver", the largest soft-tissue
 *       component) and a 45 HU box (columns 14..17, rows 17..19, k 5..7 -> "spleen", the second largest).</li>
 * </ul>
 */
public final class SyntheticSeries {

    public static final String STUDY = "1.2.826.0.1.3680043.8.498.77";
    public static final String SERIES = "1.2.826.0.1.3680043.8.498.77.1";
    public static final int N = 12, ROWS = 24, COLS = 20;
    static final double THETA = Math.toRadians(20);
    public static final double[] IOP = {Math.cos(THETA), Math.sin(THETA), 0, 0, 0, -1};
    public static final double[] NORMAL = {-Math.sin(THETA), Math.cos(THETA), 0};
    public static final double[] ORIGIN = {-30.5, 12.25, 80};
    public static final double GAP = 2.0;

    private SyntheticSeries() {
    }

    public static String sop(int instanceNumber) {
        return SERIES + "." + instanceNumber;
    }

    /** Index along the slice normal of an instance. */
    public static int k(int instanceNumber) {
        return N - instanceNumber;
    }

    /** 0 air, 6 liver box, 1 spleen box (restore_label_idx values) at column c, row r of slice k. */
    public static int expectedLabel(int c, int r, int k) {
        if (c >= 3 && c <= 12 && r >= 4 && r <= 13 && k >= 2 && k <= 8) {
            return 6;
        }
        if (c >= 14 && c <= 17 && r >= 17 && r <= 19 && k >= 5 && k <= 7) {
            return 1;
        }
        return 0;
    }

    public static double[] position(int instanceNumber) {
        int k = k(instanceNumber);
        return new double[] {ORIGIN[0] + k * GAP * NORMAL[0], ORIGIN[1] + k * GAP * NORMAL[1], ORIGIN[2] + k * GAP * NORMAL[2]};
    }

    public static byte[] instance(int instanceNumber) {
        int k = k(instanceNumber);
        short[] px = new short[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                int l = expectedLabel(c, r, k);
                int hu = l == 6 ? 60 : l == 1 ? 45 : -1000;
                px[r * COLS + c] = (short) (hu + 1024);
            }
        }
        return SyntheticDicom.ctSlice(STUDY, SERIES, sop(instanceNumber), instanceNumber, position(instanceNumber), IOP,
                new double[] {0.9, 0.7}, ROWS, COLS, px);
    }

    /** WADO-RS series metadata (DICOM JSON) of the instances, as the viewer serves it. */
    public static String metadataJson() {
        StringBuilder sb = new StringBuilder("[");
        for (int n = 1; n <= N; n++) {
            double[] p = position(n);
            if (n > 1) {
                sb.append(',');
            }
            sb.append("{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"").append(sop(n)).append("\"]},")
              .append("\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"").append(STUDY).append("\"]},")
              .append("\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"").append(SERIES).append("\"]},")
              .append("\"00200013\":{\"vr\":\"IS\",\"Value\":[").append(n).append("]},")
              .append("\"00200032\":{\"vr\":\"DS\",\"Value\":[").append(p[0]).append(',').append(p[1]).append(',').append(p[2]).append("]},")
              .append("\"00200037\":{\"vr\":\"DS\",\"Value\":[").append(IOP[0]).append(',').append(IOP[1]).append(",0,0,0,-1]},")
              .append("\"00280010\":{\"vr\":\"US\",\"Value\":[").append(ROWS).append("]},")
              .append("\"00280011\":{\"vr\":\"US\",\"Value\":[").append(COLS).append("]},")
              .append("\"00280030\":{\"vr\":\"DS\",\"Value\":[0.9,0.7]}}");
        }
        return sb.append(']').toString();
    }
}
