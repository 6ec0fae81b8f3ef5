package org.medcloud.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.medcloud.nifti.dicom.DicomSliceReader;
import org.medcloud.nifti.dicom.SyntheticDicom;

class DicomSliceReaderTest {

    @Test
    void theBuiltInDecoderAgrees() throws Exception {
        short[] px = {0, 1024, 2048, 1000, 1084, 3000};
        byte[] f = SyntheticDicom.ctSlice("1.2.3", "1.2.3.4", "1.2.3.4.5", 7, new double[] {-10.5, 20, 30.25},
                new double[] {1, 0, 0, 0, 0, -1}, new double[] {0.7, 0.8}, 2, 3, px);
        DicomSliceReader.DicomSlice a = DicomSliceReader.read(f);
        DicomSliceReader.DicomSlice b = DicomSliceReader.readNative(f);
        assertArrayEquals(a.slice().values(), b.slice().values());
        assertArrayEquals(a.slice().plane().orientation(), b.slice().plane().orientation());
        assertEquals(a.slice().plane().instanceNumber(), b.slice().plane().instanceNumber());
    }

    @Test
    void readsWhatSyntheticDicomWrites() throws Exception {
        short[] px = {0, 1024, 2048, 1000, 1084, 3000};
        byte[] f = SyntheticDicom.ctSlice("1.2.3", "1.2.3.4", "1.2.3.4.5", 7, new double[] {-10.5, 20, 30.25},
                new double[] {1, 0, 0, 0, 0, -1}, new double[] {0.7, 0.8}, 2, 3, px);
        DicomSliceReader.DicomSlice s = DicomSliceReader.read(f);
        assertEquals("1.2.3", s.studyInstanceUid());
        assertEquals("1.2.3.4", s.seriesInstanceUid());
        assertEquals("1.2.3.4.5", s.slice().plane().sopInstanceUid());
        assertEquals(7, s.slice().plane().instanceNumber());
        assertArrayEquals(new double[] {-10.5, 20, 30.25}, s.slice().plane().position());
        assertArrayEquals(new double[] {0.7, 0.8}, s.slice().plane().pixelSpacing());
        assertArrayEquals(new float[] {-1024, 0, 1024, -24, 60, 1976}, s.slice().values());
    }
}
