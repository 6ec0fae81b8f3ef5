package org.medcloud.dicom.render;

/** Area-averaging downscale (box filter with fractional coverage), nearest neighbour for enlarging. */
final class Resize {
    private Resize() {}

    static RenderedFrame fit(RenderedFrame r, RenderOptions o) {
        int w = r.width(), h = r.height();
        int tw = w, th = h;
        if (o.maxSize > 0 && Math.max(w, h) > o.maxSize) {
            double s = (double) o.maxSize / Math.max(w, h);
            tw = Math.max(1, (int) Math.round(w * s));
            th = Math.max(1, (int) Math.round(h * s));
        } else if (o.outWidth > 0 || o.outHeight > 0) {
            double sx = o.outWidth > 0 ? (double) o.outWidth / w : Double.MAX_VALUE;
            double sy = o.outHeight > 0 ? (double) o.outHeight / h : Double.MAX_VALUE;
            double s = Math.min(sx, sy);
            tw = Math.max(1, (int) Math.round(w * s));
            th = Math.max(1, (int) Math.round(h * s));
        }
        if (tw == w && th == h) return r;
        return resize(r, tw, th);
    }

    static RenderedFrame resize(RenderedFrame r, int tw, int th) {
        int w = r.width(), h = r.height(), ch = r.channels();
        byte[] src = r.pixels();
        if (tw >= w && th >= h) {
            byte[] out = new byte[tw * th * ch];
            for (int y = 0; y < th; y++) {
                int sy = (int) ((long) y * h / th);
                for (int x = 0; x < tw; x++) {
                    int sx = (int) ((long) x * w / tw);
                    for (int c = 0; c < ch; c++) out[(y * tw + x) * ch + c] = src[(sy * w + sx) * ch + c];
                }
            }
            return new RenderedFrame(tw, th, ch, out);
        }
        // horizontal pass into float rows, then vertical
        float[] tmp = new float[tw * h * ch];
        Weights wx = new Weights(w, tw);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < tw; x++) {
                for (int c = 0; c < ch; c++) {
                    float acc = 0;
                    for (int k = wx.start[x], j = 0; j < wx.len[x]; j++, k++) acc += (src[(y * w + k) * ch + c] & 0xFF) * wx.wt[x][j];
                    tmp[(y * tw + x) * ch + c] = acc;
                }
            }
        }
        Weights wy = new Weights(h, th);
        byte[] out = new byte[tw * th * ch];
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                for (int c = 0; c < ch; c++) {
                    float acc = 0;
                    for (int k = wy.start[y], j = 0; j < wy.len[y]; j++, k++) acc += tmp[(k * tw + x) * ch + c] * wy.wt[y][j];
                    int v = Math.round(acc);
                    out[(y * tw + x) * ch + c] = (byte) (v < 0 ? 0 : Math.min(255, v));
                }
            }
        }
        return new RenderedFrame(tw, th, ch, out);
    }

    /** Box-filter weights mapping n source samples to m (<= n or any) target samples. */
    private static final class Weights {
        final int[] start, len;
        final float[][] wt;

        Weights(int n, int m) {
            start = new int[m];
            len = new int[m];
            wt = new float[m][];
            double scale = (double) n / m;
            for (int i = 0; i < m; i++) {
                double a = i * scale, b = Math.min(n, (i + 1) * scale);
                int s = (int) Math.floor(a), e = (int) Math.ceil(b);
                if (e <= s) e = s + 1;
                if (e > n) e = n;
                start[i] = s;
                len[i] = e - s;
                wt[i] = new float[e - s];
                double total = 0;
                for (int k = s; k < e; k++) {
                    double cov = Math.min(b, k + 1) - Math.max(a, k);
                    wt[i][k - s] = (float) Math.max(0, cov);
                    total += Math.max(0, cov);
                }
                for (int k = 0; k < wt[i].length; k++) wt[i][k] /= (float) (total == 0 ? 1 : total);
            }
        }
    }
}
