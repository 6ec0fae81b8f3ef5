package org.medcloud.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.medcloud.dicom.json.BulkDataPolicy;
import org.medcloud.dicom.json.DicomJson;

class DicomJsonTest {

    static String json(String file, BulkDataPolicy p, boolean header) throws Exception {
        DicomObject o = header ? DicomReader.readHeader(TestData.file(file)) : DicomReader.read(TestData.file(file));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomJson.write(o, out, p);
        String s = out.toString(StandardCharsets.UTF_8);
        // must be well-formed JSON
        try (JsonParser jp = new JsonFactory().createParser(s)) {
            while (jp.nextToken() != null) { /* consume */ }
        }
        return s;
    }

    @Test
    void shapeOfValues() throws Exception {
        String s = json("pt_signed_rescale_tcia_suyashkumar_1.dcm",
                BulkDataPolicy.inlineUpTo(64, (e, p) -> "https://x/bulk/" + Tags.toHex(e.tag())), false);
        assertTrue(s.contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"ACRIN-FLT-Breast_029\"}]}"), s);
        assertTrue(s.contains("\"00280010\":{\"vr\":\"US\",\"Value\":[168]}"), s);
        assertTrue(s.contains("\"00200013\":{\"vr\":\"IS\",\"Value\":[60]}"), s);
        assertTrue(s.contains("\"00200037\":{\"vr\":\"DS\",\"Value\":[1,0,0,0,1,0]}"), s);
        assertTrue(s.contains("\"00100030\":{\"vr\":\"DA\"}"), s);
        assertTrue(s.contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"https://x/bulk/7FE00010\"}"), s);
        assertTrue(s.contains("\"00120064\":{\"vr\":\"SQ\",\"Value\":[{\"00080100\":{\"vr\":\"SH\",\"Value\":[\"113100\"]}"), s);
        assertFalse(s.contains("\"00020010\""), "file meta is not part of the data set");
    }

    @Test
    void personNameGroupsAndInlineBinary() throws Exception {
        String s = json("ot_charset_japanese_iso2022_ir87_pydicom.dcm", BulkDataPolicy.INLINE_ALL, false);
        assertTrue(s.contains("{\"Alphabetic\":\"Yamada^Tarou\",\"Ideographic\":\"山田^太郎\",\"Phonetic\":\"やまだ^たろう\"}"), s);
        assertTrue(s.contains("\"7FE00010\":{\"vr\":\"OB\",\"InlineBinary\":\""), s);
    }

    @Test
    void bigEndianInlineBinaryIsLittleEndianAndHeaderOnlyPixelDataUsesUri() throws Exception {
        String be = json("mr_explicit_be_small_pydicom.dcm", BulkDataPolicy.INLINE_ALL, false);
        String le = json("mr_explicit_le_small_pydicom.dcm", BulkDataPolicy.INLINE_ALL, false);
        String pbe = be.substring(be.indexOf("\"7FE00010\""));
        String ple = le.substring(le.indexOf("\"7FE00010\""));
        pbe = pbe.substring(0, pbe.indexOf('}'));
        ple = ple.substring(0, ple.indexOf('}'));
        assertTrue(ple.equals(pbe), "big endian pixel data must be written little endian");
        String h = json("mr_explicit_le_small_pydicom.dcm", (e, p) -> e.tag() == Tags.PixelData ? "u" : null, true);
        assertTrue(h.contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"u\"}"), h);
    }

    @Test
    void numbersAreJsonNumbers() throws Exception {
        String s = json("ct_implicit_le_ge_signed_rescale_cornerstone.dcm", BulkDataPolicy.inlineUpTo(0, (e, p) -> "b"), true);
        try (JsonParser jp = new JsonFactory().createParser(s)) {
            String field = null;
            int numbers = 0;
            JsonToken t;
            while ((t = jp.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) field = jp.currentName();
                if ((t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT)) numbers++;
            }
            assertTrue(numbers > 20, "numbers: " + numbers + " " + field);
        }
        assertTrue(s.contains("\"00281052\":{\"vr\":\"DS\",\"Value\":[-1024]}"), s);
    }
}
