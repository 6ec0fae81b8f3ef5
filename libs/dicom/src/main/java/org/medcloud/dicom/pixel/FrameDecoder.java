package org.medcloud.dicom.pixel;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.medcloud.dicom.DicomElement;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.UID;
import org.medcloud.dicom.UnsupportedTransferSyntaxException;

/** Decodes one frame to samples (native, RLE, JPEG, JPEG-LS, JPEG 2000). Frame numbers are 1-based. */
public final class FrameDecoder {
    private FrameDecoder() {}

    /**
     * Most samples one decoded frame may hold: 2^25 (e.g. 5792x5792 grey, 3344x3344 RGB; digital
     * mammography is about 2^24). Decoding and rendering hold two or three int arrays of this size,
     * so 2^26 let a few KB of compressed data claim ~768 MB (a JVM with -Xmx1g died of it while
     * fuzzing); 2^25 keeps one frame within ~400 MB.
     */
    public static final long MAX_SAMPLES = 1L << 25;

    public static DecodedFrame decode(DicomObject o, int frameNumber) throws DicomException {
        ImageDescription d = ImageDescription.of(o);
        if (d.rows() <= 0 || d.columns() <= 0) throw new DicomException("image has no Rows/Columns");
        if ((long) d.rows() * d.columns() * d.samplesPerPixel() > MAX_SAMPLES) throw new DicomException("image too large: " + d.rows() + "x" + d.columns());
        String ts = o.transferSyntaxUid();
        int ba = d.bitsAllocated();
        if (ba != 1 && ba != 8 && ba != 16 && ba != 32) {
            // checked before anything is allocated: RLE would otherwise size its output by (Bits Allocated + 7) / 8
            throw new UnsupportedTransferSyntaxException(ts, "Bits Allocated " + ba);
        }
        DicomElement px = Frames.pixelData(o);
        byte[] raw = Frames.rawFrame(o, frameNumber);
        if (px.fragments() == null) {
            if (d.bitsAllocated() > 32 || px.tag() != org.medcloud.dicom.Tags.PixelData) {
                throw new UnsupportedTransferSyntaxException(ts, "float pixel data / bits allocated " + d.bitsAllocated());
            }
            return fromNative(d, raw, px.isBigEndian(), d.planarConfiguration() == 1, d.photometric());
        }
        switch (ts) {
            case UID.RLELossless: {
                byte[] nat = RleDecoder.decode(raw, d.rows(), d.columns(), d.samplesPerPixel(), d.bitsAllocated());
                return fromNative(d, nat, false, d.samplesPerPixel() > 1, d.photometric());
            }
            case UID.JPEGBaseline8Bit: case UID.JPEGExtended12Bit: case UID.JPEGLossless: case UID.JPEGLosslessSV1:
            case "1.2.840.10008.1.2.4.52": case "1.2.840.10008.1.2.4.53": case "1.2.840.10008.1.2.4.54": case "1.2.840.10008.1.2.4.55":
            case "1.2.840.10008.1.2.4.56": case "1.2.840.10008.1.2.4.58": case "1.2.840.10008.1.2.4.59": case "1.2.840.10008.1.2.4.60":
            case "1.2.840.10008.1.2.4.61": case "1.2.840.10008.1.2.4.62": case "1.2.840.10008.1.2.4.63": case "1.2.840.10008.1.2.4.64":
            case "1.2.840.10008.1.2.4.65": case "1.2.840.10008.1.2.4.66":
                checkJpegHeader(raw, ts, d);
                return fromRaster(d, imageIo("jpeg", raw, ts, d), d.photometric(), true);
            case UID.JPEG2000Lossless: case UID.JPEG2000: case "1.2.840.10008.1.2.4.201": case "1.2.840.10008.1.2.4.202": case "1.2.840.10008.1.2.4.203":
                checkJ2kMarkers(raw, ts, d);
                return fromRaster(d, watchdog(() -> imageIo("jpeg2000", raw, ts, d), ts, d), d.photometric(), false);
            case UID.JPEGLSLossless: case UID.JPEGLSNearLossless: {
                JpegLsDecoder.Image img;
                try {
                    img = JpegLsDecoder.decode(raw, d.columns(), d.rows());
                } catch (DicomException e) {
                    if (e.getMessage().contains("not supported")) throw new UnsupportedTransferSyntaxException(ts, e.getMessage());
                    throw e;
                }
                int[] s = img.samples();
                return finish(d, s, img.width(), img.height(), img.components(), d.photometric(), false);
            }
            default:
                throw new UnsupportedTransferSyntaxException(ts, "no decoder");
        }
    }

    /**
     * Walks the J2K codestream headers. Packed packet headers (PPM/PPT) are refused: jj2000 loops forever on corrupt
     * ones, and DICOM encoders do not write them.
     */
    static void checkJ2kMarkers(byte[] b, String ts, ImageDescription d) throws DicomException {
        int p = 0;
        if (b.length >= 12 && (b[4] & 0xFF) == 'j' && (b[5] & 0xFF) == 'P') {
            // JP2 file format: check the embedded codestream's image header, leave the boxes to the codec
            for (int i = 0; i + 3 < b.length; i++) {
                if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0x4F && (b[i + 2] & 0xFF) == 0xFF && (b[i + 3] & 0xFF) == 0x51) {
                    checkJ2kSiz(b, i + 2, ts, d);
                    return;
                }
            }
            throw new DicomException("JPEG 2000 (JP2) frame holds no codestream");
        }
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0x4F) throw new DicomException("JPEG 2000 frame does not start with SOC");
        checkJ2kSiz(b, 2, ts, d);
        p = 2;
        int guard = 0;
        while (p + 4 <= b.length && guard++ < 100000) {
            if ((b[p] & 0xFF) != 0xFF) throw new DicomException("corrupt JPEG 2000 header at " + p);
            int m = b[p + 1] & 0xFF;
            if (m == 0xD9) return; // EOC
            int len = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            if (m == 0x60 || m == 0x61) throw new UnsupportedTransferSyntaxException(ts, "JPEG 2000 packed packet headers (PPM/PPT)");
            if (m == 0x90) { // SOT: skip the tile-part header markers up to SOD, then the whole tile-part
                if (p + 12 > b.length) return;
                long psot = ((b[p + 6] & 0xFFL) << 24) | ((b[p + 7] & 0xFF) << 16) | ((b[p + 8] & 0xFF) << 8) | (b[p + 9] & 0xFF);
                int q = p + 2 + len;
                while (q + 4 <= b.length && (b[q] & 0xFF) == 0xFF && (b[q + 1] & 0xFF) != 0x93) {
                    int mm = b[q + 1] & 0xFF;
                    if (mm == 0x60 || mm == 0x61) throw new UnsupportedTransferSyntaxException(ts, "JPEG 2000 packed packet headers (PPM/PPT)");
                    int l2 = ((b[q + 2] & 0xFF) << 8) | (b[q + 3] & 0xFF);
                    if (l2 < 2) throw new DicomException("corrupt JPEG 2000 tile-part header at " + q);
                    q += 2 + l2;
                }
                if (psot == 0) return; // last tile-part runs to EOC
                if (psot < 14) throw new DicomException("corrupt JPEG 2000 tile-part length at " + p);
                if (psot > b.length - p) return; // tile-part runs past the frame: the codec reports the truncation
                p += (int) psot;
                continue;
            }
            if (len < 2) throw new DicomException("corrupt JPEG 2000 marker length at " + p);
            p += 2 + len;
        }
    }

    /** Most tiles a JPEG 2000 frame may have: the codec keeps per-tile state for every tile before decoding any. */
    static final long MAX_J2K_TILES = 1 << 14;

    /**
     * Checks the image and tile header (SIZ, which must follow SOC) against the data set before any codec sees it:
     * a few bytes of SIZ can otherwise make the codec allocate for thousands of components or millions of 1x1
     * tiles (decompression bombs found by fuzzing).
     */
    static void checkJ2kSiz(byte[] b, int p, String ts, ImageDescription d) throws DicomException {
        if (p + 40 > b.length || (b[p] & 0xFF) != 0xFF || (b[p + 1] & 0xFF) != 0x51) throw new DicomException("JPEG 2000 codestream has no SIZ marker after SOC");
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
        int lsiz = bb.getShort(p + 2) & 0xFFFF;
        long xsiz = bb.getInt(p + 6) & 0xFFFFFFFFL, ysiz = bb.getInt(p + 10) & 0xFFFFFFFFL;
        long xo = bb.getInt(p + 14) & 0xFFFFFFFFL, yo = bb.getInt(p + 18) & 0xFFFFFFFFL;
        long xt = bb.getInt(p + 22) & 0xFFFFFFFFL, yt = bb.getInt(p + 26) & 0xFFFFFFFFL;
        long xto = bb.getInt(p + 30) & 0xFFFFFFFFL, yto = bb.getInt(p + 34) & 0xFFFFFFFFL;
        int csiz = bb.getShort(p + 38) & 0xFFFF;
        if (csiz != d.samplesPerPixel()) {
            throw new DicomException("JPEG 2000 frame has " + csiz + " components, data set says " + d.samplesPerPixel() + " samples per pixel");
        }
        if (lsiz != 38 + 3 * csiz || p + 2 + lsiz > b.length) throw new DicomException("corrupt JPEG 2000 SIZ marker (length " + lsiz + ")");
        if (xsiz <= xo || ysiz <= yo || xsiz - xo != d.columns() || ysiz - yo != d.rows()) {
            throw new DicomException("JPEG 2000 frame is " + (xsiz - xo) + "x" + (ysiz - yo) + ", data set says " + d.columns() + "x" + d.rows());
        }
        if (xt == 0 || yt == 0 || xto > xo || yto > yo || xto + xt <= xo || yto + yt <= yo) throw new DicomException("corrupt JPEG 2000 tile grid");
        long tiles = ((xsiz - xto + xt - 1) / xt) * ((ysiz - yto + yt - 1) / yt);
        if (tiles > MAX_J2K_TILES) throw new DicomException("JPEG 2000 frame has " + tiles + " tiles (at most " + MAX_J2K_TILES + ")");
        for (int c = 0; c < csiz; c++) {
            int ssiz = b[p + 40 + 3 * c] & 0x7F, xr = b[p + 41 + 3 * c] & 0xFF, yr = b[p + 42 + 3 * c] & 0xFF;
            if (ssiz + 1 > 32 || xr == 0 || yr == 0) throw new DicomException("corrupt JPEG 2000 component " + c + " in SIZ");
        }
    }

    /** The JDK DCT decoder behind TwelveMonkeys handles 8-bit DCT only; lossless (SOF3) of any precision is fine. */
    public static void checkJpegPrecision(byte[] b, String ts) throws DicomException { checkJpegHeader(b, ts, null); }

    /**
     * Also checks the frame header's size and component count against the data set (when given) before the codec
     * allocates anything: four components where the data set has one would quadruple the raster.
     */
    static void checkJpegHeader(byte[] b, String ts, ImageDescription d) throws DicomException {
        int p = 2;
        while (p + 9 < b.length && (b[p] & 0xFF) == 0xFF) {
            int m = b[p + 1] & 0xFF;
            if (m == 0xFF) { p++; continue; }
            int len = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                int precision = b[p + 4] & 0xFF;
                boolean lossless = m == 0xC3 || m == 0xC7 || m == 0xCB || m == 0xCF;
                if (!lossless && precision != 8) {
                    throw new UnsupportedTransferSyntaxException(ts, precision + "-bit DCT JPEG (SOF 0x" + Integer.toHexString(m) + ") has no decoder here");
                }
                if (d != null) {
                    int y = ((b[p + 5] & 0xFF) << 8) | (b[p + 6] & 0xFF), x = ((b[p + 7] & 0xFF) << 8) | (b[p + 8] & 0xFF), nf = b[p + 9] & 0xFF;
                    if (nf != d.samplesPerPixel()) throw new DicomException("JPEG frame has " + nf + " components, data set says " + d.samplesPerPixel() + " samples per pixel");
                    // y == 0 means "defined by a later DNL marker": the codec's reported size is checked then
                    if (x != d.columns() || (y != 0 && y != d.rows())) throw new DicomException("JPEG frame is " + x + "x" + y + ", data set says " + d.columns() + "x" + d.rows());
                }
                return;
            }
            if (len < 2) break;
            p += 2 + len;
        }
        if (d != null) throw new DicomException("JPEG frame has no frame header (SOF) before its data");
    }

    interface RasterTask { Raster run() throws DicomException; }

    /**
     * Runs a codec that is known to loop forever on some corrupt input (jj2000) on its own thread with a time budget
     * (system property medcloud.dicom.codecTimeoutMillis, default 5 s + 1 ms per 1000 pixels). On expiry the
     * thread is stopped where the JDK still allows it (Java 17-19) and a DicomException is thrown.
     */
    @SuppressWarnings({"deprecation", "removal"})
    static Raster watchdog(RasterTask task, String ts, ImageDescription d) throws DicomException {
        long budget = Long.getLong("medcloud.dicom.codecTimeoutMillis", 5000 + (long) d.rows() * d.columns() / 1000);
        Object[] result = new Object[1];
        Thread t = new Thread(() -> {
            try {
                result[0] = task.run();
            } catch (Throwable e) {
                result[0] = e;
            }
        }, "dicom-codec");
        t.setDaemon(true);
        t.start();
        try {
            t.join(budget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DicomException("interrupted while decoding", e);
        }
        if (t.isAlive()) {
            try {
                t.stop();
            } catch (UnsupportedOperationException ignored) {
                // JDK 20+: the thread cannot be stopped; it is a daemon and left to finish
            }
            throw new DicomException("codec did not finish within " + budget + " ms (corrupt " + ts + " data?)");
        }
        Object r = result[0];
        if (r instanceof Raster raster) return raster;
        if (r instanceof DicomException de) throw de;
        if (r instanceof Error err && !(r instanceof ThreadDeath)) throw new DicomException("codec failed: " + err, err);
        throw new DicomException("codec failed: " + r, r instanceof Throwable th ? th : null);
    }

    private static Raster imageIo(String format, byte[] data, String ts, ImageDescription d) throws DicomException {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        if (!it.hasNext()) throw new UnsupportedTransferSyntaxException(ts, "no ImageIO reader for " + format);
        ImageReader r = it.next();
        try (ImageInputStream in = new GuardedImageInputStream(data, 2000 + data.length / 1000)) {
            r.setInput(in);
            // never let a codec allocate for dimensions other than the data set's (decompression bombs)
            if (r.getWidth(0) != d.columns() || r.getHeight(0) != d.rows()) {
                throw new DicomException(format + " frame is " + r.getWidth(0) + "x" + r.getHeight(0) + ", data set says " + d.columns() + "x" + d.rows());
            }
            return r.readRaster(0, null);
        } catch (IOException | RuntimeException | GuardedImageInputStream.CodecAbort | OutOfMemoryError e) {
            throw new DicomException("cannot decode " + format + " frame (" + ts + "): " + e, e);
        } finally {
            r.dispose();
        }
    }

    private static DecodedFrame fromRaster(ImageDescription d, Raster r, String photometric, boolean jpeg) throws DicomException {
        int w = r.getWidth(), h = r.getHeight(), bands = r.getNumBands();
        int[] s = r.getPixels(r.getMinX(), r.getMinY(), w, h, (int[]) null);
        if (r.getDataBuffer().getDataType() == DataBuffer.TYPE_SHORT) {
            for (int i = 0; i < s.length; i++) s[i] &= 0xFFFF; // as bit patterns; sign is restored from Bits Stored below
        }
        return finish(d, s, w, h, bands, photometric, jpeg);
    }

    /** Masks, sign-extends and converts colour of codec output (interleaved samples). */
    private static DecodedFrame finish(ImageDescription d, int[] s, int w, int h, int bands, String photometric, boolean jpeg) throws DicomException {
        if (w != d.columns() || h != d.rows()) throw new DicomException("codec returned " + w + "x" + h + ", expected " + d.columns() + "x" + d.rows());
        if (bands != d.samplesPerPixel()) throw new DicomException("codec returned " + bands + " samples per pixel, expected " + d.samplesPerPixel());
        int bs = d.bitsStored();
        int mask = bs >= 32 ? -1 : (1 << bs) - 1;
        boolean signed = d.signed();
        for (int i = 0; i < s.length; i++) {
            int v = s[i] & mask;
            if (signed && bs < 32 && (v & (1 << (bs - 1))) != 0) v |= ~mask;
            s[i] = v;
        }
        String pi = photometric;
        if (bands == 3) {
            if (pi.equals("YBR_FULL") || pi.equals("YBR_FULL_422")) {
                ybrFullToRgb(s, bs);
                pi = "RGB";
            } else if (pi.startsWith("YBR_PARTIAL")) {
                ybrPartialToRgb(s, bs);
                pi = "RGB";
            } else if (pi.equals("YBR_ICT") || pi.equals("YBR_RCT")) {
                pi = "RGB"; // the JPEG 2000 decoder applies the inverse component transform
            }
        }
        return new DecodedFrame(w, h, bands, bs, signed && bands == 1, pi, s);
    }

    static DecodedFrame fromNative(ImageDescription d, byte[] raw, boolean bigEndian, boolean planar, String photometric) throws DicomException {
        int w = d.columns(), h = d.rows(), spp = d.samplesPerPixel(), ba = d.bitsAllocated();
        int n = w * h * spp;
        long needBits = (long) n * ba;
        boolean ybr422 = photometric.equals("YBR_FULL_422") && spp == 3 && ba == 8;
        if (ybr422) {
            // two luma samples share one Cb/Cr pair: Y1 Y2 Cb Cr
            int[] s = new int[n];
            int pairs = (w * h) / 2;
            if (raw.length < pairs * 4) throw new DicomException("YBR_FULL_422 Pixel Data too short");
            for (int p = 0; p < pairs; p++) {
                int y1 = raw[p * 4] & 0xFF, y2 = raw[p * 4 + 1] & 0xFF, cb = raw[p * 4 + 2] & 0xFF, cr = raw[p * 4 + 3] & 0xFF;
                int o = p * 6;
                s[o] = y1; s[o + 1] = cb; s[o + 2] = cr;
                s[o + 3] = y2; s[o + 4] = cb; s[o + 5] = cr;
            }
            // DCMTK's formula for subsampled data (floating point, truncated)
            for (int i = 0; i + 2 < s.length; i += 3) {
                double y = s[i], cb = s[i + 1], cr = s[i + 2];
                s[i] = trunc255(y + 1.4020 * cr - 0.7010 * 255);
                s[i + 1] = trunc255(y - 0.3441 * cb - 0.7141 * cr + 0.5291 * 255);
                s[i + 2] = trunc255(y + 1.7720 * cb - 0.8859 * 255);
            }
            return new DecodedFrame(w, h, 3, d.bitsStored(), false, "RGB", s);
        }
        if ((needBits + 7) / 8 > raw.length) throw new DicomException("Pixel Data too short: " + raw.length + " bytes for a " + w + "x" + h + "x" + spp + " frame of " + ba + " bits");
        int[] s = new int[n];
        int planeSize = w * h;
        for (int i = 0; i < n; i++) {
            int src = planar ? (i % spp) * planeSize + i / spp : i;
            int v;
            switch (ba) {
                case 1: v = (raw[src >>> 3] >> (src & 7)) & 1; break;
                case 8: v = raw[src] & 0xFF; break;
                case 16: {
                    int a = raw[src * 2] & 0xFF, b = raw[src * 2 + 1] & 0xFF;
                    v = bigEndian ? (a << 8) | b : (b << 8) | a;
                    break;
                }
                case 32: {
                    int o = src * 4;
                    v = bigEndian ? ((raw[o] & 0xFF) << 24) | ((raw[o + 1] & 0xFF) << 16) | ((raw[o + 2] & 0xFF) << 8) | (raw[o + 3] & 0xFF)
                            : ((raw[o + 3] & 0xFF) << 24) | ((raw[o + 2] & 0xFF) << 16) | ((raw[o + 1] & 0xFF) << 8) | (raw[o] & 0xFF);
                    break;
                }
                default: throw new UnsupportedTransferSyntaxException("native", "Bits Allocated " + ba);
            }
            s[i] = v;
        }
        // High Bit: shift stored bits down when they do not start at bit 0
        int shift = d.highBit() + 1 - d.bitsStored();
        if (shift > 0 && ba > 1) for (int i = 0; i < n; i++) s[i] >>>= shift;
        if (spp == 3 && ba == 8 && !d.signed() && photometric.equals("YBR_FULL")) {
            ybrFullToRgb8(s);
            return finish(d, s, w, h, spp, "RGB", false);
        }
        return finish(d, s, w, h, spp, photometric, false);
    }

    /**
     * 8-bit YCbCr (full range) to RGB with the integer tables DCMTK uses, so native YBR_FULL renders like dcm2pnm.
     * The differences to the exact formula are at most 1-2 levels.
     */
    static void ybrFullToRgb8(int[] s) {
        int[] rcr = new int[256], gcb = new int[256], gcr = new int[256], bcb = new int[256];
        for (int l = 0; l < 256; l++) {
            rcr[l] = (int) (1.4020 * l - 0.7010 * 255);
            gcb[l] = (int) (0.3441 * l);
            gcr[l] = (int) (0.7141 * l - 0.5291 * 255);
            bcb[l] = (int) (1.7720 * l - 0.8859 * 255);
        }
        for (int i = 0; i + 2 < s.length; i += 3) {
            int y = s[i] & 255, cb = s[i + 1] & 255, cr = s[i + 2] & 255;
            int r = y + rcr[cr], g = y - gcb[cb] - gcr[cr], b = y + bcb[cb];
            s[i] = r < 0 ? 0 : Math.min(r, 255);
            s[i + 1] = g < 0 ? 0 : Math.min(g, 255);
            s[i + 2] = b < 0 ? 0 : Math.min(b, 255);
        }
    }

    private static int trunc255(double v) { return v <= 0 ? 0 : v >= 255 ? 255 : (int) v; }

    private static int clamp(double v, int max) {
        int r = (int) Math.round(v);
        return r < 0 ? 0 : Math.min(r, max);
    }

    static void ybrFullToRgb(int[] s, int bits) {
        int max = (1 << bits) - 1;
        double half = 1 << (bits - 1);
        for (int i = 0; i + 2 < s.length; i += 3) {
            double y = s[i], cb = s[i + 1] - half, cr = s[i + 2] - half;
            s[i] = clamp(y + 1.402 * cr, max);
            s[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr, max);
            s[i + 2] = clamp(y + 1.772 * cb, max);
        }
    }

    static void ybrPartialToRgb(int[] s, int bits) {
        int max = (1 << bits) - 1;
        double scale = (1 << bits) / 256.0;
        for (int i = 0; i + 2 < s.length; i += 3) {
            double y = s[i] - 16 * scale, cb = s[i + 1] - 128 * scale, cr = s[i + 2] - 128 * scale;
            s[i] = clamp(1.1644 * y + 1.5960 * cr, max);
            s[i + 1] = clamp(1.1644 * y - 0.3918 * cb - 0.8130 * cr, max);
            s[i + 2] = clamp(1.1644 * y + 2.0172 * cb, max);
        }
    }
}
