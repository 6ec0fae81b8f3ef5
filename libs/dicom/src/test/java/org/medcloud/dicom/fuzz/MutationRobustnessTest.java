package org.medcloud.dicom.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;
import org.medcloud.dicom.ReadLimits;
import org.medcloud.dicom.TestData;
import org.medcloud.dicom.json.BulkDataPolicy;
import org.medcloud.dicom.json.DicomJson;
import org.medcloud.dicom.render.RenderOptions;
import org.medcloud.dicom.render.Renderer;

/**
 * Deterministic mutation fuzzing over every corpus file (seeded, bounded): byte flips, truncations, and corrupted
 * length fields (0, odd, huge, 0xFFFFFFFF). Every case must finish in time (10 s: the JPEG 2000 watchdog needs 5 s to give up on a looping codec) with a result or a DicomException.
 */
class MutationRobustnessTest {
    static final int CASES_PER_FILE = Integer.getInteger("mutation.cases", 60);
    static final DicomReader READER = new DicomReader(ReadLimits.DEFAULT.withMaxValueLength(64 << 20).withMaxTotalBytes(256 << 20));

    @TestFactory
    Stream<DynamicTest> mutatedCorpusFilesFailCleanly() throws Exception {
        return TestData.allFiles().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    static void run(Path f) throws Exception {
        byte[] orig = Files.readAllBytes(f);
        Random rnd = new Random(f.getFileName().toString().hashCode());
        for (int c = 0; c < CASES_PER_FILE; c++) {
            byte[] m = mutate(orig, rnd, c);
            int caseNo = c;
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> exercise(m), () -> "case " + caseNo);
            } catch (AssertionError e) {
                Path out = Path.of(System.getProperty("java.io.tmpdir"), "dicom-mutation-" + f.getFileName() + "-" + caseNo);
                Files.write(out, m);
                fail("case " + caseNo + " of " + f.getFileName() + " (written to " + out + "): " + e.getMessage(), e);
            }
        }
    }

    static void exercise(byte[] data) {
        try {
            DicomObject o = READER.read(new ByteArrayInputStream(data), false);
            DicomJson.write(o, java.io.OutputStream.nullOutputStream(), BulkDataPolicy.inlineUpTo(256, (e, p) -> "b"));
            Renderer.render(o, 1, RenderOptions.defaults().maxSize(64));
        } catch (DicomException expected) {
            // the one allowed failure
        } catch (java.io.IOException e) {
            throw new AssertionError("IOException that is no DicomException: " + e, e);
        }
    }

    static byte[] mutate(byte[] orig, Random rnd, int c) {
        byte[] m;
        switch (c % 4) {
            case 0: { // truncate
                m = Arrays.copyOf(orig, rnd.nextInt(orig.length));
                break;
            }
            case 1: { // byte flips, mostly in the header
                m = orig.clone();
                int n = 1 + rnd.nextInt(8);
                int span = Math.min(m.length, 4096);
                for (int i = 0; i < n; i++) m[rnd.nextInt(span)] ^= (byte) (1 << rnd.nextInt(8));
                break;
            }
            case 2: { // corrupt a 16- or 32-bit length-like field
                m = orig.clone();
                int span = Math.min(m.length - 4, 8192);
                if (span <= 0) break;
                int at = rnd.nextInt(span) & ~1;
                int[] values = {0, 1, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFFFFF0, m.length, 0x10000000};
                ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(at, values[rnd.nextInt(values.length)]);
                break;
            }
            default: { // random block overwrite
                m = orig.clone();
                int at = rnd.nextInt(Math.max(1, m.length));
                for (int i = at; i < Math.min(m.length, at + 1 + rnd.nextInt(64)); i++) m[i] = (byte) rnd.nextInt();
            }
        }
        return m;
    }
}
