package org.medcloud.dicom;

/**
 * Where Pixel Data sits in the stream.
 *
 * @param tag          (7FE0,0010), or float/double float pixel data
 * @param vr           VR of the element (OB/OW/OF/OD)
 * @param valueOffset  stream offset of the first value byte (of the inflated stream for deflated syntaxes)
 * @param length       value length, or -1 for undefined length (encapsulated)
 * @param encapsulated true for an encapsulated (compressed) pixel sequence
 */
public record PixelDataInfo(int tag, VR vr, long valueOffset, long length, boolean encapsulated) {}
