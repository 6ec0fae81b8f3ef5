package org.medcloud.dev.nbia.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.dev.nbia.dicom.DicomRewriter;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;
import org.medcloud.dicom.Tags;

/** The generator writes valid Part 10 files (read back with libs/dicom) with new UIDs, geometry and the source pixels. */
class CollectionGeneratorTest {

    @TempDir
    Path tmp;

    @Test
    void generatedSeriesAreConsistentAndKeepThePixels() throws Exception {
        Path source = CollectionGenerator.locateSourceDir(null);
        Path out = tmp.resolve("data");
        var r = new CollectionGenerator(new CollectionGenerator.Options(source, 12, 4, 6, 0, 7)).generate(out);
        assertEquals(12, r.series());
        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).toList();
        }
        assertEquals(r.files(), files.size());
        for (Path f : files) {
            DicomObject d = DicomReader.read(f);
            for (int tag : new int[] {Tags.SOPInstanceUID, Tags.SeriesInstanceUID, Tags.StudyInstanceUID}) {
                String uid = d.getString(tag);
                assertTrue(uid.startsWith("2.25.") && DicomUids.isStrictlyValid(uid), uid);
            }
            assertEquals(d.getString(Tags.SOPInstanceUID), d.fileMeta().getString(Tags.MediaStorageSOPInstanceUID));
            assertEquals(f.getParent().getFileName().toString(), d.getString(Tags.SeriesInstanceUID));
        }
        // one CT series from the 512x512 slice: positions step along the normal, pixels are the source's
        Path ctDir = files.stream().filter(p -> p.toString().contains("MedCloud-Lung-CT")).filter(p -> {
            try {
                return "1.2.840.10008.1.2".equals(DicomReader.readHeader(p).transferSyntaxUid());
            } catch (Exception e) {
                return false;
            }
        }).map(Path::getParent).sorted().findFirst().orElseThrow();
        List<DicomObject> series;
        try (Stream<Path> s = Files.list(ctDir)) {
            series = s.map(p -> {
                try {
                    return DicomReader.read(p);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).sorted(Comparator.comparingInt(d -> d.getInt(Tags.InstanceNumber, 0))).toList();
        }
        DicomObject src = DicomReader.read(source.resolve(CollectionGenerator.CT512));
        double[] z = series.stream().mapToDouble(d -> d.getDoubles(Tags.ImagePositionPatient)[2]).toArray();
        for (int i = 1; i < z.length; i++) {
            assertNotEquals(z[i - 1], z[i]);
        }
        assertTrue(series.size() >= 4);
        for (DicomObject d : series) {
            assertTrue(Arrays.equals(src.getBytes(Tags.PixelData), d.getBytes(Tags.PixelData)), "pixels copied byte for byte");
        }
        double step = z[1] - z[0];
        assertEquals(step, z[z.length - 1] - z[z.length - 2], 1e-3);
        assertEquals(series.get(0).getString(Tags.StudyInstanceUID), series.get(series.size() - 1).getString(Tags.StudyInstanceUID));
    }

    @Test
    void sameSeedSameUids() throws Exception {
        Path source = CollectionGenerator.locateSourceDir(null);
        var a = new CollectionGenerator(new CollectionGenerator.Options(source, 3, 1, 1, 0, 5)).generate(tmp.resolve("a"));
        var b = new CollectionGenerator(new CollectionGenerator.Options(source, 3, 1, 1, 0, 5)).generate(tmp.resolve("b"));
        assertEquals(a.seriesUids(), b.seriesUids());
    }

    @Test
    void rewriterKeepsPixelDataByteForByte() throws Exception {
        Path source = CollectionGenerator.locateSourceDir(null);
        for (String name : List.of(CollectionGenerator.CT512, "mr_explicit_le_small_pydicom.dcm", "ct_jpeg_baseline_8bit_cornerstone.dcm")) {
            DicomRewriter rw = DicomRewriter.parse(source.resolve(name));
            byte[] out = rw.rewrite(java.util.Map.of(0x00100020, "NEW-ID", 0x00180015, "CHEST"));
            DicomObject before = DicomReader.read(source.resolve(name));
            DicomObject after = DicomReader.read(new java.io.ByteArrayInputStream(out));
            assertEquals("NEW-ID", after.getString(Tags.PatientID));
            assertEquals("CHEST", after.getString(Tags.BodyPartExamined));
            assertEquals(before.getString(Tags.SOPInstanceUID), after.getString(Tags.SOPInstanceUID));
            if (before.pixelDataInfo() != null && !before.pixelDataInfo().encapsulated()) {
                assertArrayEquals(before.getBytes(Tags.PixelData), after.getBytes(Tags.PixelData), name);
            }
        }
    }
}
