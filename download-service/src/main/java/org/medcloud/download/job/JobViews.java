package org.medcloud.download.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** JSON shapes of the jobs API. */
public final class JobViews {

    private JobViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SeriesView(String seriesInstanceUid, String state, int attempts, String collection, String patientId,
                             String studyInstanceUid, long bytes, Long expectedBytes, int instances,
                             Integer expectedInstances, Long rateBytesPerSecond, Long etaSeconds, String message,
                             String zipKey, String indexKey, String zipMd5, Boolean alreadyStored,
                             Instant startedAt, Instant finishedAt, Instant nextAttemptAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobView(UUID jobId, String state, Instant createdAt, String owner, boolean force, int seriesTotal,
                          int seriesComplete, int seriesFailed, int seriesCancelled, long bytes, Long expectedBytes,
                          int instances, Long rateBytesPerSecond, Long etaSeconds, List<SeriesView> series) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SeriesEvent(UUID jobId, String jobState, SeriesView series) {
    }

    public record JobPage(List<JobView> items, int page, int size, long total) {
    }

    public record CreateJobRequest(List<String> seriesInstanceUids, Boolean force) {
    }

    static SeriesView view(SeriesRow r, Instant now) {
        Long rate = null;
        Long eta = null;
        if ((r.state() == SeriesState.downloading || r.state() == SeriesState.verifying) && r.attemptStartedAt() != null) {
            long ms = Math.max(1, Duration.between(r.attemptStartedAt(), now).toMillis());
            rate = r.bytesDone() * 1000 / ms;
            if (r.expectedBytes() != null && rate > 0) {
                eta = Math.max(0, (r.expectedBytes() - r.bytesDone()) / rate);
            }
        }
        return new SeriesView(r.seriesUid(), r.state().name(), r.attempts(), r.collection(), r.patientId(), r.studyUid(),
                r.bytesDone(), r.expectedBytes(), r.instancesDone(), r.expectedInstances(), rate, eta, r.message(),
                r.zipKey(), r.indexKey(), r.zipMd5(), r.reused() ? Boolean.TRUE : null, r.attemptStartedAt(),
                r.finishedAt(), r.state() == SeriesState.queued && r.attempts() > 0 ? r.nextAttemptAt() : null);
    }

    /** queued (nothing started), running, complete, failed (some failed, none active), cancelled. */
    static String jobState(List<SeriesRow> series) {
        int active = 0;
        int started = 0;
        int failed = 0;
        int cancelled = 0;
        for (SeriesRow s : series) {
            switch (s.state()) {
                case queued -> {
                    active++;
                    if (s.attempts() > 0) {
                        started++;
                    }
                }
                case downloading, verifying -> {
                    active++;
                    started++;
                }
                case failed -> failed++;
                case cancelled -> cancelled++;
                default -> started++;
            }
        }
        if (active > 0) {
            return started > 0 || failed + cancelled > 0 ? "running" : "queued";
        }
        if (failed > 0) {
            return "failed";
        }
        return cancelled > 0 ? "cancelled" : "complete";
    }

    static JobView job(JobRepository.JobRow job, List<SeriesRow> rows, Instant now, boolean withSeries) {
        long bytes = 0;
        long expected = 0;
        boolean expectedKnown = true;
        int instances = 0;
        long rate = 0;
        boolean anyRate = false;
        int complete = 0;
        int failed = 0;
        int cancelled = 0;
        List<SeriesView> views = new java.util.ArrayList<>();
        for (SeriesRow r : rows) {
            SeriesView v = view(r, now);
            views.add(v);
            bytes += r.bytesDone();
            instances += r.instancesDone();
            if (r.expectedBytes() == null) {
                expectedKnown = false;
            } else {
                expected += r.state() == SeriesState.complete && r.zipSize() != null ? r.zipSize() : r.expectedBytes();
            }
            if (v.rateBytesPerSecond() != null) {
                rate += v.rateBytesPerSecond();
                anyRate = true;
            }
            switch (r.state()) {
                case complete -> complete++;
                case failed -> failed++;
                case cancelled -> cancelled++;
                default -> {
                }
            }
        }
        String state = jobState(rows);
        Long eta = null;
        if (anyRate && rate > 0 && expectedKnown) {
            eta = Math.max(0, (expected - bytes) / rate);
        }
        return new JobView(job.id(), state, job.createdAt(), job.owner(), job.force(), rows.size(), complete, failed, cancelled, bytes,
                expectedKnown ? expected : null, instances, anyRate ? rate : null, eta, withSeries ? views : null);
    }
}
