-- Who started a job (the caller's user name; 'anonymous' on the local stack without auth).
-- Admins see every job, everyone else only their own.
ALTER TABLE download_job ADD COLUMN owner VARCHAR(128) NOT NULL DEFAULT 'anonymous';
CREATE INDEX download_job_owner_created ON download_job (owner, created_at DESC);
