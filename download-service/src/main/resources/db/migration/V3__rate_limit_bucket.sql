-- Per-user token buckets for rate limits (libs/security RateLimiter), shared by all replicas.
-- bucket_key is '<operation>:<user name>'; tokens may go fractional as they refill.
CREATE TABLE rate_limit_bucket (
    bucket_key   VARCHAR(300) PRIMARY KEY,
    tokens       DOUBLE PRECISION NOT NULL,
    refreshed_at TIMESTAMPTZ NOT NULL
);
