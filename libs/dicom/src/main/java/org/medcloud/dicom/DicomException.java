package org.medcloud.dicom;

import java.io.IOException;

/** Base of the library's checked exceptions. */
public class DicomException extends IOException {
    public DicomException(String message) { super(message); }
    public DicomException(String message, Throwable cause) { super(message, cause); }
}
