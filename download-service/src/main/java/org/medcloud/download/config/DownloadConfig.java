package org.medcloud.download.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** download-service settings; the environment variable of each is in the README table. */
@ConfigMapping(prefix = "download")
public interface DownloadConfig {

    /** NBIA v4 base URL (NBIA_BASE_URL). */
    @WithName("nbia.base-url")
    @WithDefault("http://127.0.0.1:8091/nbia-api/services/v4")
    String nbiaBaseUrl();

    /** getImage (with IncludeMD5=Yes) or getImageWithMD5Hash (NBIA_IMAGE_ENDPOINT). */
    @WithName("nbia.image-endpoint")
    @WithDefault("getImage")
    String nbiaImageEndpoint();

    /** Ask getSOPInstanceUIDs and compare the instance list (NBIA_CHECK_SOP_UIDS). */
    @WithName("nbia.check-sop-uids")
    @WithDefault("true")
    boolean checkSopUids();

    @WithName("nbia.connect-timeout")
    @WithDefault("10s")
    Duration nbiaConnectTimeout();

    /** Longest silence on the NBIA connection before the attempt fails (NBIA_READ_TIMEOUT). */
    @WithName("nbia.read-timeout")
    @WithDefault("60s")
    Duration nbiaReadTimeout();

    /** Series downloaded in parallel by this instance (DOWNLOAD_CONCURRENCY). */
    @WithDefault("2")
    int concurrency();

    /** Attempts per series before it is failed (DOWNLOAD_MAX_ATTEMPTS). */
    @WithName("max-attempts")
    @WithDefault("3")
    int maxAttempts();

    /** First retry delay, doubled per attempt (DOWNLOAD_RETRY_BACKOFF). */
    @WithName("retry-backoff")
    @WithDefault("10s")
    Duration retryBackoff();

    @WithName("retry-backoff-max")
    @WithDefault("5m")
    Duration retryBackoffMax();

    /** Lease on a claimed series; a worker silent for longer loses it (DOWNLOAD_LEASE). */
    @WithDefault("30s")
    Duration lease();

    /** How often the worker writes progress + renews leases (DOWNLOAD_PROGRESS_INTERVAL). */
    @WithName("progress-interval")
    @WithDefault("500ms")
    Duration progressInterval();

    /** How often the worker looks for work (DOWNLOAD_POLL_INTERVAL). */
    @WithName("poll-interval")
    @WithDefault("1s")
    Duration pollInterval();

    /** Run the worker in this process (DOWNLOAD_WORKER_ENABLED). */
    @WithName("worker-enabled")
    @WithDefault("true")
    boolean workerEnabled();

    /** Bytes of one entry kept to parse its DICOM header (DOWNLOAD_MAX_HEADER_BYTES). */
    @WithName("max-header-bytes")
    @WithDefault("2097152")
    int maxHeaderBytes();

    /** Series per job (DOWNLOAD_MAX_SERIES_PER_JOB). */
    @WithName("max-series-per-job")
    @WithDefault("1000")
    int maxSeriesPerJob();

    /** SSE refresh interval; bounds the update rate per job (DOWNLOAD_EVENTS_INTERVAL). */
    @WithName("events-interval")
    @WithDefault("250ms")
    Duration eventsInterval();

    /** Viewer base URL for the hand-over (VIEWER_URL). */
    @WithName("viewer-url")
    @WithDefault("http://127.0.0.1:8083")
    String viewerUrl();

    /** Attempts of the viewer hand-over before giving up (the viewer rescans anyway) (VIEWER_HANDOVER_MAX_ATTEMPTS). */
    @WithName("viewer-handover-max-attempts")
    @WithDefault("20")
    int viewerHandoverMaxAttempts();
}
