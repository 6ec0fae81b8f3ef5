package org.medcloud.search.nbia;

/** One failed attempt to call NBIA, classified for retry, circuit breaker and the problem response. */
public class UpstreamFailure extends RuntimeException {

    public enum Kind {
        TIMEOUT(true), UNREACHABLE(true), IO(true), SERVER_ERROR(true), RATE_LIMITED(true), REJECTED(false), MALFORMED(false);

        final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final int status;
    private final Long retryAfterSeconds;

    public UpstreamFailure(Kind kind, int status, Long retryAfterSeconds, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean retryable() {
        return kind.retryable;
    }
}
