package org.medcloud.download.worker;

/** An attempt failed. {@code retryable} false: retrying cannot help (unknown series, 4xx). */
public class DownloadFailure extends Exception {

    private final boolean retryable;
    private final boolean verification;

    public DownloadFailure(String message, boolean retryable, boolean verification, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.verification = verification;
    }

    public static DownloadFailure retryable(String message, Throwable cause) {
        return new DownloadFailure(message, true, false, cause);
    }

    public static DownloadFailure permanent(String message) {
        return new DownloadFailure(message, false, false, null);
    }

    public static DownloadFailure verification(String message) {
        return new DownloadFailure(message, true, true, null);
    }

    public boolean retryable() {
        return retryable;
    }

    public boolean verification() {
        return verification;
    }
}
