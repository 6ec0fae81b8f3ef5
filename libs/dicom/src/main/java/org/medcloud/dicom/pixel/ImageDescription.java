package org.medcloud.dicom.pixel;

import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.Tags;

/** Image Pixel module attributes needed to interpret pixel data. */
public record ImageDescription(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored, int highBit,
                               boolean signed, int planarConfiguration, String photometric, int frames) {

    public static ImageDescription of(DicomObject o) {
        int ba = o.getInt(Tags.BitsAllocated, 16);
        int bs = o.getInt(Tags.BitsStored, ba);
        if (bs <= 0 || bs > ba) bs = ba;
        int hb = o.getInt(Tags.HighBit, bs - 1);
        if (hb < bs - 1 || hb >= ba) hb = bs - 1;
        String pi = o.getString(Tags.PhotometricInterpretation, "MONOCHROME2").trim().toUpperCase(java.util.Locale.ROOT);
        int frames = Math.max(1, o.getInt(Tags.NumberOfFrames, 1));
        return new ImageDescription(o.getInt(Tags.Rows, 0), o.getInt(Tags.Columns, 0), Math.max(1, o.getInt(Tags.SamplesPerPixel, 1)),
                ba, bs, hb, o.getInt(Tags.PixelRepresentation, 0) == 1, o.getInt(Tags.PlanarConfiguration, 0), pi, frames);
    }

    /** Bytes of one native frame (bits rounded up for 1-bit data). */
    public long frameLengthBits() { return (long) rows * columns * samplesPerPixel * bitsAllocated; }

    public boolean isMonochrome() { return photometric.startsWith("MONOCHROME"); }
}
