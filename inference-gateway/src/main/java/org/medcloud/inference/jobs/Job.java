package org.medcloud.inference.jobs;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of inference_job. */
public record Job(UUID id, long seq, String seriesUid, String sopUid, String model, String params, String handover,
                  String serverUrl, String status, String error, String resultJson, String legend, String overlays,
                  String labelKey, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                  String owner) {
}
