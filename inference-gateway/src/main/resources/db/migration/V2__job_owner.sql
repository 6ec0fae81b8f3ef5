-- Who submitted an inference job ('anonymous' on the local stack without auth). Users read their
-- own jobs; admins read everyone's.
ALTER TABLE inference_job ADD COLUMN owner VARCHAR(128) NOT NULL DEFAULT 'anonymous';
