package org.medcloud.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.medcloud.dicom.charset.SpecificCharacterSet;

class CharsetTest {

    @Test
    void japaneseIso2022Ir87CorpusFile() throws Exception {
        DicomObject o = DicomReader.readHeader(TestData.file("ot_charset_japanese_iso2022_ir87_pydicom.dcm"));
        assertEquals("Yamada^Tarou=山田^太郎=やまだ^たろう", o.getString(Tags.PatientName));
    }

    @Test
    void utf8ChineseCorpusFile() throws Exception {
        DicomObject o = DicomReader.readHeader(TestData.file("ot_charset_utf8_iso_ir192_chinese_pydicom.dcm"));
        assertEquals("Wang^XiaoDong=王^小東=", o.getString(Tags.PatientName));
    }

    @Test
    void gb18030AndGbkKeepBackslashInsideMultibyteCharacters() {
        // 0x5C as the trail byte of a GBK character must not split the value
        String text = "王小东\\中文";
        for (String cs : new String[] {"GB18030", "GBK"}) {
            byte[] b = text.getBytes(Charset.forName(cs));
            assertEquals(text, SpecificCharacterSet.of(cs).decode(b));
        }
        byte[] gb = "Wang^XiaoDong=王^小东=".getBytes(Charset.forName("GB18030"));
        assertEquals("Wang^XiaoDong=王^小东=", SpecificCharacterSet.of("GB18030").decode(gb));
    }

    @Test
    void singleByteSets() {
        assertEquals("Buc^Jérôme", SpecificCharacterSet.of("ISO_IR 100").decode("Buc^Jérôme".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("Διονυσιος", SpecificCharacterSet.of("ISO_IR 126").decode("Διονυσιος".getBytes(Charset.forName("ISO-8859-7"))));
        assertEquals("Люкceмбypг", SpecificCharacterSet.of("ISO_IR 144").decode("Люкceмбypг".getBytes(Charset.forName("ISO-8859-5"))));
        assertEquals("Çavuşoğlu", SpecificCharacterSet.of("ISO_IR 148").decode("Çavuşoğlu".getBytes(Charset.forName("ISO-8859-9"))));
        assertEquals("ｼﾔﾏﾀﾞ", SpecificCharacterSet.of("ISO_IR 13").decode(new byte[] {(byte) 0xBC, (byte) 0xD4, (byte) 0xCF, (byte) 0xC0, (byte) 0xDE}));
    }

    @Test
    void iso2022KoreanAndJapaneseKatakanaAndLatin1Extension() {
        // Korean (dclunie SCSX2 style): ESC $ ) C then KS X 1001 in GR
        byte[] kor = concat("Hong^Gildong=".getBytes(StandardCharsets.US_ASCII), new byte[] {0x1B, 0x24, 0x29, 0x43},
                "洪".getBytes(Charset.forName("EUC-KR")), "^".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0x1B, 0x24, 0x29, 0x43}, "吉洞".getBytes(Charset.forName("EUC-KR")));
        assertEquals("Hong^Gildong=洪^吉洞", SpecificCharacterSet.of("", "ISO 2022 IR 149").decode(kor));
        // ISO 2022 IR 13 + IR 87: katakana in GR, kanji after ESC $ B
        byte[] jp = concat(new byte[] {(byte) 0xD4, (byte) 0xCF, (byte) 0xC0, (byte) 0xDE, '^', (byte) 0xC0, (byte) 0xDB, (byte) 0xB3, '='},
                new byte[] {0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x4A});
        assertEquals("ﾔﾏﾀﾞ^ﾀﾛｳ=山田", SpecificCharacterSet.of("ISO 2022 IR 13", "ISO 2022 IR 87").decode(jp));
        // JIS X 0212 via ESC $ ( D
        byte[] jisx0212 = {0x1B, 0x24, 0x28, 0x44, 0x30, 0x21, 0x1B, 0x28, 0x42};
        assertEquals(1, SpecificCharacterSet.of("", "ISO 2022 IR 159").decode(jisx0212).codePointCount(0, 1));
        byte[] latin = concat("abc".getBytes(StandardCharsets.US_ASCII), new byte[] {0x1B, 0x2D, 0x41, (byte) 0xE9});
        assertEquals("abcé", SpecificCharacterSet.of("ISO 2022 IR 6", "ISO 2022 IR 100").decode(latin));
    }

    @Test
    void iso2022Ir87ByteBackslashInsideKanjiIsNotADelimiter() {
        // 0x5C inside a JIS X 0208 pair (e.g. row 0x3F, cell 0x5C) must not split the value
        byte[] b = {0x1B, 0x24, 0x42, 0x3F, 0x5C, 0x1B, 0x28, 0x42, '\\', 'x'};
        String s = SpecificCharacterSet.of("", "ISO 2022 IR 87").decode(b);
        assertEquals(2, s.split("\\\\").length, s);
        assertArrayEquals(new String[] {s.split("\\\\")[0], "x"}, s.split("\\\\"));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] r = new byte[n];
        int k = 0;
        for (byte[] p : parts) { System.arraycopy(p, 0, r, k, p.length); k += p.length; }
        return r;
    }
}
