package org.medcloud.dicom;

/**
 * Bounds for untrusted input. No allocation is sized by a length field beyond these limits, and values
 * above 1 MiB are read in growing chunks so a lying length field fails at end of stream, not with an OOM.
 *
 * @param maxValueLength largest single element value (bytes)
 * @param maxDepth       deepest sequence nesting
 * @param maxElements    most elements (all levels, incl. items and fragments) in one object
 * @param maxTotalBytes  most bytes consumed from the (inflated) stream: a deflate-bomb guard
 */
public record ReadLimits(long maxValueLength, int maxDepth, long maxElements, long maxTotalBytes) {
    public static final ReadLimits DEFAULT = new ReadLimits(Integer.MAX_VALUE - 16, 64, 2_000_000, 8L << 30);

    public ReadLimits withMaxValueLength(long v) { return new ReadLimits(v, maxDepth, maxElements, maxTotalBytes); }
    public ReadLimits withMaxDepth(int v) { return new ReadLimits(maxValueLength, v, maxElements, maxTotalBytes); }
    public ReadLimits withMaxElements(long v) { return new ReadLimits(maxValueLength, maxDepth, v, maxTotalBytes); }
    public ReadLimits withMaxTotalBytes(long v) { return new ReadLimits(maxValueLength, maxDepth, maxElements, v); }
}
