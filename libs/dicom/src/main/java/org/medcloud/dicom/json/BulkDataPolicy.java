package org.medcloud.dicom.json;

import org.medcloud.dicom.DicomElement;

/**
 * Decides, per binary element (OB/OD/OF/OL/OV/OW/UN and Pixel Data), whether the DICOM JSON gets a BulkDataURI.
 * Return a URI to write {@code "BulkDataURI"}, or null to write {@code "InlineBinary"} (base64).
 */
@FunctionalInterface
public interface BulkDataPolicy {

    /**
     * @param element the element
     * @param tagPath tags from the top-level data set down to this element (sequence tag, item index, ..., element tag)
     * @return BulkDataURI, or null to inline
     */
    String bulkDataUri(DicomElement element, int[] tagPath);

    /** Everything inline. */
    BulkDataPolicy INLINE_ALL = (e, p) -> null;

    /** Inline values up to maxInlineBytes; larger ones (and all encapsulated Pixel Data) get the URI from uriFor. */
    static BulkDataPolicy inlineUpTo(int maxInlineBytes, BulkDataPolicy uriFor) {
        return (e, p) -> {
            long len = e.bytes() != null ? e.bytes().length : e.length();
            if (e.fragments() == null && e.bytes() != null && len <= maxInlineBytes) return null;
            return uriFor.bulkDataUri(e, p);
        };
    }
}
