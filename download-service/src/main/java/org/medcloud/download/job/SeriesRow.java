package org.medcloud.download.job;

import java.time.Instant;
import java.util.UUID;

/** One row of download_series. */
public record SeriesRow(long id, UUID jobId, int position, String seriesUid, SeriesState state, int attempts,
                        Instant nextAttemptAt, String leaseOwner, Instant leaseUntil, String collection,
                        String patientId, String studyUid, Integer expectedInstances, Long expectedBytes,
                        long bytesDone, int instancesDone, Instant attemptStartedAt, Instant finishedAt,
                        String zipKey, String indexKey, Long zipSize, String zipMd5, boolean reused, String message,
                        String handoverState, Instant updatedAt, boolean force) {
}
