package org.medcloud.dicom;

import java.util.List;

/**
 * Encapsulated pixel data: the Basic Offset Table item (possibly empty) and the fragment items that follow.
 *
 * @param basicOffsetTable raw bytes of the first item
 * @param fragments        the data fragments, in stream order
 * @param fragmentOffsets  for each fragment, the offset of its item tag relative to the first fragment's item tag
 *                         (the coordinate system of the Basic and Extended Offset Tables)
 */
public record Fragments(byte[] basicOffsetTable, List<byte[]> fragments, long[] fragmentOffsets) {}
