package org.medcloud.dicom.pixel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.medcloud.dicom.DicomException;

/** DICOM RLE Lossless (PS3.5 Annex G): one frame of segments to native little-endian, planar-by-sample bytes. */
public final class RleDecoder {
    private RleDecoder() {}

    /**
     * @return native frame bytes, little endian, planar configuration 1 (sample planes one after another)
     */
    public static byte[] decode(byte[] frame, int rows, int columns, int samplesPerPixel, int bitsAllocated) throws DicomException {
        if (frame.length < 64) throw new DicomException("RLE frame shorter than its 64-byte header");
        ByteBuffer h = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int segments = h.getInt(0);
        int bytesPerSample = (bitsAllocated + 7) / 8;
        int expected = bytesPerSample * samplesPerPixel;
        if (segments != expected || segments < 1 || segments > 15) {
            throw new DicomException("RLE header has " + segments + " segments, expected " + expected);
        }
        int pixels = rows * columns;
        byte[] out = new byte[pixels * expected];
        for (int s = 0; s < segments; s++) {
            long start = h.getInt(4 + 4 * s) & 0xFFFFFFFFL;
            long end = s + 1 < segments ? h.getInt(8 + 4 * s) & 0xFFFFFFFFL : frame.length;
            if (start < 64 || start > frame.length || end > frame.length || end < start) throw new DicomException("RLE segment " + s + " offset out of range");
            int sample = s / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // segments go from most to least significant byte
            int base = sample * pixels * bytesPerSample;
            int i = (int) start, e = (int) end, p = 0;
            while (i < e && p < pixels) {
                int n = frame[i++];
                if (n >= 0) {
                    int cnt = n + 1;
                    for (int k = 0; k < cnt && i < e && p < pixels; k++) out[base + (p++) * bytesPerSample + byteInSample] = frame[i++];
                } else if (n != -128) {
                    int cnt = 1 - n;
                    if (i >= e) break;
                    byte v = frame[i++];
                    for (int k = 0; k < cnt && p < pixels; k++) out[base + (p++) * bytesPerSample + byteInSample] = v;
                }
            }
        }
        return out;
    }
}
