package org.medcloud.dicom.pixel;

import org.medcloud.dicom.DicomException;

/**
 * JPEG-LS (ITU-T T.87) decoder written for this library (no JPEG-LS decoder is on Maven Central): lossless and
 * near-lossless, 2..16 bits, 1..4 components, interleave modes none and line (sample interleave for 1 component).
 */
public final class JpegLsDecoder {
    private JpegLsDecoder() {}

    public record Image(int width, int height, int components, int bits, int[] samples) {}

    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    public static Image decode(byte[] d) throws DicomException { return decode(d, -1, -1); }

    /** Refuses (before allocating) a frame whose size differs from expectedWidth x expectedHeight (when >= 0). */
    public static Image decode(byte[] d, int expectedWidth, int expectedHeight) throws DicomException {
        try {
            State st = new State(d);
            st.expectedW = expectedWidth;
            st.expectedH = expectedHeight;
            return st.run();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new DicomException("truncated or corrupt JPEG-LS stream", e);
        }
    }

    private static final class State {
        final byte[] d;
        int pos;
        int width, height, comps, bits;
        int expectedW = -1, expectedH = -1;
        int maxval = -1, t1, t2, t3, reset = 64;
        int near, ilv;
        int[] out;
        // coding parameters
        int range, qbpp, limit;
        int[] A = new int[367], B = new int[367], C = new int[367], N = new int[367], Nn = new int[367];
        int[] runIndex;
        // bit reader
        int cur, bitsLeft;
        boolean prevFF;

        State(byte[] d) { this.d = d; }

        int u8() { return d[pos++] & 0xFF; }
        int u16() { return (u8() << 8) | u8(); }

        Image run() throws DicomException {
            if (u16() != 0xFFD8) throw new DicomException("JPEG-LS: missing SOI");
            int customMax = -1, c1 = 0, c2 = 0, c3 = 0, cReset = 0;
            while (true) {
                int m = u8();
                if (m != 0xFF) continue;
                int marker = u8();
                while (marker == 0xFF) marker = u8();
                if (marker == 0xD9) break;
                if (marker >= 0xD0 && marker <= 0xD7) continue;
                int len = u16();
                int next = pos + len - 2;
                if (marker == 0xF7) {
                    if (out != null) throw new DicomException("JPEG-LS: second frame header (SOF55)");
                    bits = u8();
                    height = u16();
                    width = u16();
                    comps = u8();
                    if (bits < 2 || bits > 16 || width <= 0 || height <= 0 || comps < 1 || comps > 4) throw new DicomException("JPEG-LS: bad frame header");
                    if ((long) width * height * comps > FrameDecoder.MAX_SAMPLES) throw new DicomException("JPEG-LS: image too large");
                    if (expectedW >= 0 && (width != expectedW || height != expectedH)) {
                        throw new DicomException("JPEG-LS frame is " + width + "x" + height + ", data set says " + expectedW + "x" + expectedH);
                    }
                    out = new int[width * height * comps];
                } else if (marker == 0xF8) {
                    int id = u8();
                    if (id == 1) { customMax = u16(); c1 = u16(); c2 = u16(); c3 = u16(); cReset = u16(); }
                    else throw new DicomException("JPEG-LS: unsupported LSE marker type " + id);
                } else if (marker == 0xDA) {
                    if (out == null) throw new DicomException("JPEG-LS: SOS before SOF55");
                    int ns = u8();
                    int[] ids = new int[ns];
                    for (int i = 0; i < ns; i++) { ids[i] = u8(); u8(); }
                    near = u8();
                    ilv = u8();
                    if (ilv == 2 && ns > 1) throw new DicomException("JPEG-LS sample-interleaved colour (ILV 2) is not supported");
                    if (ilv > 2) throw new DicomException("JPEG-LS: invalid interleave mode " + ilv);
                    u8(); // point transform
                    pos = next;
                    setup(customMax, c1, c2, c3, cReset);
                    int firstComp = 0;
                    if (ns == 1 && comps > 1) firstComp = componentIndex(ids[0]);
                    scan(ns, firstComp);
                    // find the marker that ends the scan
                    while (pos < d.length - 1 && !((d[pos] & 0xFF) == 0xFF && (d[pos + 1] & 0xFF) >= 0x80)) pos++;
                    if (ns == comps || firstComp == comps - 1) {
                        if (ns == comps || ilv != 0) break;
                    }
                    continue;
                } else if (marker == 0xD8) {
                    continue;
                }
                pos = next;
            }
            if (out == null) throw new DicomException("JPEG-LS: no frame");
            return new Image(width, height, comps, bits, out);
        }

        int componentIndex(int id) { return Math.max(0, Math.min(comps - 1, id - 1)); }

        void setup(int customMax, int c1, int c2, int c3, int cReset) {
            maxval = customMax > 0 ? customMax : (1 << bits) - 1;
            reset = cReset > 0 ? cReset : 64;
            if (maxval >= 128) {
                int factor = (Math.min(maxval, 4095) + 128) / 256;
                t1 = clampT(factor * (3 - 2) + 2 + 3 * near, near + 1);
                t2 = clampT(factor * (7 - 3) + 3 + 5 * near, t1);
                t3 = clampT(factor * (21 - 4) + 4 + 7 * near, t2);
            } else {
                int factor = 256 / (maxval + 1);
                t1 = clampT(Math.max(2, 3 / factor + 3 * near), near + 1);
                t2 = clampT(Math.max(3, 7 / factor + 5 * near), t1);
                t3 = clampT(Math.max(4, 21 / factor + 7 * near), t2);
            }
            if (c1 > 0) t1 = c1;
            if (c2 > 0) t2 = c2;
            if (c3 > 0) t3 = c3;
            range = (maxval + 2 * near) / (2 * near + 1) + 1;
            qbpp = 32 - Integer.numberOfLeadingZeros(range - 1);
            int bpp = Math.max(2, 32 - Integer.numberOfLeadingZeros(maxval));
            limit = 2 * (bpp + Math.max(8, bpp));
            int a = Math.max(2, (range + 32) / 64);
            for (int i = 0; i < 367; i++) { A[i] = a; B[i] = 0; C[i] = 0; N[i] = 1; Nn[i] = 0; }
            runIndex = new int[comps];
            cur = 0; bitsLeft = 0; prevFF = false;
        }

        int clampT(int i, int j) { return (i > maxval || i < j) ? j : i; }

        int bit() {
            if (bitsLeft == 0) {
                int b = pos < d.length ? d[pos++] & 0xFF : 0;
                if (prevFF) { cur = b & 0x7F; bitsLeft = 7; } else { cur = b; bitsLeft = 8; }
                prevFF = b == 0xFF;
            }
            bitsLeft--;
            return (cur >> bitsLeft) & 1;
        }

        int bits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) v = (v << 1) | bit();
            return v;
        }

        int golomb(int k, int lim) throws DicomException {
            int q = 0;
            while (bit() == 0) {
                if (++q > lim) throw new DicomException("JPEG-LS: corrupt Golomb code");
            }
            if (q < lim - qbpp - 1) return (q << k) | bits(k);
            return bits(qbpp) + 1;
        }

        void scan(int ns, int firstComp) throws DicomException {
            int lineComps = ilv == 0 ? 1 : ns;
            int[][] prev = new int[lineComps][width + 2];
            int[][] curr = new int[lineComps][width + 2];
            for (int y = 0; y < height; y++) {
                for (int c = 0; c < lineComps; c++) {
                    int comp = ilv == 0 ? firstComp : c;
                    int[] p = prev[c], l = curr[c];
                    l[0] = p[1];
                    p[width + 1] = p[width];
                    line(p, l, comp);
                    for (int x = 0; x < width; x++) out[(y * width + x) * comps + comp] = l[x + 1];
                    prev[c] = l;
                    curr[c] = p;
                }
            }
        }

        /** Decodes one line; index 1..width are samples, 0 and width+1 are the edge extensions. */
        void line(int[] p, int[] l, int comp) throws DicomException {
            int x = 1;
            while (x <= width) {
                int ra = l[x - 1], rb = p[x], rc = p[x - 1], rd = p[x + 1];
                int d1 = rd - rb, d2 = rb - rc, d3 = rc - ra;
                if (Math.abs(d1) <= near && Math.abs(d2) <= near && Math.abs(d3) <= near) {
                    x = runMode(p, l, x, comp);
                } else {
                    l[x] = regular(ra, rb, rc, d1, d2, d3);
                    x++;
                }
            }
        }

        int quant(int di) {
            if (di <= -t3) return -4;
            if (di <= -t2) return -3;
            if (di <= -t1) return -2;
            if (di < -near) return -1;
            if (di <= near) return 0;
            if (di < t1) return 1;
            if (di < t2) return 2;
            if (di < t3) return 3;
            return 4;
        }

        int regular(int ra, int rb, int rc, int d1, int d2, int d3) throws DicomException {
            int q1 = quant(d1), q2 = quant(d2), q3 = quant(d3);
            int sign = 1;
            if (q1 < 0 || (q1 == 0 && q2 < 0) || (q1 == 0 && q2 == 0 && q3 < 0)) { sign = -1; q1 = -q1; q2 = -q2; q3 = -q3; }
            int q = 81 * q1 + 9 * q2 + q3;
            int px;
            if (rc >= Math.max(ra, rb)) px = Math.min(ra, rb);
            else if (rc <= Math.min(ra, rb)) px = Math.max(ra, rb);
            else px = ra + rb - rc;
            px += sign * C[q];
            if (px > maxval) px = maxval; else if (px < 0) px = 0;
            int k = 0;
            while (k < 24 && ((long) N[q] << k) < A[q]) k++; // bounded: corrupt streams must not spin
            int m = golomb(k, limit);
            int err;
            if (near == 0 && k == 0 && 2 * B[q] <= -N[q]) err = (m & 1) != 0 ? (m - 1) / 2 : -(m / 2) - 1;
            else err = (m & 1) == 0 ? m / 2 : -(m + 1) / 2;
            // context update
            B[q] += err * (2 * near + 1);
            A[q] += Math.abs(err);
            if (N[q] == reset) { A[q] >>= 1; B[q] >>= 1; N[q] >>= 1; }
            N[q]++;
            if (B[q] <= -N[q]) {
                B[q] += N[q];
                if (C[q] > -128) C[q]--;
                if (B[q] <= -N[q]) B[q] = -N[q] + 1;
            } else if (B[q] > 0) {
                B[q] -= N[q];
                if (C[q] < 127) C[q]++;
                if (B[q] > 0) B[q] = 0;
            }
            return fix(px + sign * err * (2 * near + 1));
        }

        int fix(int rx) {
            int r = range * (2 * near + 1);
            if (rx < -near) rx += r;
            else if (rx > maxval + near) rx -= r;
            return rx < 0 ? 0 : Math.min(rx, maxval);
        }

        int runMode(int[] p, int[] l, int x, int comp) throws DicomException {
            int ra = l[x - 1];
            int count = width - x + 1;
            int idx = 0;
            while (bit() == 1) {
                int n = Math.min(1 << J[runIndex[comp]], count - idx);
                idx += n;
                if (n == (1 << J[runIndex[comp]])) runIndex[comp] = Math.min(31, runIndex[comp] + 1);
                if (idx == count) break;
            }
            if (idx != count) idx += J[runIndex[comp]] > 0 ? bits(J[runIndex[comp]]) : 0;
            if (idx > count) throw new DicomException("JPEG-LS: run past end of line");
            for (int i = 0; i < idx; i++) l[x + i] = ra;
            x += idx;
            if (idx == count) return x;
            // run interruption sample
            int rb = p[x];
            int riType = Math.abs(ra - rb) <= near ? 1 : 0;
            int ctx = 365 + riType;
            int temp = riType == 1 ? A[ctx] + (N[ctx] >> 1) : A[ctx];
            int k = 0;
            while (k < 24 && ((long) N[ctx] << k) < temp) k++;
            int em = golomb(k, limit - J[runIndex[comp]] - 1);
            int t = em + riType;
            int map = t & 1;
            int abs = (t + map) / 2;
            int err = ((k != 0 || 2 * Nn[ctx] >= N[ctx]) == (map == 1)) ? -abs : abs;
            if (err < 0) Nn[ctx]++;
            A[ctx] += (em + 1 - riType) >> 1;
            if (N[ctx] == reset) { A[ctx] >>= 1; N[ctx] >>= 1; Nn[ctx] >>= 1; }
            N[ctx]++;
            int rx;
            if (riType == 1) rx = fix(ra + err * (2 * near + 1));
            else rx = fix(rb + err * (rb - ra >= 0 ? 1 : -1) * (2 * near + 1));
            l[x] = rx;
            if (runIndex[comp] > 0) runIndex[comp]--;
            return x + 1;
        }
    }
}
