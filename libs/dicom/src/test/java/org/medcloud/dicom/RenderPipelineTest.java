package org.medcloud.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.medcloud.dicom.SyntheticEncodingTest.W;
import org.medcloud.dicom.render.RenderOptions;
import org.medcloud.dicom.render.RenderedFrame;
import org.medcloud.dicom.render.Renderer;
import org.medcloud.dicom.render.VoiFunction;

/** VOI functions, LUT sequences, inversion, palettes (incl. segmented) and resizing on tiny synthetic images. */
class RenderPipelineTest {

    static W image(String photometric, int cols, int rows, int bits, short... values) {
        W w = new W(true, false);
        w.str(Tags.SamplesPerPixel, "US", "").out.reset();
        w.el(Tags.SamplesPerPixel, "US", w.buf(2).putShort((short) 1).array());
        w.str(Tags.PhotometricInterpretation, "CS", photometric);
        w.el(Tags.Rows, "US", w.buf(2).putShort((short) rows).array());
        w.el(Tags.Columns, "US", w.buf(2).putShort((short) cols).array());
        w.el(Tags.BitsAllocated, "US", w.buf(2).putShort((short) bits).array());
        w.el(Tags.BitsStored, "US", w.buf(2).putShort((short) bits).array());
        w.el(Tags.HighBit, "US", w.buf(2).putShort((short) (bits - 1)).array());
        w.el(Tags.PixelRepresentation, "US", w.buf(2).putShort((short) 0).array());
        return w;
    }

    static DicomObject finish(W w, int bits, short... values) throws Exception {
        ByteBuffer b = w.buf(values.length * (bits / 8));
        for (short v : values) if (bits == 8) b.put((byte) v); else b.putShort(v);
        w.el(Tags.PixelData, bits == 8 ? "OB" : "OW", b.array());
        return DicomReader.read(new ByteArrayInputStream(SyntheticEncodingTest.part10(UID.ExplicitVRLittleEndian, w.bytes())));
    }

    static int[] grey(RenderedFrame r) {
        int[] g = new int[r.pixels().length];
        for (int i = 0; i < g.length; i++) g[i] = r.pixels()[i] & 255;
        return g;
    }

    @Test
    void voiFunctionsAndInversion() throws Exception {
        DicomObject o = finish(image("MONOCHROME2", 4, 1, 16), 16, (short) 0, (short) 100, (short) 150, (short) 300);
        RenderOptions win = RenderOptions.defaults().window(150, 101);
        assertArrayEquals(new int[] {0, 1, 129, 255}, grey(Renderer.render(o, 1, win)));
        assertArrayEquals(new int[] {0, 1, 128, 255}, grey(Renderer.render(o, 1, win.voiFunction(VoiFunction.LINEAR_EXACT))));
        int[] sig = grey(Renderer.render(o, 1, win.voiFunction(VoiFunction.SIGMOID)));
        assertEquals(128, sig[2]);
        assertEquals(31, sig[1]); // 255 / (1 + e^(4*50/101))
        assertArrayEquals(new int[] {255, 254, 126, 0}, grey(Renderer.render(o, 1, win.invert(true))));
        // min-max (DCMTK): center (0+300+1)/2, width 301
        assertArrayEquals(new int[] {0, 85, 128, 255}, grey(Renderer.render(o, 1, RenderOptions.defaults())));
        DicomObject m1 = finish(image("MONOCHROME1", 4, 1, 16), 16, (short) 0, (short) 100, (short) 150, (short) 300);
        assertArrayEquals(new int[] {255, 254, 126, 0}, grey(Renderer.render(m1, 1, win)));
    }

    @Test
    void modalityAndVoiLutSequences() throws Exception {
        W w = image("MONOCHROME2", 4, 1, 16);
        // Modality LUT: 4 entries starting at stored value 0, 16 bits: stored v -> 1000 * v
        W item = new W(true, false);
        item.el(Tags.LUTDescriptor, "US", item.buf(6).putShort((short) 4).putShort((short) 0).putShort((short) 16).array());
        item.el(Tags.LUTData, "OW", item.buf(8).putShort((short) 0).putShort((short) 1000).putShort((short) 2000).putShort((short) 3000).array());
        w.tag(Tags.ModalityLUTSequence).raw(new byte[] {'S', 'Q', 0, 0}).u32(8 + item.bytes().length).tag(Tags.Item).u32(item.bytes().length).raw(item.bytes());
        // VOI LUT: 4 entries starting at 0 covering modality values 0..3 -> only 0 maps low, clamps above
        W voi = new W(true, false);
        voi.el(Tags.LUTDescriptor, "US", voi.buf(6).putShort((short) 4).putShort((short) 1000).putShort((short) 8).array());
        voi.el(Tags.LUTData, "OW", voi.buf(8).putShort((short) 10).putShort((short) 20).putShort((short) 30).putShort((short) 255).array());
        w.tag(Tags.VOILUTSequence).raw(new byte[] {'S', 'Q', 0, 0}).u32(8 + voi.bytes().length).tag(Tags.Item).u32(voi.bytes().length).raw(voi.bytes());
        DicomObject o = finish(w, 16, (short) 0, (short) 1, (short) 2, (short) 3);
        assertArrayEquals(new float[] {0, 1000, 2000, 3000}, Renderer.modalityValues(o, 1).values());
        // modality 0 -> below first (1000) -> entry 0 (10); 1000 -> 10; 2000/3000 -> beyond -> last (255)
        assertArrayEquals(new int[] {10, 10, 255, 255}, grey(Renderer.render(o, 1, RenderOptions.defaults())));
    }

    @Test
    void segmentedAndSixteenBitPalettes() throws Exception {
        W w = image("PALETTE COLOR", 4, 1, 8);
        for (int k = 0; k < 3; k++) {
            w.el(Tags.RedPaletteColorLookupTableDescriptor + k, "US", w.buf(6).putShort((short) 256).putShort((short) 0).putShort((short) 16).array());
        }
        // red: discrete 2 entries then linear to 65535 over 254 entries; green/blue: plain 16-bit data
        w.el(Tags.SegmentedRedPaletteColorLookupTableData, "OW", w.buf(14).putShort((short) 0).putShort((short) 2).putShort((short) 0).putShort((short) 0)
                .putShort((short) 1).putShort((short) 254).putShort((short) 0xFFFF).array());
        ByteBuffer g = w.buf(512), b = w.buf(512);
        for (int i = 0; i < 256; i++) { g.putShort((short) (i << 8)); b.putShort((short) (0xFFFF - (i << 8))); }
        w.el(Tags.GreenPaletteColorLookupTableData, "OW", g.array());
        w.el(Tags.BluePaletteColorLookupTableData, "OW", b.array());
        DicomObject o = finish(w, 8, (short) 0, (short) 1, (short) 128, (short) 255);
        RenderedFrame r = Renderer.render(o, 1, RenderOptions.defaults());
        assertEquals(3, r.channels());
        int[] p = grey(r);
        assertArrayEquals(new int[] {0, 0, 255}, new int[] {p[0], p[1], p[2]});
        assertEquals(255, p[9]);          // red at index 255
        assertEquals(128, p[7]);          // green at index 128
        assertEquals(127, p[8]);          // blue at index 128 (0xFFFF - 0x8000) >> 8
        assertEquals(128, p[6]);          // red at 128 on the linear ramp: 65535*127/254 >> 8
    }

    @Test
    void areaAveragingResizeKeepsAspect() throws Exception {
        DicomObject o = finish(image("MONOCHROME2", 4, 2, 8), 8, (short) 0, (short) 255, (short) 0, (short) 255, (short) 255, (short) 255, (short) 0, (short) 0);
        RenderedFrame r = Renderer.render(o, 1, RenderOptions.defaults().window(127.5, 256).maxSize(2));
        assertEquals(2, r.width());
        assertEquals(1, r.height());
        assertArrayEquals(new int[] {191, 64}, grey(r));
        RenderedFrame up = Renderer.render(o, 1, RenderOptions.defaults().size(8, 8));
        assertEquals(8, up.width());
        assertEquals(4, up.height());
    }
}
