package org.medcloud.dicom;

import java.util.Collections;
import java.util.List;

/**
 * One data element. Exactly one of {@link #bytes()}, {@link #items()} or {@link #fragments()} carries the value
 * (bytes may be null for Pixel Data of a header-only read).
 */
public final class DicomElement {
    private final int tag;
    private final VR vr;
    private final long length;
    private final byte[] value;
    private final List<DicomObject> items;
    private final Fragments fragments;
    private final boolean bigEndian;
    private final long streamOffset;

    DicomElement(int tag, VR vr, long length, byte[] value, List<DicomObject> items, Fragments fragments,
                 boolean bigEndian, long streamOffset) {
        this.tag = tag;
        this.vr = vr;
        this.length = length;
        this.value = value;
        this.items = items;
        this.fragments = fragments;
        this.bigEndian = bigEndian;
        this.streamOffset = streamOffset;
    }

    public int tag() { return tag; }
    public VR vr() { return vr; }
    /** Declared value length (-1 for undefined length). */
    public long length() { return length; }
    /** Raw value bytes (in {@link #isBigEndian()} byte order), or null for sequences, fragments and unread pixel data. */
    public byte[] bytes() { return value; }
    /** Sequence items (empty for non-sequences). */
    public List<DicomObject> items() { return items == null ? Collections.emptyList() : items; }
    /** Encapsulated pixel data, or null. */
    public Fragments fragments() { return fragments; }
    public boolean isSequence() { return items != null; }
    public boolean isBigEndian() { return bigEndian; }
    /** Offset of the element's tag in the stream (inflated stream for deflated syntaxes). */
    public long streamOffset() { return streamOffset; }

    @Override
    public String toString() {
        return Tags.toString(tag) + " " + vr + " #" + length;
    }
}
