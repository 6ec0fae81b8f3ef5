package org.medcloud.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NiftiImageTest {

    /** Sagittal-ish oblique planes, acquired in reverse order along the normal. */
    static List<SeriesVolume.Slice> obliqueSeries(int n, int rows, int cols) {
        double s = Math.sqrt(0.5);
        double[] iop = {s, s, 0, 0, 0, -1}; // oblique sagittal-coronal planes
        SlicePlane probe = new SlicePlane("p", 0, new double[3], iop, new double[] {1, 1}, rows, cols);
        double[] nrm = probe.normal();
        List<SeriesVolume.Slice> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int kk = n - 1 - k; // instance order reversed relative to the normal
            double[] pos = {10 + 2.5 * kk * nrm[0], -20 + 2.5 * kk * nrm[1], 30 + 2.5 * kk * nrm[2]};
            float[] v = new float[rows * cols];
            for (int p = 0; p < v.length; p++) {
                v[p] = kk * 1000 + p;
            }
            out.add(new SeriesVolume.Slice(new SlicePlane("1.2." + k, k + 1, pos, iop, new double[] {0.8, 0.6}, rows, cols), v));
        }
        return out;
    }

    @Test
    void roundTripKeepsAffineAndValues() throws Exception {
        SeriesVolume vol = SeriesVolume.build(obliqueSeries(5, 4, 3));
        NiftiImage img = vol.image();
        assertEquals(3, img.nx());
        assertEquals(4, img.ny());
        assertEquals(5, img.nz());
        assertEquals(2 * 1000 + 7, img.get(1, 2, 2));
        for (boolean gz : new boolean[] {true, false}) {
            NiftiImage back = NiftiImage.read(img.toBytes(NiftiDataType.FLOAT32, gz));
            assertArrayEquals(img.data(), back.data());
            assertArrayEquals(img.affine(), back.affine(), 1e-4);
        }
        // qform alone gives the same affine for an orthonormal grid
        byte[] b = img.toBytes(NiftiDataType.INT16, false);
        b[254] = 0;
        b[255] = 0;
        assertArrayEquals(img.affine(), NiftiImage.read(b).affine(), 1e-3);
    }

    @Test
    void resamplingEachPlaneReturnsItsOwnSlice() {
        List<SeriesVolume.Slice> slices = obliqueSeries(6, 5, 7);
        SeriesVolume vol = SeriesVolume.build(slices);
        for (SeriesVolume.Slice s : slices) {
            int[] got = LabelResampler.sample(vol.image(), s.plane());
            for (int p = 0; p < got.length; p++) {
                assertEquals(Math.round(s.values()[p]), got[p]);
            }
        }
        // a plane outside the volume is empty
        SlicePlane p0 = slices.get(0).plane();
        double[] n = p0.normal();
        SlicePlane off = new SlicePlane("x", 0, new double[] {p0.position()[0] + 50 * n[0], p0.position()[1] + 50 * n[1],
            p0.position()[2] + 50 * n[2]}, p0.orientation(), p0.pixelSpacing(), p0.rows(), p0.columns());
        for (int v : LabelResampler.sample(vol.image(), off)) {
            assertEquals(0, v);
        }
    }

    @Test
    void aSmallGzipClaimingAHugeVolumeIsRefusedFromItsHeader() throws Exception {
        // 4 x 3 x 5 volume, header patched to claim 4096^3 voxels: 64 bytes of gzip, a 256 GiB bomb.
        byte[] raw = SeriesVolume.build(obliqueSeries(5, 4, 3)).image().toBytes(NiftiDataType.UINT8, false);
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.putShort(42, (short) 4096).putShort(44, (short) 4096).putShort(46, (short) 4096);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(raw);
        }
        long t0 = System.nanoTime();
        NiftiException e = org.junit.jupiter.api.Assertions.assertThrows(NiftiException.class,
                () -> NiftiImage.read(gz.toByteArray()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("too large"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        // and the caller's own bound applies to an honest header too
        byte[] honest = SeriesVolume.build(obliqueSeries(5, 4, 3)).image().toBytes(NiftiDataType.UINT8, true);
        org.junit.jupiter.api.Assertions.assertThrows(NiftiException.class, () -> NiftiImage.read(honest, 59));
        assertEquals(60, NiftiImage.read(honest, 60).nx() * 4 * 5);
    }
}
