package org.medcloud.download.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming parser against archives written by java.util.zip, and hand-made stored + data-descriptor ones. */
class StreamingZipParserTest {

    @TempDir
    Path tmp;

    record Parsed(List<ZipEntryInfo> entries, Map<String, byte[]> data, long total) {
    }

    static Parsed parse(byte[] zip, int chunk) throws IOException {
        List<ZipEntryInfo> entries = new ArrayList<>();
        Map<String, byte[]> data = new LinkedHashMap<>();
        InputStream in = new ByteArrayInputStream(zip) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk)); // network-like short reads
            }
        };
        long total = new StreamingZipParser(in).parse((name, lho, dof, method) -> {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            return new StreamingZipParser.EntrySink() {
                @Override
                public void data(byte[] b, int off, int len) {
                    bos.write(b, off, len);
                }

                @Override
                public void end(ZipEntryInfo info) {
                    entries.add(info);
                    data.put(info.name(), bos.toByteArray());
                }
            };
        });
        return new Parsed(entries, data, total);
    }

    static byte[] random(int n, long seed, boolean compressible) {
        byte[] b = new byte[n];
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (compressible ? (i / 7 + r.nextInt(3)) : r.nextInt());
        }
        return b;
    }

    @Test
    void deflatedWithDataDescriptorsMatchesZipFile() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("LICENSE", "CC BY 4.0".getBytes());
        files.put("1-001.dcm", random(300_000, 1, true));
        files.put("1-002.dcm", random(200_000, 2, false));
        files.put("empty.dcm", new byte[0]);
        files.put("md5hashes.csv", "Filename,MD5Hash\n".getBytes());
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        byte[] zip = bos.toByteArray();
        for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
            Parsed p = parse(zip, chunk);
            assertEquals(zip.length, p.total());
            assertEquals(files.keySet(), p.data().keySet());
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                assertArrayEquals(e.getValue(), p.data().get(e.getKey()));
            }
            checkAgainstZipFile(zip, p.entries());
        }
    }

    @Test
    void storedEntriesWithKnownSizes() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        byte[] a = random(100_000, 3, false);
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            ZipEntry e = new ZipEntry("a.dcm");
            e.setMethod(ZipEntry.STORED);
            e.setSize(a.length);
            CRC32 crc = new CRC32();
            crc.update(a);
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            z.write(a);
            z.closeEntry();
        }
        Parsed p = parse(bos.toByteArray(), 1000);
        assertEquals(0, p.entries().get(0).method());
        assertArrayEquals(a, p.data().get("a.dcm"));
        checkAgainstZipFile(bos.toByteArray(), p.entries());
    }

    @Test
    void storedEntryOfUnknownSizeEndsAtItsDataDescriptor() throws IOException {
        byte[] payload = random(5000, 4, false);
        // the payload contains a fake descriptor signature that must not end the entry
        payload[100] = 0x50;
        payload[101] = 0x4b;
        payload[102] = 7;
        payload[103] = 8;
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] name = "x.dcm".getBytes();
        le(z, 0x04034b50, 4);
        le(z, 20, 2);
        le(z, 8, 2); // data descriptor follows
        le(z, 0, 2); // stored
        le(z, 0, 4);
        le(z, 0, 4);
        le(z, 0, 4);
        le(z, 0, 4);
        le(z, name.length, 2);
        le(z, 0, 2);
        z.write(name);
        z.write(payload);
        le(z, 0x08074b50, 4);
        le(z, (int) crc.getValue(), 4);
        le(z, payload.length, 4);
        le(z, payload.length, 4);
        long cd = z.size();
        le(z, 0x06054b50, 4);
        for (int i = 0; i < 18; i++) {
            z.write(0);
        }
        Parsed p = parse(z.toByteArray(), 333);
        assertArrayEquals(payload, p.data().get("x.dcm"));
        assertEquals(30 + name.length, p.entries().get(0).dataOffset());
        assertTrue(cd > 0);
    }

    @Test
    void truncatedOrCorruptArchivesAreRejectedNamingTheEntry() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            z.putNextEntry(new ZipEntry("1-001.dcm"));
            z.write(random(100_000, 5, true));
            z.closeEntry();
        }
        byte[] zip = bos.toByteArray();
        ZipFormatException cut = assertThrows(ZipFormatException.class,
                () -> parse(java.util.Arrays.copyOf(zip, zip.length / 2), 4096));
        assertTrue(cut.getMessage().contains("truncated") && cut.getMessage().contains("1-001.dcm"), cut.getMessage());
        assertThrows(ZipFormatException.class, () -> parse(java.util.Arrays.copyOf(zip, zip.length - 10), 4096));
        assertThrows(ZipFormatException.class, () -> parse("not a zip at all".getBytes(), 4096));
        assertThrows(ZipFormatException.class, () -> parse(new byte[0], 4096));
    }

    private void checkAgainstZipFile(byte[] zip, List<ZipEntryInfo> entries) throws IOException {
        Path f = tmp.resolve("t" + System.nanoTime() + ".zip");
        Files.write(f, zip);
        try (ZipFile zf = new ZipFile(f.toFile())) {
            Enumeration<? extends ZipEntry> en = zf.entries();
            int i = 0;
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                ZipEntryInfo mine = entries.get(i++);
                assertEquals(e.getName(), mine.name());
                assertEquals(e.getCompressedSize(), mine.compressedSize());
                assertEquals(e.getSize(), mine.uncompressedSize());
                assertEquals(e.getCrc(), mine.crc32());
                assertEquals(e.getMethod(), mine.method());
                // the recorded data offset is right: the local header is 30 + name + extra bytes before it
                int nameLen = (zip[(int) mine.localHeaderOffset() + 26] & 0xff) | (zip[(int) mine.localHeaderOffset() + 27] & 0xff) << 8;
                int extraLen = (zip[(int) mine.localHeaderOffset() + 28] & 0xff) | (zip[(int) mine.localHeaderOffset() + 29] & 0xff) << 8;
                assertEquals(mine.localHeaderOffset() + 30 + nameLen + extraLen, mine.dataOffset());
            }
            assertEquals(entries.size(), i);
        }
    }

    private static void le(ByteArrayOutputStream o, int v, int n) {
        for (int i = 0; i < n; i++) {
            o.write((v >>> (8 * i)) & 0xff);
        }
    }

    static byte[] zipOf(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bos.toByteArray();
    }

    static long parseWith(byte[] zip, StreamingZipParser.Limits limits) throws IOException {
        return new StreamingZipParser(new ByteArrayInputStream(zip), limits).parse((n, l, d, m) -> new StreamingZipParser.EntrySink() {
            @Override
            public void data(byte[] b, int off, int len) {
            }

            @Override
            public void end(ZipEntryInfo info) {
            }
        });
    }

    @Test
    void zipSlipAndControlCharacterNamesAreRefused() throws IOException {
        for (String bad : List.of("../../etc/passwd", "a/../../b.dcm", "/abs/1.dcm", "C:\\win\\x.dcm", "..\\up.dcm",
                "bell\u0007.dcm")) {
            ZipFormatException e = assertThrows(ZipFormatException.class,
                    () -> parseWith(zipOf(Map.of(bad, new byte[] {1, 2, 3})), StreamingZipParser.Limits.DEFAULT), bad);
            assertTrue(e.getMessage().contains("unsafe"), e.getMessage());
        }
        // ordinary NBIA names pass
        parseWith(zipOf(Map.of("1-001.dcm", new byte[] {1}, "LIDC-IDRI-0001/1.2.3/1-002.dcm", new byte[] {2})),
                StreamingZipParser.Limits.DEFAULT);
    }

    @Test
    void aDecompressionBombStopsAtTheEntryLimitWithoutInflatingTheRest() throws IOException {
        byte[] zeros = new byte[64 << 20]; // 64 MiB of zeros deflate to ~64 KiB
        byte[] bomb = zipOf(Map.of("bomb.dcm", zeros));
        assertTrue(bomb.length < 1 << 20, "bomb is " + bomb.length + " bytes");
        ZipFormatException e = assertThrows(ZipFormatException.class,
                () -> parseWith(bomb, new StreamingZipParser.Limits(10, 1 << 20, 1L << 40)));
        assertTrue(e.getMessage().contains("decompression bomb"), e.getMessage());
        ZipFormatException total = assertThrows(ZipFormatException.class,
                () -> parseWith(zipOf(Map.of("a.dcm", new byte[600_000], "b.dcm", new byte[600_000])),
                        new StreamingZipParser.Limits(10, 1 << 20, 1_000_000)));
        assertTrue(total.getMessage().contains("archive expands"), total.getMessage());
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            many.put(i + ".dcm", new byte[] {(byte) i});
        }
        ZipFormatException e = assertThrows(ZipFormatException.class,
                () -> parseWith(zipOf(many), new StreamingZipParser.Limits(10, 1 << 20, 1L << 40)));
        assertTrue(e.getMessage().contains("more than 10 entries"), e.getMessage());
    }
}
