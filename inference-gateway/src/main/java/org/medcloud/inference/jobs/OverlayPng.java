package org.medcloud.inference.jobs;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** RGBA PNG of one instance's labels: legend colour with alpha where labelled, fully transparent elsewhere. */
public final class OverlayPng {

    private OverlayPng() {
    }

    public static byte[] encode(int[] labels, int rows, int columns, List<Legend.Entry> legend) {
        Map<Integer, Integer> argb = new HashMap<>();
        for (Legend.Entry e : legend) {
            int[] c = e.color();
            argb.put(e.value(), (c[3] << 24) | (c[0] << 16) | (c[1] << 8) | c[2]);
        }
        BufferedImage img = new BufferedImage(columns, rows, BufferedImage.TYPE_INT_ARGB);
        int[] px = new int[rows * columns];
        for (int i = 0; i < px.length; i++) {
            int v = labels == null ? 0 : labels[i];
            if (v != 0) {
                px[i] = argb.getOrDefault(v, (Legend.ALPHA << 24) | 0xffff00);
            }
        }
        img.setRGB(0, 0, columns, rows, px, 0, columns);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
