package org.medcloud.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medcloud.dicom.geometry.ImagePlane;
import org.medcloud.dicom.geometry.SeriesGeometry;

class GeometryTest {

    @Test
    void sortsCtSeriesAlongNormalAndComputesSpacingAndAffine() throws Exception {
        List<DicomObject> objs = new ArrayList<>();
        for (String n : new String[] {"182", "018", "180", "181"}) objs.add(DicomReader.readHeader(TestData.file("ct_series_pydicom_inst" + n + ".dcm")));
        SeriesGeometry g = SeriesGeometry.of(objs);
        List<Integer> order = g.sorted().stream().map(ImagePlane::instanceNumber).toList();
        assertEquals(List.of(18, 180, 181, 182), order);
        assertArrayEquals(new double[] {0, 0, 1}, g.normal(), 1e-9);
        assertEquals(1.25, g.sliceSpacing(), 1e-3);
        assertFalse(g.isUniform(), "instance 18 is far away");
        double[] m = g.voxelToPatient();
        assertEquals(0.488281, m[0], 1e-6);   // i along +x by column spacing
        assertEquals(0.488281, m[5], 1e-6);   // j along +y by row spacing
        assertEquals(1.25, m[10], 1e-3);      // k along the normal by the spacing
        assertEquals(-125.0, m[3], 1e-6);
        assertEquals(-128.100006, m[7], 1e-6);
        assertEquals(-99.48, m[11], 0.01);    // origin = first sorted slice (instance 18)
        assertEquals(1.0, m[15]);
    }

    @Test
    void uniformSubsetUsesFirstToLastStep() throws Exception {
        List<DicomObject> objs = new ArrayList<>();
        for (String n : new String[] {"181", "182", "180"}) objs.add(DicomReader.readHeader(TestData.file("ct_series_pydicom_inst" + n + ".dcm")));
        SeriesGeometry g = SeriesGeometry.of(objs);
        assertTrue(g.isUniform());
        double[] m = g.voxelToPatient();
        assertEquals(103.019997, m[11], 1e-5);
        assertEquals(1.25, m[10], 1e-5);
        double[] p = g.sorted().get(0).pixelToPatient(10, 2);
        assertArrayEquals(new double[] {-125 + 10 * 0.488281, -128.100006 + 2 * 0.488281, 103.019997}, p, 1e-5);
    }

    @Test
    void enhancedMultiFramePerFrameFunctionalGroups() throws Exception {
        DicomObject seg = DicomReader.readHeader(TestData.file("seg_ct_binary_highdicom.dcm"));
        SeriesGeometry g = SeriesGeometry.of(List.of(seg));
        assertEquals(3, g.sorted().size());
        assertEquals(103.019997, g.sorted().get(0).position()[2], 1e-5);
        assertEquals(105.519997, g.sorted().get(2).position()[2], 1e-5);
        assertEquals(1.25, g.sliceSpacing(), 1e-3);
        assertEquals(0.488281, ImagePlane.of(seg, 2).pixelSpacing()[0], 1e-6);
    }

    @Test
    void missingGeometryIsAClearError() throws Exception {
        DicomObject o = DicomReader.readHeader(TestData.file("ot_charset_japanese_iso2022_ir87_pydicom.dcm"));
        DicomException e = assertThrows(DicomException.class, () -> ImagePlane.of(o, 1));
        assertTrue(e.getMessage().contains("Image Position"), e.getMessage());
    }
}
