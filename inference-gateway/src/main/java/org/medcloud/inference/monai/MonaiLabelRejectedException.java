package org.medcloud.inference.monai;

/** MONAI Label refused the request (4xx, e.g. 422): a problem with the request, not with the server's health. */
public class MonaiLabelRejectedException extends MonaiLabelException {
    public MonaiLabelRejectedException(int status, String message) {
        super(Kind.REJECTED, status, message, null);
    }
}
