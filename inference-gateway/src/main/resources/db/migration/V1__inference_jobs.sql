-- Inference jobs: a durable queue (status queued -> running -> succeeded|failed) and the results.
CREATE TABLE inference_job (
    id           UUID PRIMARY KEY,
    seq          BIGSERIAL NOT NULL UNIQUE,
    series_uid   VARCHAR(64) NOT NULL,
    sop_uid      VARCHAR(64),
    model        VARCHAR(200) NOT NULL,
    params       TEXT NOT NULL,
    handover     VARCHAR(16) NOT NULL,
    server_url   TEXT NOT NULL,
    status       VARCHAR(16) NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    error        TEXT,
    result_json  TEXT,
    legend       TEXT,
    overlays     TEXT,
    label_key    TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX inference_job_queue ON inference_job (status, seq);
