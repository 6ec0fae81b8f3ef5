package org.medcloud.dicom.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;
import org.medcloud.dicom.ReadLimits;
import org.medcloud.dicom.render.RenderOptions;
import org.medcloud.dicom.render.Renderer;

/**
 * Jazzer: reader + renderer must only ever throw DicomException on any input, and must not allocate more than
 * {@link #ALLOCATION_BUDGET} bytes on the calling thread for one input. The largest frame the library accepts
 * (2^25 samples) needs about 400 MB on the way through decode and render; an input that makes the reader or a
 * codec allocate for more than it can hold is a finding (a few KB claiming gigabytes killed the fuzzing JVM in
 * CI before this check existed, without saving the input).
 */
class ReaderFuzzTest {
    static final DicomReader READER = new DicomReader(ReadLimits.DEFAULT.withMaxValueLength(16 << 20).withMaxTotalBytes(64 << 20));
    static final long ALLOCATION_BUDGET = 512L << 20;
    static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "2m")
    void readAndRender(byte[] data) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            DicomObject o = READER.read(new ByteArrayInputStream(data), false);
            o.toString();
            Renderer.render(o, 1, RenderOptions.defaults().maxSize(64));
        } catch (DicomException expected) {
            // malformed input must be reported this way
        } catch (java.io.IOException e) {
            throw new AssertionError("unexpected IOException type", e);
        }
        long used = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (used > ALLOCATION_BUDGET) {
            throw new AssertionError("one input of " + data.length + " bytes allocated " + (used >> 20) + " MiB (budget " + (ALLOCATION_BUDGET >> 20) + " MiB)");
        }
    }
}
