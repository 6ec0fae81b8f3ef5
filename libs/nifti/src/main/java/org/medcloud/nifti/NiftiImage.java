package org.medcloud.nifti;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A 3-D scalar NIfTI-1 volume held in memory as floats (scl_slope/scl_inter applied).
 *
 * <p>Voxel (i, j, k) is {@code data[i + nx * (j + ny * k)]}. {@link #affine()} maps voxel indices to NIfTI world
 * coordinates (RAS+, millimetres). Reading takes the sform when its code is non-zero, else the qform, else pixdim
 * alone; writing stores the affine as sform (exact) and as the nearest qform (code 1, "scanner anatomical").
 */
public final class NiftiImage {

    private static final int HEADER_SIZE = 348;
    private static final int VOX_OFFSET = 352;

    private final int nx;
    private final int ny;
    private final int nz;
    private final float[] data;
    private final double[] affine;

    public NiftiImage(int nx, int ny, int nz, float[] data, double[] affine) {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new NiftiException("dimensions must be positive: " + nx + "x" + ny + "x" + nz);
        }
        if (data.length != (long) nx * ny * nz) {
            throw new NiftiException("data length " + data.length + " does not match " + nx + "x" + ny + "x" + nz);
        }
        if (affine.length != 16) {
            throw new NiftiException("affine must have 16 elements");
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.data = data;
        this.affine = affine.clone();
    }

    public int nx() { return nx; }
    public int ny() { return ny; }
    public int nz() { return nz; }
    public float[] data() { return data; }
    public double[] affine() { return affine.clone(); }

    public float get(int i, int j, int k) {
        return data[i + nx * (j + ny * k)];
    }

    /** Same grid, other voxel values. */
    public NiftiImage withData(float[] newData) {
        return new NiftiImage(nx, ny, nz, newData, affine);
    }

    // ------------------------------------------------------------------ reading

    /** The most voxels read by default: 2^28 (a 1 GiB float volume); more is refused before any data is inflated. */
    public static final long DEFAULT_MAX_VOXELS = 1L << 28;

    /** Reads {@code .nii} or {@code .nii.gz} (gzip is detected from the bytes, not the name). */
    public static NiftiImage read(InputStream in) throws IOException {
        return read(in, DEFAULT_MAX_VOXELS);
    }

    /**
     * As {@link #read(InputStream)}, refusing volumes of more than {@code maxVoxels} voxels from
     * the header alone, so a small gzip that claims (or inflates to) a huge volume never allocates
     * or inflates more than the expected size: decompression bombs stop at the header.
     */
    public static NiftiImage read(InputStream in, long maxVoxels) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 65536);
        b.mark(2);
        int m1 = b.read();
        int m2 = b.read();
        b.reset();
        InputStream src = (m1 == 0x1f && m2 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(b, 65536), 65536) : b;
        byte[] hdr = src.readNBytes(HEADER_SIZE);
        if (hdr.length < HEADER_SIZE) {
            throw new NiftiException("not a NIfTI-1 file: only " + hdr.length + " header bytes");
        }
        ByteBuffer h = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != HEADER_SIZE) {
            h.order(ByteOrder.BIG_ENDIAN);
            if (h.getInt(0) != HEADER_SIZE) {
                throw new NiftiException("not a NIfTI-1 file: sizeof_hdr is not 348");
            }
        }
        String magic = new String(hdr, 344, 3, StandardCharsets.US_ASCII);
        if (!magic.equals("n+1")) {
            throw new NiftiException("only single-file NIfTI-1 (magic n+1) is supported, found '" + magic + "'");
        }
        int ndim = h.getShort(40);
        if (ndim < 1 || ndim > 7) {
            throw new NiftiException("bad dim[0] " + ndim);
        }
        int nx = h.getShort(42);
        int ny = ndim >= 2 ? h.getShort(44) : 1;
        int nz = ndim >= 3 ? h.getShort(46) : 1;
        for (int d = 4; d <= ndim; d++) {
            if (h.getShort(40 + 2 * d) > 1) {
                throw new NiftiException("only 3-D scalar volumes are supported (dim[" + d + "] > 1)");
            }
        }
        NiftiDataType type = NiftiDataType.ofCode(h.getShort(70));
        float pixdim0 = h.getFloat(76);
        double[] pixdim = {h.getFloat(80), h.getFloat(84), h.getFloat(88)};
        long voxOffset = (long) h.getFloat(108);
        float slope = h.getFloat(112);
        float inter = h.getFloat(116);
        if (slope == 0 || Float.isNaN(slope)) {
            slope = 1;
            inter = 0;
        }
        if (Float.isNaN(inter)) {
            inter = 0;
        }
        int qformCode = h.getShort(252);
        int sformCode = h.getShort(254);
        double[] affine;
        if (sformCode > 0) {
            affine = new double[16];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    affine[r * 4 + c] = h.getFloat(280 + 16 * r + 4 * c);
                }
            }
            affine[15] = 1;
        } else if (qformCode > 0) {
            affine = quaternToAffine(h.getFloat(256), h.getFloat(260), h.getFloat(264),
                    h.getFloat(268), h.getFloat(272), h.getFloat(276), pixdim, pixdim0 < 0 ? -1 : 1);
        } else {
            affine = new double[] {pixdim[0], 0, 0, 0, 0, pixdim[1], 0, 0, 0, 0, pixdim[2], 0, 0, 0, 0, 1};
        }
        long skip = voxOffset - HEADER_SIZE;
        if (skip < 0) {
            throw new NiftiException("vox_offset " + voxOffset + " lies inside the header");
        }
        if (skip > 1 << 20) {
            throw new NiftiException("vox_offset " + voxOffset + " is implausibly large (extensions over 1 MiB)");
        }
        src.skipNBytes(skip);
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new NiftiException("bad dimensions " + nx + " x " + ny + " x " + nz);
        }
        long n = (long) nx * ny * nz;
        if (n > Math.min(maxVoxels, (Integer.MAX_VALUE - 8) / 8)) {
            throw new NiftiException("volume too large: " + nx + " x " + ny + " x " + nz + " = " + n
                    + " voxels (at most " + Math.min(maxVoxels, (Integer.MAX_VALUE - 8) / 8) + " expected)");
        }
        byte[] raw = src.readNBytes((int) (n * type.bytes()));
        if (raw.length != n * type.bytes()) {
            throw new NiftiException("truncated NIfTI data: " + raw.length + " of " + n * type.bytes() + " bytes");
        }
        ByteBuffer bb = ByteBuffer.wrap(raw).order(h.order());
        float[] data = new float[(int) n];
        for (int v = 0; v < n; v++) {
            double x;
            switch (type) {
                case UINT8: x = raw[v] & 0xff; break;
                case INT8: x = raw[v]; break;
                case INT16: x = bb.getShort(v * 2); break;
                case UINT16: x = bb.getShort(v * 2) & 0xffff; break;
                case INT32: x = bb.getInt(v * 4); break;
                case UINT32: x = bb.getInt(v * 4) & 0xffffffffL; break;
                case FLOAT32: x = bb.getFloat(v * 4); break;
                default: x = bb.getDouble(v * 8); break;
            }
            data[v] = (float) (x * slope + inter);
        }
        return new NiftiImage(nx, ny, nz, data, affine);
    }

    public static NiftiImage read(byte[] bytes) throws IOException {
        return read(new java.io.ByteArrayInputStream(bytes));
    }

    public static NiftiImage read(byte[] bytes, long maxVoxels) throws IOException {
        return read(new java.io.ByteArrayInputStream(bytes), maxVoxels);
    }

    static double[] quaternToAffine(double qb, double qc, double qd, double qx, double qy, double qz,
                                    double[] pixdim, double qfac) {
        double a = 1.0 - (qb * qb + qc * qc + qd * qd);
        if (a < 1e-7) {
            a = 1.0 / Math.sqrt(qb * qb + qc * qc + qd * qd);
            qb *= a;
            qc *= a;
            qd *= a;
            a = 0;
        } else {
            a = Math.sqrt(a);
        }
        double dx = pixdim[0] > 0 ? pixdim[0] : 1;
        double dy = pixdim[1] > 0 ? pixdim[1] : 1;
        double dz = (pixdim[2] > 0 ? pixdim[2] : 1) * qfac;
        return new double[] {
            (a * a + qb * qb - qc * qc - qd * qd) * dx, 2 * (qb * qc - a * qd) * dy, 2 * (qb * qd + a * qc) * dz, qx,
            2 * (qb * qc + a * qd) * dx, (a * a + qc * qc - qb * qb - qd * qd) * dy, 2 * (qc * qd - a * qb) * dz, qy,
            2 * (qb * qd - a * qc) * dx, 2 * (qc * qd + a * qb) * dy, (a * a + qd * qd - qc * qc - qb * qb) * dz, qz,
            0, 0, 0, 1};
    }

    // ------------------------------------------------------------------ writing

    /** Writes the volume; {@code gzip} true gives {@code .nii.gz} bytes. Values are rounded for integer types. */
    public void write(OutputStream out, NiftiDataType type, boolean gzip) throws IOException {
        OutputStream o = gzip ? new GZIPOutputStream(out, 65536) : out;
        o.write(header(type));
        int bytes = type.bytes();
        ByteBuffer bb = ByteBuffer.allocate(65536 - 65536 % 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            if (bb.remaining() < bytes) {
                o.write(bb.array(), 0, bb.position());
                bb.clear();
            }
            switch (type) {
                case UINT8: bb.put((byte) clamp(Math.round(f), 0, 255)); break;
                case INT8: bb.put((byte) clamp(Math.round(f), -128, 127)); break;
                case INT16: bb.putShort((short) clamp(Math.round(f), Short.MIN_VALUE, Short.MAX_VALUE)); break;
                case UINT16: bb.putShort((short) clamp(Math.round(f), 0, 65535)); break;
                case INT32: bb.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round((double) f)))); break;
                case UINT32: bb.putInt((int) Math.max(0, Math.min(0xffffffffL, Math.round((double) f)))); break;
                case FLOAT32: bb.putFloat(f); break;
                default: bb.putDouble(f); break;
            }
        }
        o.write(bb.array(), 0, bb.position());
        if (gzip) {
            ((GZIPOutputStream) o).finish();
        }
        o.flush();
    }

    public byte[] toBytes(NiftiDataType type, boolean gzip) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            write(bos, type, gzip);
        } catch (IOException e) {
            throw new NiftiException("cannot encode NIfTI", e);
        }
        return bos.toByteArray();
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private byte[] header(NiftiDataType type) {
        if (nx > Short.MAX_VALUE || ny > Short.MAX_VALUE || nz > Short.MAX_VALUE) {
            throw new NiftiException("dimension exceeds NIfTI-1 limit of 32767");
        }
        ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, HEADER_SIZE);
        h.put(38, (byte) 'r');
        short[] dim = {3, (short) nx, (short) ny, (short) nz, 1, 1, 1, 1};
        for (int d = 0; d < 8; d++) {
            h.putShort(40 + 2 * d, dim[d]);
        }
        h.putShort(70, (short) type.code);
        h.putShort(72, (short) type.bitpix);
        double[] dims = {Affine.columnNorm(affine, 0), Affine.columnNorm(affine, 1), Affine.columnNorm(affine, 2)};
        double[] q = affineToQuatern(affine);
        h.putFloat(76, (float) q[6]);
        for (int d = 0; d < 3; d++) {
            h.putFloat(80 + 4 * d, (float) dims[d]);
        }
        h.putFloat(92, 1f);
        h.putFloat(108, VOX_OFFSET);
        h.putFloat(112, 1f);
        h.putFloat(116, 0f);
        h.put(123, (byte) 2); // xyzt_units: mm
        byte[] descrip = "medcloud".getBytes(StandardCharsets.US_ASCII);
        h.put(148, descrip);
        h.putShort(252, (short) 1);
        h.putShort(254, (short) 1);
        for (int i = 0; i < 6; i++) {
            h.putFloat(256 + 4 * i, (float) q[i]);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                h.putFloat(280 + 16 * r + 4 * c, (float) affine[r * 4 + c]);
            }
        }
        h.put(344, (byte) 'n');
        h.put(345, (byte) '+');
        h.put(346, (byte) '1');
        return h.array();
    }

    /** nifti_mat44_to_quatern: {b, c, d, qx, qy, qz, qfac} of the nearest rotation (polar decomposition skipped). */
    static double[] affineToQuatern(double[] m) {
        double r11 = m[0], r12 = m[1], r13 = m[2], r21 = m[4], r22 = m[5], r23 = m[6], r31 = m[8], r32 = m[9], r33 = m[10];
        double xd = Math.sqrt(r11 * r11 + r21 * r21 + r31 * r31);
        double yd = Math.sqrt(r12 * r12 + r22 * r22 + r32 * r32);
        double zd = Math.sqrt(r13 * r13 + r23 * r23 + r33 * r33);
        if (xd == 0) { r11 = 1; r21 = 0; r31 = 0; xd = 1; }
        if (yd == 0) { r22 = 1; r12 = 0; r32 = 0; yd = 1; }
        if (zd == 0) { r33 = 1; r13 = 0; r23 = 0; zd = 1; }
        r11 /= xd; r21 /= xd; r31 /= xd;
        r12 /= yd; r22 /= yd; r32 /= yd;
        r13 /= zd; r23 /= zd; r33 /= zd;
        double det = r11 * r22 * r33 - r11 * r32 * r23 - r21 * r12 * r33 + r21 * r32 * r13 + r31 * r12 * r23 - r31 * r22 * r13;
        double qfac = 1;
        if (det < 0) {
            qfac = -1;
            r13 = -r13; r23 = -r23; r33 = -r33;
        }
        double a = r11 + r22 + r33 + 1;
        double b, c, d;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            b = 0.25 * (r32 - r23) / a;
            c = 0.25 * (r13 - r31) / a;
            d = 0.25 * (r21 - r12) / a;
        } else {
            double x = 1 + r11 - (r22 + r33);
            double y = 1 + r22 - (r11 + r33);
            double z = 1 + r33 - (r11 + r22);
            if (x > 1) {
                b = 0.5 * Math.sqrt(x); c = 0.25 * (r12 + r21) / b; d = 0.25 * (r13 + r31) / b; a = 0.25 * (r32 - r23) / b;
            } else if (y > 1) {
                c = 0.5 * Math.sqrt(y); b = 0.25 * (r12 + r21) / c; d = 0.25 * (r23 + r32) / c; a = 0.25 * (r13 - r31) / c;
            } else {
                d = 0.5 * Math.sqrt(z); b = 0.25 * (r13 + r31) / d; c = 0.25 * (r23 + r32) / d; a = 0.25 * (r21 - r12) / d;
            }
            if (a < 0) {
                b = -b; c = -c; d = -d;
            }
        }
        return new double[] {b, c, d, m[3], m[7], m[11], qfac};
    }
}
