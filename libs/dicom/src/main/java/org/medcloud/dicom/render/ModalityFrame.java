package org.medcloud.dicom.render;

/**
 * Modality values of a monochrome frame for client-side windowing: stored values (16-bit when Bits Stored <= 16)
 * plus the linear rescale, and the modality values themselves (rescale or Modality LUT applied).
 */
public record ModalityFrame(int width, int height, int bitsStored, boolean signed, short[] stored, double rescaleSlope,
                            double rescaleIntercept, float[] values, float min, float max) {}
