package org.medcloud.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.medcloud.dicom.charset.SpecificCharacterSet;

/**
 * A data set or sequence item: elements in tag order plus typed accessors. Objects returned by {@link DicomReader}
 * are not modified afterwards and may be read from several threads.
 */
public final class DicomObject implements Iterable<DicomElement> {
    private final DicomObject parent;
    private final ArrayList<DicomElement> list = new ArrayList<>();
    private final Map<Integer, DicomElement> index = new HashMap<>();
    private SpecificCharacterSet charset;
    private DicomObject fileMeta;
    private String transferSyntaxUid;
    private PixelDataInfo pixelDataInfo;

    public DicomObject() { this(null); }

    DicomObject(DicomObject parent) { this.parent = parent; }

    /** Enclosing data set for sequence items, null at top level. */
    public DicomObject parent() { return parent; }

    void add(DicomElement e) {
        DicomElement old = index.put(e.tag(), e);
        if (old != null) {
            list.set(list.indexOf(old), e);
        } else {
            if (!list.isEmpty() && Integer.compareUnsigned(list.get(list.size() - 1).tag(), e.tag()) > 0) {
                // out of order in the stream: insert in place so that reads never mutate (thread-safe after parsing)
                int i = list.size() - 1;
                while (i > 0 && Integer.compareUnsigned(list.get(i - 1).tag(), e.tag()) > 0) i--;
                list.add(i, e);
            } else {
                list.add(e);
            }
        }
        if (e.tag() == Tags.SpecificCharacterSet) charset = null;
    }

    void setFileMeta(DicomObject meta) { this.fileMeta = meta; }
    void setTransferSyntaxUid(String ts) { this.transferSyntaxUid = ts; }
    void setPixelDataInfo(PixelDataInfo p) { this.pixelDataInfo = p; }

    /** File meta information (group 0002); an empty object when the input had none. */
    public DicomObject fileMeta() { return fileMeta != null ? fileMeta : (parent != null ? parent.fileMeta() : new DicomObject()); }

    /** Effective transfer syntax of the data set (from the meta, or detected). */
    public String transferSyntaxUid() { return transferSyntaxUid != null ? transferSyntaxUid : (parent != null ? parent.transferSyntaxUid() : null); }

    /** Location of Pixel Data in the stream, or null when there is none. */
    public PixelDataInfo pixelDataInfo() { return pixelDataInfo; }

    public boolean contains(int tag) { return index.containsKey(tag); }
    public DicomElement get(int tag) { return index.get(tag); }
    public int size() { return list.size(); }
    public boolean isEmpty() { return list.isEmpty(); }

    /** Elements in ascending tag order. */
    public Collection<DicomElement> elements() {
        return Collections.unmodifiableList(list);
    }

    @Override
    public Iterator<DicomElement> iterator() { return elements().iterator(); }

    /** Character set in force for this object (own (0008,0005), else inherited from the parent). */
    public SpecificCharacterSet specificCharacterSet() {
        if (charset == null) {
            DicomElement e = index.get(Tags.SpecificCharacterSet);
            if (e != null && e.bytes() != null) {
                charset = SpecificCharacterSet.of(splitAscii(e.bytes()));
            } else {
                charset = parent != null ? parent.specificCharacterSet() : SpecificCharacterSet.DEFAULT;
            }
        }
        return charset;
    }

    private static String[] splitAscii(byte[] b) {
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        String[] parts = s.split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) parts[i] = parts[i].trim();
        return parts;
    }

    /** First value as text; null if absent or empty. */
    public String getString(int tag) {
        String[] s = getStrings(tag);
        return s.length == 0 || s[0].isEmpty() && s.length == 1 ? null : s[0];
    }

    public String getString(int tag, String def) {
        String s = getString(tag);
        return s == null ? def : s;
    }

    /** All values as text (empty array if absent). Binary numeric VRs are formatted as numbers. */
    public String[] getStrings(int tag) {
        DicomElement e = index.get(tag);
        if (e == null || e.bytes() == null) return new String[0];
        return Values.strings(e, this);
    }

    public int getInt(int tag, int def) {
        int[] v = getInts(tag);
        return v.length == 0 ? def : v[0];
    }

    /** Integer values (IS, DS truncated, US/SS/UL/SL/SV/UV); unparsable text values are skipped. */
    public int[] getInts(int tag) {
        DicomElement e = index.get(tag);
        if (e == null || e.bytes() == null) return new int[0];
        double[] d = Values.doubles(e, this);
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) r[i] = (int) (long) d[i];
        return r;
    }

    public double getDouble(int tag, double def) {
        double[] v = getDoubles(tag);
        return v.length == 0 ? def : v[0];
    }

    /** Numeric values (DS, IS, FL, FD and integer VRs); unparsable text values are skipped. */
    public double[] getDoubles(int tag) {
        DicomElement e = index.get(tag);
        if (e == null || e.bytes() == null) return new double[0];
        return Values.doubles(e, this);
    }

    /** Raw value bytes, or null. */
    public byte[] getBytes(int tag) {
        DicomElement e = index.get(tag);
        return e == null ? null : e.bytes();
    }

    /** Sequence items; empty list if absent or not a sequence. */
    public List<DicomObject> getSequence(int tag) {
        DicomElement e = index.get(tag);
        return e == null ? Collections.emptyList() : e.items();
    }

    /** Byte order of the element values of this data set. */
    public ByteOrder byteOrder(DicomElement e) { return e.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN; }

    static ByteBuffer wrap(DicomElement e) {
        return ByteBuffer.wrap(e.bytes()).order(e.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (DicomElement e : elements()) sb.append(e).append('\n');
        return sb.toString();
    }
}
