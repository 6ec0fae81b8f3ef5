package org.medcloud.dicom.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** 8-bit output: channels 1 (grey) or 3 (RGB, interleaved). */
public record RenderedFrame(int width, int height, int channels, byte[] pixels) {
    public BufferedImage toBufferedImage() {
        BufferedImage bi = new BufferedImage(width, height, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        if (channels == 1) {
            System.arraycopy(pixels, 0, dst, 0, pixels.length);
        } else {
            for (int i = 0; i < pixels.length; i += 3) {
                dst[i] = pixels[i + 2];
                dst[i + 1] = pixels[i + 1];
                dst[i + 2] = pixels[i];
            }
        }
        return bi;
    }
}
