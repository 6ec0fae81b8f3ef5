package org.medcloud.dicom.pixel;

/**
 * One decoded frame: samples interleaved (pixel by pixel), already masked to Bits Stored and sign-extended.
 *
 * @param photometric after colour conversion: MONOCHROME1, MONOCHROME2, RGB or PALETTE COLOR
 */
public record DecodedFrame(int width, int height, int samplesPerPixel, int bitsStored, boolean signed, String photometric, int[] samples) {
    public int sample(int x, int y, int s) { return samples[(y * width + x) * samplesPerPixel + s]; }
}
