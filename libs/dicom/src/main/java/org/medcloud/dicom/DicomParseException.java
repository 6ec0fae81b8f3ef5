package org.medcloud.dicom;

/** Malformed or over-limit input. The message names the byte offset and the tag being read. */
public class DicomParseException extends DicomException {
    private final long offset;
    private final int tag;

    public DicomParseException(String message, long offset, int tag) {
        this(message, offset, tag, null);
    }

    public DicomParseException(String message, long offset, int tag, Throwable cause) {
        super(message + " at byte offset " + offset + (tag == -1 ? "" : " in element " + Tags.toString(tag)), cause);
        this.offset = offset;
        this.tag = tag;
    }

    /** Byte offset in the (inflated, for deflated syntaxes) stream; -1 when unknown. */
    public long offset() { return offset; }

    /** Tag being read, or -1 when not known. */
    public int tag() { return tag; }
}
