package org.medcloud.dicom;

/** Thrown when a transfer syntax (or a photometric/bit layout in it) cannot be decoded. */
public class UnsupportedTransferSyntaxException extends DicomException {
    private final String transferSyntaxUid;

    public UnsupportedTransferSyntaxException(String transferSyntaxUid, String detail) {
        super("Unsupported transfer syntax " + transferSyntaxUid + (detail == null ? "" : ": " + detail));
        this.transferSyntaxUid = transferSyntaxUid;
    }

    public String transferSyntaxUid() { return transferSyntaxUid; }
}
