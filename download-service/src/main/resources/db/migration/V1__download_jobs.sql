-- Download jobs and their series. A job accepted is one committed INSERT; workers claim series
-- rows with FOR UPDATE SKIP LOCKED and hold them with a lease (lease_owner, lease_until) that a
-- heartbeat extends; a series whose lease expired (dead worker) is claimed again.
CREATE TABLE download_job (
    id          UUID PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    force       BOOLEAN     NOT NULL DEFAULT FALSE,
    source      VARCHAR(16) NOT NULL
);

CREATE TABLE download_series (
    id                  BIGSERIAL PRIMARY KEY,
    job_id              UUID        NOT NULL REFERENCES download_job (id) ON DELETE CASCADE,
    position            INT         NOT NULL,
    series_uid          VARCHAR(64) NOT NULL,
    state               VARCHAR(16) NOT NULL,
    attempts            INT         NOT NULL DEFAULT 0,
    next_attempt_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    lease_owner         VARCHAR(160),
    lease_until         TIMESTAMPTZ,
    collection          TEXT,
    patient_id          TEXT,
    study_uid           VARCHAR(64),
    expected_instances  INT,
    expected_bytes      BIGINT,
    bytes_done          BIGINT      NOT NULL DEFAULT 0,
    instances_done      INT         NOT NULL DEFAULT 0,
    attempt_started_at  TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ,
    zip_key             TEXT,
    index_key           TEXT,
    zip_size            BIGINT,
    zip_md5             VARCHAR(32),
    reused              BOOLEAN     NOT NULL DEFAULT FALSE,
    message             TEXT,
    handover_state      VARCHAR(16),
    handover_attempts   INT         NOT NULL DEFAULT 0,
    handover_next_at    TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT download_series_job_uid UNIQUE (job_id, series_uid),
    CONSTRAINT download_series_state CHECK (state IN ('queued', 'downloading', 'verifying', 'complete', 'failed', 'cancelled'))
);

CREATE INDEX download_series_claim ON download_series (state, next_attempt_at);
CREATE INDEX download_series_uid ON download_series (series_uid);
CREATE INDEX download_series_updated ON download_series (updated_at);
CREATE INDEX download_series_handover ON download_series (handover_next_at) WHERE handover_state = 'pending';
CREATE INDEX download_job_created ON download_job (created_at DESC);
