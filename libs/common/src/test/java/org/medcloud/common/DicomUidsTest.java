package org.medcloud.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;

class DicomUidsTest {

    @Test
    void acceptsRealUids() {
        assertTrue(DicomUids.isValid("1.2.840.10008.1.2.4.50"));
        assertTrue(DicomUids.isValid("1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178"));
        assertEquals("1.2.3", DicomUids.require("seriesInstanceUid", " 1.2.3 "));
    }

    @Test
    void rejectsWhatCouldEscapeIntoUrlsKeysOrSql() {
        for (String bad : new String[] {"", "1..2", ".1.2", "1.2.", "1.2.3/../4", "1.2;DROP TABLE x", "1.2.a", "1 .2",
                "1.2.840.10008.1.2.4.50.1111111111111111111111111111111111111111111111"}) {
            assertFalse(DicomUids.isValid(bad), bad);
        }
        ApiException e = assertThrows(ApiException.class, () -> DicomUids.require("studyInstanceUid", "../etc/passwd"));
        assertEquals(400, e.problem().status());
        assertEquals("studyInstanceUid", e.problem().field());
        assertTrue(e.problem().detail().contains("studyInstanceUid"));
    }

    @Test
    void strictGrammarRejectsLeadingZeros() {
        assertTrue(DicomUids.isValid("1.02.3"));
        assertFalse(DicomUids.isStrictlyValid("1.02.3"));
        assertTrue(DicomUids.isStrictlyValid("1.0.3"));
    }

    @Test
    void optionalAllowsBlank() {
        assertEquals(null, DicomUids.optional("x", "  "));
        assertThrows(ApiException.class, () -> DicomUids.optional("x", "abc"));
    }
}
