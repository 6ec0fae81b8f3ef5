package org.medcloud.dicom.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Minimal fast PNG writer (8-bit grey or RGB, Sub filter, java.util.zip.Deflater). */
public final class PngEncoder {
    private PngEncoder() {}

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    public static void encode(RenderedFrame f, OutputStream out) throws IOException { encode(f, out, Deflater.BEST_SPEED); }

    public static byte[] encode(RenderedFrame f) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(f.pixels().length / 2 + 1024);
        encode(f, b);
        return b.toByteArray();
    }

    /** Pseudo level: Huffman-only deflate (about a third faster than level 1, ~15% larger on CT). */
    public static final int HUFFMAN_ONLY = -2;

    /** @param level Deflater level 0..9 (1 = fastest), or {@link #HUFFMAN_ONLY} */
    public static void encode(RenderedFrame f, OutputStream out, int level) throws IOException {
        int w = f.width(), h = f.height(), ch = f.channels();
        out.write(SIGNATURE);
        byte[] ihdr = new byte[13];
        int32(ihdr, 0, w);
        int32(ihdr, 4, h);
        ihdr[8] = 8;
        ihdr[9] = (byte) (ch == 1 ? 0 : 2);
        chunk(out, "IHDR", ihdr, ihdr.length);
        int stride = w * ch;
        byte[] raw = new byte[(stride + 1) * h];
        byte[] px = f.pixels();
        for (int y = 0; y < h; y++) {
            int o = y * (stride + 1), s = y * stride;
            raw[o] = 1; // Sub
            for (int i = 0; i < ch && i < stride; i++) raw[o + 1 + i] = px[s + i];
            for (int i = ch; i < stride; i++) raw[o + 1 + i] = (byte) (px[s + i] - px[s + i - ch]);
        }
        Deflater def = new Deflater(level == HUFFMAN_ONLY ? Deflater.BEST_SPEED : level);
        if (level == HUFFMAN_ONLY) def.setStrategy(Deflater.HUFFMAN_ONLY);
        try {
            def.setInput(raw);
            def.finish();
            // deflate never expands by more than ~0.1% + a few bytes: one buffer, no copies
            byte[] z = new byte[raw.length + raw.length / 500 + 1024];
            int n = 0;
            while (!def.finished()) {
                if (n == z.length) z = java.util.Arrays.copyOf(z, z.length * 2);
                n += def.deflate(z, n, z.length - n);
            }
            chunk(out, "IDAT", z, n);
        } finally {
            def.end();
        }
        chunk(out, "IEND", new byte[0], 0);
    }

    private static void int32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    private static void chunk(OutputStream out, String type, byte[] data, int len) throws IOException {
        byte[] hdr = new byte[8];
        int32(hdr, 0, len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, hdr, 4, 4);
        out.write(hdr);
        out.write(data, 0, len);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, len);
        byte[] c = new byte[4];
        int32(c, 0, (int) crc.getValue());
        out.write(c);
    }
}
