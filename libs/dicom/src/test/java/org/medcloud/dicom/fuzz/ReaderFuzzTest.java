package org.medcloud.dicom.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;
import org.medcloud.dicom.ReadLimits;
import org.medcloud.dicom.render.RenderOptions;
import org.medcloud.dicom.render.Renderer;

/** Jazzer: reader + renderer must only ever throw DicomException on any input. */
class ReaderFuzzTest {
    static final DicomReader READER = new DicomReader(ReadLimits.DEFAULT.withMaxValueLength(16 << 20).withMaxTotalBytes(64 << 20));

    @FuzzTest(maxDuration = "2m")
    void readAndRender(byte[] data) {
        try {
            DicomObject o = READER.read(new ByteArrayInputStream(data), false);
            o.toString();
            Renderer.render(o, 1, RenderOptions.defaults().maxSize(64));
        } catch (DicomException expected) {
            // malformed input must be reported this way
        } catch (java.io.IOException e) {
            throw new AssertionError("unexpected IOException type", e);
        }
    }
}
