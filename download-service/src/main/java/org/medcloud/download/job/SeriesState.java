package org.medcloud.download.job;

/** State of one series of a download job. */
public enum SeriesState {
    queued, downloading, verifying, complete, failed, cancelled;

    public boolean terminal() {
        return this == complete || this == failed || this == cancelled;
    }
}
