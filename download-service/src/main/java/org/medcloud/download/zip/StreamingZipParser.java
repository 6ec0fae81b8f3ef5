package org.medcloud.download.zip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a ZIP archive front to back as it streams past (NBIA's getImage output: no length, sizes
 * possibly only in data descriptors), without seeking and without holding more than one 64 KiB
 * window. For every entry it reports the offset of the local header and of the data, sizes,
 * method and CRC, and hands the uncompressed bytes to an {@link EntryHandler}. Stored and
 * deflated entries, data descriptors (with or without signature) and ZIP64 sizes are handled.
 * CRC-32 and sizes are checked against what the archive declares. Parsing ends at the central
 * directory; the rest of the stream is read to its end (so that a tee sees every byte).
 */
public final class StreamingZipParser {

    /** Receives the entries. */
    public interface EntryHandler {
        /** Called at the start of an entry (offsets known, sizes maybe not). */
        EntrySink begin(String name, long localHeaderOffset, long dataOffset, int method);
    }

    /** Receives one entry's uncompressed bytes, then its final description. */
    public interface EntrySink {
        void data(byte[] b, int off, int len) throws IOException;

        void end(ZipEntryInfo info) throws IOException;
    }

    private static final int LOC_SIG = 0x04034b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int END_SIG = 0x06054b50;
    private static final int ZIP64_END_SIG = 0x06064b50;
    private static final int DD_SIG = 0x08074b50;
    private static final long MAX32 = 0xFFFFFFFFL;

    /**
     * Bounds on what an archive may expand to, checked while it streams: a decompression bomb or an
     * archive of absurdly many entries stops with a ZipFormatException as soon as it crosses them.
     */
    public record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {
        /** 100,000 instances, 4 GiB per DICOM file, 1 TiB per series: far above any TCIA series. */
        public static final Limits DEFAULT = new Limits(100_000, 4L << 30, 1L << 40);
    }

    private final InputStream in;
    private final Limits limits;
    private long totalUncompressed;
    private final byte[] buf = new byte[64 * 1024];
    private final byte[] out = new byte[64 * 1024];
    private int pos;
    private int lim;
    private long offset; // archive offset of buf[pos]
    private boolean eof;
    private int entries;
    private String currentEntry;

    public StreamingZipParser(InputStream in) {
        this(in, Limits.DEFAULT);
    }

    public StreamingZipParser(InputStream in, Limits limits) {
        this.in = in;
        this.limits = limits;
    }

    /**
     * Entry names are only recorded (nothing is ever extracted to a file system), but a name that
     * would escape a directory if it were (zip-slip: absolute, drive-letter, '..' segments) or that
     * carries control characters marks an archive we do not trust.
     */
    static String unsafeName(String name) {
        if (name.isEmpty()) {
            return "an empty name";
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            return "an absolute path";
        }
        for (String seg : name.split("[/\\\\]")) {
            if (seg.equals("..")) {
                return "a '..' segment";
            }
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
                return "a control character";
            }
        }
        return null;
    }

    public int entries() {
        return entries;
    }

    /** Archive offset reached (bytes consumed by the parser). */
    public long offset() {
        return offset;
    }

    /** Parses every local entry, then reads the rest of the stream to EOF. Returns the total bytes read. */
    public long parse(EntryHandler handler) throws IOException {
        while (true) {
            if (!ensure(4)) {
                if (entries == 0 && offset == 0 && lim == pos) {
                    throw new ZipFormatException("the download is empty: no ZIP data at all");
                }
                throw new ZipFormatException("ZIP truncated: the stream ended after " + offset
                        + " bytes, before the central directory (connection dropped or incomplete archive)");
            }
            int sig = le32(pos);
            if (sig == LOC_SIG) {
                readEntry(handler);
            } else if (sig == CEN_SIG || sig == END_SIG || sig == ZIP64_END_SIG) {
                break;
            } else {
                throw new ZipFormatException((entries == 0 ? "not a ZIP archive" : "corrupt ZIP")
                        + ": unexpected signature 0x" + Integer.toHexString(sig) + " at offset " + offset
                        + (currentEntry == null ? "" : " after entry " + currentEntry));
            }
        }
        // central directory and end record: consume to EOF so every byte passes through
        long endAt = -1; // archive offset of the last end-of-central-directory signature
        while (true) {
            int n = lim - pos;
            if (n >= 4) {
                for (int i = pos; i + 3 < lim; i++) {
                    if (buf[i] == 0x50 && buf[i + 1] == 0x4b && buf[i + 2] == 5 && buf[i + 3] == 6) {
                        endAt = offset + (i - pos);
                    }
                }
            }
            // keep the last 3 bytes so that a signature split across reads is still seen
            int keep = Math.min(3, n);
            offset += n - keep;
            pos = lim - keep;
            if (!fillMore()) {
                offset += lim - pos;
                pos = lim;
                break;
            }
        }
        if (endAt < 0 || offset - endAt < 22) {
            throw new ZipFormatException("ZIP truncated: no complete end-of-central-directory record (stream ended after "
                    + offset + " bytes)");
        }
        return offset;
    }

    private void readEntry(EntryHandler handler) throws IOException {
        long headerOffset = offset;
        need(30, "local file header");
        int flags = le16(pos + 6);
        int method = le16(pos + 8);
        long crc = le32(pos + 14) & MAX32;
        long csize = le32(pos + 18) & MAX32;
        long usize = le32(pos + 22) & MAX32;
        int nameLen = le16(pos + 26);
        int extraLen = le16(pos + 28);
        skip(30);
        need(nameLen + extraLen, "file name of a local header");
        String name = new String(buf, pos, nameLen,
                (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        currentEntry = name;
        boolean zip64 = false;
        int e = pos + nameLen;
        int eEnd = e + extraLen;
        while (e + 4 <= eEnd) {
            int id = le16(e);
            int size = le16(e + 2);
            if (id == 0x0001) {
                zip64 = true;
                int p = e + 4;
                if (usize == MAX32 && p + 8 <= e + 4 + size) {
                    usize = le64(p);
                    p += 8;
                }
                if (csize == MAX32 && p + 8 <= e + 4 + size) {
                    csize = le64(p);
                }
            }
            e += 4 + size;
        }
        skip(nameLen + extraLen);
        if ((flags & 1) != 0) {
            throw new ZipFormatException("entry " + name + " is encrypted");
        }
        if (method != 0 && method != 8) {
            throw new ZipFormatException("entry " + name + " uses compression method " + method
                    + " (only stored and deflated are supported)");
        }
        String unsafe = unsafeName(name);
        if (unsafe != null) {
            throw new ZipFormatException("entry name '" + printable(name) + "' is unsafe: it has " + unsafe);
        }
        if (entries >= limits.maxEntries()) {
            throw new ZipFormatException("the archive has more than " + limits.maxEntries() + " entries");
        }
        boolean descriptor = (flags & 8) != 0;
        long dataOffset = offset;
        EntrySink sink = bounded(name, handler.begin(name, headerOffset, dataOffset, method));
        CRC32 crc32 = new CRC32();
        long[] sizes;
        if (method == 8) {
            sizes = inflate(name, sink, crc32, descriptor ? -1 : csize);
        } else if (!descriptor || (csize != 0 && csize != MAX32)) {
            sizes = copyStored(name, sink, crc32, csize);
        } else {
            sizes = scanStored(name, sink, crc32, zip64);
        }
        if (descriptor) {
            need(4, "data descriptor of " + name);
            if (le32(pos) == DD_SIG) {
                skip(4);
            }
            int len = zip64 ? 20 : 12;
            need(len, "data descriptor of " + name);
            crc = le32(pos) & MAX32;
            if (zip64) {
                csize = le64(pos + 4);
                usize = le64(pos + 12);
            } else {
                csize = le32(pos + 4) & MAX32;
                usize = le32(pos + 8) & MAX32;
                // a ZIP64 writer may still use 8-byte sizes; accept them if they fit better
                if ((csize != sizes[0] || usize != sizes[1]) && ensure(20)
                        && le64(pos + 4) == sizes[0] && le64(pos + 12) == sizes[1]) {
                    csize = sizes[0];
                    usize = sizes[1];
                    len = 20;
                }
            }
            skip(len);
        }
        if (csize != sizes[0]) {
            throw new ZipFormatException("entry " + name + ": compressed size is " + sizes[0]
                    + " bytes but the archive declares " + csize);
        }
        if (usize != sizes[1]) {
            throw new ZipFormatException("entry " + name + ": uncompressed size is " + sizes[1]
                    + " bytes but the archive declares " + usize);
        }
        if (crc != crc32.getValue()) {
            throw new ZipFormatException("entry " + name + ": CRC-32 mismatch (archive says "
                    + Long.toHexString(crc) + ", data gives " + Long.toHexString(crc32.getValue()) + ")");
        }
        entries++;
        sink.end(new ZipEntryInfo(name, headerOffset, dataOffset, sizes[0], sizes[1], method, crc));
    }

    private static String printable(String name) {
        String p = name.replaceAll("[\\x00-\\x1f\\x7f]", "?");
        return p.length() > 120 ? p.substring(0, 120) + "..." : p;
    }

    /** Counts what an entry expands to and stops at the limits (before the bytes reach the sink). */
    private EntrySink bounded(String name, EntrySink sink) {
        return new EntrySink() {
            long entryBytes;

            @Override
            public void data(byte[] b, int off, int len) throws IOException {
                entryBytes += len;
                totalUncompressed += len;
                if (entryBytes > limits.maxEntryBytes()) {
                    throw new ZipFormatException("entry " + printable(name) + " expands to more than "
                            + limits.maxEntryBytes() + " bytes (decompression bomb?)");
                }
                if (totalUncompressed > limits.maxTotalBytes()) {
                    throw new ZipFormatException("the archive expands to more than " + limits.maxTotalBytes()
                            + " bytes (decompression bomb?)");
                }
                sink.data(b, off, len);
            }

            @Override
            public void end(ZipEntryInfo info) throws IOException {
                sink.end(info);
            }
        };
    }

    private long[] inflate(String name, EntrySink sink, CRC32 crc, long csize) throws IOException {
        Inflater inflater = new Inflater(true);
        long consumed = 0;
        long produced = 0;
        try {
            while (!inflater.finished()) {
                if (csize >= 0 && consumed == csize) {
                    throw new ZipFormatException("entry " + name + ": deflate data does not end within its declared size " + csize);
                }
                if (pos == lim && !fillMore()) {
                    throw new ZipFormatException("ZIP truncated: the stream ended after " + offset
                            + " bytes inside entry " + name);
                }
                int n = lim - pos;
                if (csize >= 0) {
                    n = (int) Math.min(n, csize - consumed);
                }
                inflater.setInput(buf, pos, n);
                while (true) {
                    int k = inflater.inflate(out);
                    if (k > 0) {
                        crc.update(out, 0, k);
                        produced += k;
                        sink.data(out, 0, k);
                    }
                    if (inflater.finished() || inflater.needsInput()) {
                        break;
                    }
                    if (k == 0 && inflater.needsDictionary()) {
                        throw new ZipFormatException("entry " + name + ": deflate stream needs a preset dictionary");
                    }
                }
                int used = n - inflater.getRemaining();
                pos += used;
                offset += used;
                consumed += used;
            }
        } catch (DataFormatException ex) {
            throw new ZipFormatException("entry " + name + ": corrupt deflate data (" + ex.getMessage() + ")");
        } finally {
            inflater.end();
        }
        return new long[] {consumed, produced};
    }

    private long[] copyStored(String name, EntrySink sink, CRC32 crc, long size) throws IOException {
        long left = size;
        while (left > 0) {
            if (pos == lim && !fillMore()) {
                throw new ZipFormatException("ZIP truncated: the stream ended after " + offset
                        + " bytes inside entry " + name);
            }
            int n = (int) Math.min(lim - pos, left);
            crc.update(buf, pos, n);
            sink.data(buf, pos, n);
            pos += n;
            offset += n;
            left -= n;
        }
        return new long[] {size, size};
    }

    /** Stored entry of unknown size: the data ends where a data descriptor matching it begins. */
    private long[] scanStored(String name, EntrySink sink, CRC32 crc, boolean zip64) throws IOException {
        long count = 0;
        int state = 0xFFFFFFFF; // own CRC-32 state so that a candidate can be checked without committing
        int ddLen = zip64 ? 24 : 16;
        while (true) {
            if (!ensure(ddLen)) {
                throw new ZipFormatException("ZIP truncated: the stream ended after " + (offset + lim - pos)
                        + " bytes inside entry " + name);
            }
            int i = pos;
            int last = lim - ddLen;
            int candidate = -1;
            int probe = state;
            for (; i <= last; i++) {
                if (buf[i] == 0x50 && buf[i + 1] == 0x4b && buf[i + 2] == 7 && buf[i + 3] == 8) {
                    long c = count + (i - pos);
                    long declared = zip64 ? le64(i + 8) : (le32(i + 8) & MAX32);
                    if (declared == c && ((~probe) & MAX32) == (le32(i + 4) & MAX32)) {
                        candidate = i;
                        break;
                    }
                }
                probe = (probe >>> 8) ^ TABLE[(probe ^ buf[i]) & 0xff];
            }
            int n = (candidate >= 0 ? candidate : i) - pos;
            if (n > 0) {
                state = probe;
                crc.update(buf, pos, n);
                sink.data(buf, pos, n);
                pos += n;
                offset += n;
                count += n;
            }
            if (candidate >= 0) {
                return new long[] {count, count};
            }
        }
    }

    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private void need(int n, String what) throws IOException {
        if (!ensure(n)) {
            throw new ZipFormatException("ZIP truncated: the stream ended after " + (offset + lim - pos)
                    + " bytes in the " + what + (currentEntry == null ? "" : " (last entry " + currentEntry + ")"));
        }
    }

    private void skip(int n) {
        pos += n;
        offset += n;
    }

    /** Makes at least n bytes available from pos; false at EOF. */
    private boolean ensure(int n) throws IOException {
        while (lim - pos < n) {
            if (!fillMore()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more bytes after lim (compacting first); false at EOF. */
    private boolean fillMore() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0 && (lim == buf.length || pos == lim)) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            throw new IllegalStateException("parser window full");
        }
        int r = in.read(buf, lim, buf.length - lim);
        if (r < 0) {
            eof = true;
            return false;
        }
        if (r == 0) {
            int b = in.read();
            if (b < 0) {
                eof = true;
                return false;
            }
            buf[lim++] = (byte) b;
            return true;
        }
        lim += r;
        return true;
    }

    private int le16(int i) {
        return (buf[i] & 0xff) | (buf[i + 1] & 0xff) << 8;
    }

    private int le32(int i) {
        return (buf[i] & 0xff) | (buf[i + 1] & 0xff) << 8 | (buf[i + 2] & 0xff) << 16 | (buf[i + 3] & 0xff) << 24;
    }

    private long le64(int i) {
        return (le32(i) & MAX32) | ((long) le32(i + 4)) << 32;
    }

}
