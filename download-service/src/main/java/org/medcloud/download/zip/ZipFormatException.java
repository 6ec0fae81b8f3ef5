package org.medcloud.download.zip;

import java.io.IOException;

/** The byte stream is not a well-formed (or complete) ZIP archive; the message names the entry and the check. */
public class ZipFormatException extends IOException {
    public ZipFormatException(String message) {
        super(message);
    }
}
