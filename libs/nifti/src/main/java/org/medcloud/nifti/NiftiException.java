package org.medcloud.nifti;

/** A malformed or unsupported NIfTI file, or geometry that cannot be expressed. */
public class NiftiException extends RuntimeException {
    public NiftiException(String message) {
        super(message);
    }

    public NiftiException(String message, Throwable cause) {
        super(message, cause);
    }
}
