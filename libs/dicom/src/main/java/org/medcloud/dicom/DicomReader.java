package org.medcloud.dicom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming DICOM reader. Accepts Part 10 files (with or without the 128-byte preamble and file meta) and raw
 * data sets; detects Implicit/Explicit VR and byte order when there is no meta. Thread-safe (stateless apart from limits).
 */
public final class DicomReader {
    private static final int UNDEFINED = -1;
    private final ReadLimits limits;

    public DicomReader() { this(ReadLimits.DEFAULT); }

    public DicomReader(ReadLimits limits) { this.limits = limits; }

    /** Reads everything except Pixel Data (stops before it; see {@link DicomObject#pixelDataInfo()}). */
    public static DicomObject readHeader(InputStream in) throws IOException { return new DicomReader().read(in, true); }

    public static DicomObject readHeader(Path p) throws IOException { return new DicomReader().read(p, true); }

    /** Reads the whole object, pixel data included. */
    public static DicomObject read(InputStream in) throws IOException { return new DicomReader().read(in, false); }

    public static DicomObject read(Path p) throws IOException { return new DicomReader().read(p, false); }

    public DicomObject read(Path p, boolean headerOnly) throws IOException {
        long size = Files.size(p);
        ReadLimits l = limits;
        // a value can never be longer than the file (before inflation)
        try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 65536)) {
            return new Parser(new StreamSource(in, l.maxTotalBytes()), l, headerOnly, size).parse();
        }
    }

    public DicomObject read(InputStream in, boolean headerOnly) throws IOException {
        return new Parser(new StreamSource(in, limits.maxTotalBytes()), limits, headerOnly, -1).parse();
    }

    private static final class Parser {
        final StreamSource s;
        final ReadLimits limits;
        final boolean headerOnly;
        final long fileSize;
        boolean explicit = true;
        boolean bigEndian;
        boolean deflated;
        long elementCount;
        int pixelRepresentation = -1;

        Parser(StreamSource s, ReadLimits limits, boolean headerOnly, long fileSize) {
            this.s = s;
            this.limits = limits;
            this.headerOnly = headerOnly;
            this.fileSize = fileSize;
        }

        DicomObject parse() throws IOException {
            DicomObject root = new DicomObject();
            DicomObject meta = new DicomObject();
            root.setFileMeta(meta);
            if (s.available(132) == 132 && s.peek(128) == 'D' && s.peek(129) == 'I' && s.peek(130) == 'C' && s.peek(131) == 'M') {
                s.skip(132, -1);
            } else if (s.available(4) == 4 && s.peek(0) == 'D' && s.peek(1) == 'I' && s.peek(2) == 'C' && s.peek(3) == 'M') {
                s.skip(4, -1);
            }
            String ts = null;
            // file meta: group 0002, always explicit VR little endian (tolerate implicit)
            if (s.available(6) == 6 && s.peek(0) == 0x02 && s.peek(1) == 0x00) {
                explicit = looksExplicit();
                bigEndian = false;
                long metaEnd = -1;
                while (s.available(4) == 4 && s.peek(0) == 0x02 && s.peek(1) == 0x00) {
                    DicomElement e = readElement(meta, 0, true);
                    if (e == null) break;
                    if (e.tag() == 0x00020000 && e.bytes() != null && e.bytes().length == 4) {
                        metaEnd = s.position() + (DicomObject.wrap(e).getInt() & 0xFFFFFFFFL);
                    }
                }
                ts = meta.getString(Tags.TransferSyntaxUID);
            }
            if (ts == null) {
                ts = detect();
            } else {
                switch (ts) {
                    case UID.ImplicitVRLittleEndian: explicit = false; bigEndian = false; break;
                    case UID.ExplicitVRBigEndian: explicit = true; bigEndian = true; break;
                    case UID.DeflatedExplicitVRLittleEndian: explicit = true; bigEndian = false; deflated = true; break;
                    default: explicit = true; bigEndian = false;
                }
                if (deflated) {
                    s.startInflating();
                }
                // tolerate a meta that lies about the syntax of the data set
                if (!deflated && s.available(8) == 8) {
                    boolean ex = looksExplicit();
                    if (ex != explicit && !bigEndian) explicit = ex;
                }
            }
            root.setTransferSyntaxUid(ts);
            readDataset(root, -1, 0, true);
            return root;
        }

        private boolean looksExplicit() throws IOException {
            if (s.available(6) < 6) return true;
            int a = s.peek(4), b = s.peek(5);
            return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z' && VR.of((a << 8) | b) != null;
        }

        /** Detects the encoding of a data set without meta. */
        private String detect() throws IOException {
            if (s.available(8) < 8) {
                explicit = false;
                bigEndian = false;
                return UID.ImplicitVRLittleEndian;
            }
            int gLE = s.peek(0) | (s.peek(1) << 8);
            int gBE = (s.peek(0) << 8) | s.peek(1);
            bigEndian = gBE < gLE && gBE != 0 && gBE <= 0x0008 + 0x100 && gLE > 0x00FF;
            explicit = looksExplicit();
            if (bigEndian) return UID.ExplicitVRBigEndian;
            return explicit ? UID.ExplicitVRLittleEndian : UID.ImplicitVRLittleEndian;
        }

        private DicomParseException error(String msg, long offset, int tag) {
            return new DicomParseException(msg, offset, tag);
        }

        /**
         * Reads elements into obj until end (a stream position, -1 for "until item delimiter/EOF").
         * @return true when ended by an item delimitation item
         */
        private boolean readDataset(DicomObject obj, long end, int depth, boolean top) throws IOException {
            while (true) {
                if (end >= 0 && s.position() >= end) {
                    if (s.position() > end) throw error("element runs past the end of its item", s.position(), -1);
                    return false;
                }
                int avail = s.available(8);
                if (avail == 0) {
                    if (top) return false;
                    throw error("unexpected end of stream inside an item of undefined length", s.position(), -1);
                }
                if (avail < 8) {
                    if (top && avail < 4) { s.skip(avail, -1); return false; } // trailing bytes: ignore
                    throw error("truncated element header", s.position(), -1);
                }
                long start = s.position();
                int group = s.peek(bigEndian ? 1 : 0) | (s.peek(bigEndian ? 0 : 1) << 8);
                int elem = s.peek(bigEndian ? 3 : 2) | (s.peek(bigEndian ? 2 : 3) << 8);
                int tag = (group << 16) | elem;
                if (tag == Tags.ItemDelimitationItem) {
                    s.skip(8, tag);
                    if (end >= 0 && !top) {
                        // delimiter inside a defined-length item: tolerate (DCMTK does), keep reading up to the length
                        continue;
                    }
                    if (top) throw error("item delimitation item outside an item", start, tag);
                    return true;
                }
                if (top && headerOnly && group == 0x7FE0 && (elem == 0x0010 || elem == 0x0008 || elem == 0x0009)) {
                    recordPixelData(obj, start, tag);
                    return false;
                }
                DicomElement e = readElement(obj, depth, false);
                if (e == null) return false;
            }
        }

        private void recordPixelData(DicomObject obj, long start, int tag) throws IOException {
            s.skip(4, tag);
            VR vr;
            long len;
            if (explicit) {
                s.require(4, tag);
                int code = s.u16(true);
                vr = VR.of(code);
                if (vr == null) vr = VR.OW;
                s.skip(2, tag);
                s.require(4, tag);
                len = s.u32(bigEndian);
            } else {
                s.require(4, tag);
                len = s.u32(bigEndian);
                vr = tag == Tags.PixelData ? VR.OW : tag == Tags.FloatPixelData ? VR.OF : VR.OD;
            }
            boolean undefined = len == 0xFFFFFFFFL;
            if (undefined) vr = VR.OB;
            obj.setPixelDataInfo(new PixelDataInfo(tag, vr, s.position(), undefined ? -1 : len, undefined));
            // placeholder without value so that contains()/JSON see the element
            obj.add(new DicomElement(tag, vr, undefined ? -1 : len, null, null, null, bigEndian, start));
        }

        /** Reads one element at the current position and adds it to obj. */
        private DicomElement readElement(DicomObject obj, int depth, boolean meta) throws IOException {
            long start = s.position();
            boolean be = meta ? false : bigEndian;
            boolean ex = meta ? explicitMeta() : explicit;
            s.require(8, -1);
            int group = s.u16(be);
            int elem = s.u16(be);
            int tag = (group << 16) | elem;
            if (++elementCount > limits.maxElements()) throw error("more than " + limits.maxElements() + " elements", start, tag);
            VR vr;
            long len;
            if (ex && group != 0xFFFE) {
                int code = s.u16(true);
                vr = VR.of(code);
                if (vr == null) {
                    int c1 = code >> 8, c2 = code & 0xFF;
                    if (c1 >= 'A' && c1 <= 'Z' && c2 >= 'A' && c2 <= 'Z') {
                        vr = VR.UN; // unknown but well-formed VR: treat as UN with a long length
                        s.require(6, tag);
                        s.skip(2, tag);
                        len = s.u32(be);
                    } else {
                        throw error("invalid VR bytes 0x" + Integer.toHexString(code), start + 4, tag);
                    }
                } else if (vr.hasLongLength()) {
                    s.require(6, tag);
                    s.skip(2, tag);
                    len = s.u32(be);
                } else {
                    len = s.u16(be);
                }
            } else {
                len = s.u32(be);
                vr = implicitVr(obj, tag);
            }
            boolean undefined = len == 0xFFFFFFFFL;
            if (group == 0xFFFE) {
                throw error("unexpected item tag in a data set", start, tag);
            }
            DicomElement e;
            if (vr == VR.SQ || (undefined && (vr == VR.UN || !ex) && !isPixelData(tag))) {
                if (depth + 1 > limits.maxDepth()) throw error("sequences nested deeper than " + limits.maxDepth(), start, tag);
                List<DicomObject> items = readSequence(obj, tag, undefined ? -1 : len, depth + 1, vr == VR.UN);
                e = new DicomElement(tag, vr == VR.UN && !ex ? VR.SQ : vr, undefined ? -1 : len, null, items, null, be, start);
            } else if (undefined) {
                if (!isPixelData(tag)) throw error("undefined length for a non-sequence element", start, tag);
                long valueStart = s.position();
                Fragments f = readFragments(tag);
                e = new DicomElement(tag, VR.OB, -1, null, null, f, be, start);
                if (depth == 0) obj.setPixelDataInfo(new PixelDataInfo(tag, VR.OB, valueStart, -1, true));
            } else {
                if (len > limits.maxValueLength()) throw error("value length " + len + " exceeds the limit " + limits.maxValueLength(), start, tag);
                if (fileSize >= 0 && !deflated && s.position() + len > fileSize) {
                    throw error("value length " + len + " larger than the remaining " + (fileSize - s.position()) + " bytes of the file", start, tag);
                }
                long valueStart = s.position();
                byte[] v = s.read(len, tag);
                e = new DicomElement(tag, vr, len, v, null, null, be, start);
                if (depth == 0 && isPixelData(tag)) obj.setPixelDataInfo(new PixelDataInfo(tag, vr, valueStart, len, false));
                if (tag == Tags.PixelRepresentation && v.length >= 2) pixelRepresentation = DicomObject.wrap(e).getShort() & 0xFFFF;
            }
            obj.add(e);
            return e;
        }

        private boolean explicitMetaFlag = true;
        private boolean metaChecked;

        private boolean explicitMeta() throws IOException {
            if (!metaChecked) {
                explicitMetaFlag = looksExplicit();
                metaChecked = true;
            }
            return explicitMetaFlag;
        }

        private static boolean isPixelData(int tag) {
            return tag == Tags.PixelData || tag == Tags.FloatPixelData || tag == Tags.DoubleFloatPixelData;
        }

        private VR implicitVr(DicomObject obj, int tag) {
            int group = tag >>> 16, elem = tag & 0xFFFF;
            if (elem == 0) return VR.UL; // group length
            String creator = null;
            if ((group & 1) == 1) {
                if (elem >= 0x10 && elem <= 0xFF) return VR.LO; // private creator
                if (elem >= 0x1000) {
                    int creatorTag = (group << 16) | (elem >> 8);
                    DicomElement c = obj.get(creatorTag);
                    if (c != null && c.bytes() != null) creator = new String(c.bytes(), StandardCharsets.ISO_8859_1).trim();
                }
            }
            VR vr = Dictionary.vrOf(tag, creator);
            if (vr == VR.US && pixelRepresentation == 1 && Dictionary.isUsOrSs(tag, creator) && isPixelValueTag(tag)) return VR.SS;
            return vr;
        }

        private static boolean isPixelValueTag(int tag) {
            switch (tag) {
                case 0x00280106: case 0x00280107: case 0x00280108: case 0x00280109: case 0x00280110: case 0x00280111:
                case 0x00280120: case 0x00280121:
                    return true;
                default:
                    return false;
            }
        }

        private List<DicomObject> readSequence(DicomObject parent, int seqTag, long len, int depth, boolean unImplicit) throws IOException {
            List<DicomObject> items = new ArrayList<>();
            long end = len < 0 ? -1 : s.position() + len;
            boolean saveExplicit = explicit, saveBig = bigEndian;
            if (unImplicit) { explicit = false; bigEndian = false; } // CP-246: UN of undefined length is implicit VR LE
            try {
                while (true) {
                    if (end >= 0 && s.position() >= end) {
                        if (s.position() > end) throw error("sequence content runs past its length", s.position(), seqTag);
                        break;
                    }
                    long start = s.position();
                    if (s.available(8) < 8) throw error("unexpected end of stream in sequence", start, seqTag);
                    int g = s.u16(bigEndian), el = s.u16(bigEndian);
                    int tag = (g << 16) | el;
                    long ilen = s.u32(bigEndian);
                    if (++elementCount > limits.maxElements()) throw error("more than " + limits.maxElements() + " elements", start, tag);
                    if (tag == Tags.SequenceDelimitationItem) {
                        if (end >= 0) continue; // stray delimiter in a defined-length sequence
                        break;
                    }
                    if (tag != Tags.Item) throw error("expected an item tag in sequence " + Tags.toString(seqTag) + ", found " + Tags.toString(tag), start, tag);
                    DicomObject item = new DicomObject(parent);
                    boolean undefined = ilen == 0xFFFFFFFFL;
                    if (!undefined && end >= 0 && s.position() + ilen > end) throw error("item length " + ilen + " exceeds its sequence", start, tag);
                    if (!undefined && fileSize >= 0 && !deflated && s.position() + ilen > fileSize) throw error("item length " + ilen + " exceeds the file", start, tag);
                    readDataset(item, undefined ? -1 : s.position() + ilen, depth, false);
                    items.add(item);
                }
            } finally {
                explicit = saveExplicit;
                bigEndian = saveBig;
            }
            return items;
        }

        private Fragments readFragments(int pixelTag) throws IOException {
            byte[] bot = null;
            List<byte[]> frags = new ArrayList<>();
            List<Long> offs = new ArrayList<>();
            long firstFragmentPos = -1;
            while (true) {
                long start = s.position();
                if (s.available(8) < 8) throw error("unexpected end of stream in encapsulated pixel data", start, pixelTag);
                int g = s.u16(bigEndian), el = s.u16(bigEndian);
                int tag = (g << 16) | el;
                long ilen = s.u32(bigEndian);
                if (++elementCount > limits.maxElements()) throw error("more than " + limits.maxElements() + " fragments", start, tag);
                if (tag == Tags.SequenceDelimitationItem) break;
                if (tag != Tags.Item) throw error("expected a fragment item in encapsulated pixel data, found " + Tags.toString(tag), start, tag);
                if (ilen == 0xFFFFFFFFL || ilen > limits.maxValueLength()) throw error("invalid fragment length " + ilen, start, tag);
                if (fileSize >= 0 && !deflated && s.position() + ilen > fileSize) throw error("fragment length " + ilen + " exceeds the file", start, tag);
                byte[] v = s.read(ilen, tag);
                if (bot == null) {
                    bot = v;
                } else {
                    if (firstFragmentPos < 0) firstFragmentPos = start;
                    frags.add(v);
                    offs.add(start - firstFragmentPos);
                }
            }
            long[] o = new long[offs.size()];
            for (int i = 0; i < o.length; i++) o[i] = offs.get(i);
            return new Fragments(bot == null ? new byte[0] : bot, frags, o);
        }
    }
}
