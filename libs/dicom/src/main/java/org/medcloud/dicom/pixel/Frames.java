package org.medcloud.dicom.pixel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medcloud.dicom.DicomElement;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.Fragments;
import org.medcloud.dicom.Tags;
import org.medcloud.dicom.UID;

/** Frame access in the stored transfer syntax. Frame numbers are 1-based (as in WADO-RS). */
public final class Frames {
    private Frames() {}

    /** Number of Frames (0028,0008), 1 when absent. */
    public static int count(DicomObject o) { return Math.max(1, o.getInt(Tags.NumberOfFrames, 1)); }

    /**
     * Raw bytes of frame N: for native syntaxes the frame's slice of Pixel Data (1-bit frames re-aligned to a byte
     * boundary; big endian data stays big endian), for encapsulated syntaxes the frame's fragments concatenated.
     */
    public static byte[] rawFrame(DicomObject o, int frameNumber) throws DicomException {
        DicomElement px = pixelData(o);
        int n = count(o);
        if (frameNumber < 1 || frameNumber > n) throw new DicomException("frame " + frameNumber + " out of range 1.." + n);
        if (px.fragments() != null) return concat(fragmentsOfFrame(o, px.fragments(), frameNumber, n));
        ImageDescription d = ImageDescription.of(o);
        byte[] all = px.bytes();
        long bits = d.frameLengthBits();
        if (d.photometric().equals("YBR_FULL_422") && d.samplesPerPixel() == 3) bits = bits * 2 / 3; // 2 samples per pixel stored
        long startBit = bits * (frameNumber - 1);
        if (bits % 8 == 0) {
            long start = startBit / 8, len = bits / 8;
            if (start + len > all.length) {
                throw new DicomException("Pixel Data holds " + all.length + " bytes, frame " + frameNumber + " needs up to " + (start + len));
            }
            return Arrays.copyOfRange(all, (int) start, (int) (start + len));
        }
        // 1-bit data with frames not on byte boundaries
        int outLen = (int) ((bits + 7) / 8);
        if ((startBit + bits + 7) / 8 > all.length) throw new DicomException("Pixel Data too short for frame " + frameNumber);
        byte[] out = new byte[outLen];
        for (long i = 0; i < bits; i++) {
            long b = startBit + i;
            if ((all[(int) (b >>> 3)] >> (b & 7) & 1) != 0) out[(int) (i >>> 3)] |= (byte) (1 << (i & 7));
        }
        return out;
    }

    static DicomElement pixelData(DicomObject o) throws DicomException {
        DicomElement px = o.get(Tags.PixelData);
        if (px == null) px = o.get(Tags.FloatPixelData);
        if (px == null) px = o.get(Tags.DoubleFloatPixelData);
        if (px == null) throw new DicomException("no Pixel Data");
        if (px.bytes() == null && px.fragments() == null) throw new DicomException("Pixel Data was not read (header-only object)");
        return px;
    }

    /** The fragments that make up frame N of an encapsulated Pixel Data element. */
    public static List<byte[]> fragmentsOfFrame(DicomObject o, Fragments f, int frameNumber, int frames) throws DicomException {
        List<byte[]> frags = f.fragments();
        long[] offs = f.fragmentOffsets();
        int idx = frameNumber - 1;
        byte[] eot = o.getBytes(Tags.ExtendedOffsetTable);
        byte[] eotLen = o.getBytes(Tags.ExtendedOffsetTableLengths);
        if (eot != null && eot.length >= 8L * frames) {
            ByteBuffer b = ByteBuffer.wrap(eot).order(ByteOrder.LITTLE_ENDIAN);
            long start = b.getLong(idx * 8);
            long end = idx + 1 < frames ? b.getLong((idx + 1) * 8) : Long.MAX_VALUE;
            if (eotLen != null && eotLen.length >= 8L * frames) {
                long l = ByteBuffer.wrap(eotLen).order(ByteOrder.LITTLE_ENDIAN).getLong(idx * 8);
                // one fragment per frame is required with an EOT; take the fragment starting at 'start'
                for (int i = 0; i < frags.size(); i++) if (offs[i] == start) return List.of(frags.get(i).length > l ? Arrays.copyOf(frags.get(i), (int) l) : frags.get(i));
            }
            return between(frags, offs, start, end, frameNumber);
        }
        byte[] bot = f.basicOffsetTable();
        if (bot.length >= 4L * frames && bot.length % 4 == 0) {
            ByteBuffer b = ByteBuffer.wrap(bot).order(ByteOrder.LITTLE_ENDIAN);
            long start = b.getInt(idx * 4) & 0xFFFFFFFFL;
            long end = idx + 1 < frames ? b.getInt((idx + 1) * 4) & 0xFFFFFFFFL : Long.MAX_VALUE;
            List<byte[]> r = between(frags, offs, start, end, frameNumber);
            if (!r.isEmpty()) return r;
        }
        if (frames == 1) return frags;
        if (frags.size() == frames) return List.of(frags.get(idx));
        // no usable offset table: a frame starts at each fragment beginning with a JPEG SOI / J2K SOC marker
        List<List<byte[]>> byFrame = new ArrayList<>();
        for (byte[] fr : frags) {
            boolean start = fr.length >= 2 && (fr[0] & 0xFF) == 0xFF && ((fr[1] & 0xFF) == 0xD8 || (fr[1] & 0xFF) == 0x4F);
            if (start || byFrame.isEmpty()) byFrame.add(new ArrayList<>());
            byFrame.get(byFrame.size() - 1).add(fr);
        }
        if (byFrame.size() == frames) return byFrame.get(idx);
        throw new DicomException("cannot locate frame " + frameNumber + " among " + frags.size() + " fragments (no offset table)");
    }

    private static List<byte[]> between(List<byte[]> frags, long[] offs, long start, long end, int frameNumber) throws DicomException {
        List<byte[]> r = new ArrayList<>();
        for (int i = 0; i < frags.size(); i++) if (offs[i] >= start && offs[i] < end) r.add(frags.get(i));
        if (r.isEmpty()) throw new DicomException("offset table points to no fragment for frame " + frameNumber);
        return r;
    }

    static byte[] concat(List<byte[]> parts) {
        if (parts.size() == 1) return parts.get(0);
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] r = new byte[n];
        int k = 0;
        for (byte[] p : parts) { System.arraycopy(p, 0, r, k, p.length); k += p.length; }
        return r;
    }

    /** True when the transfer syntax stores Pixel Data natively. */
    public static boolean isNative(DicomObject o) { return UID.isNative(o.transferSyntaxUid()); }
}
