package org.medcloud.common.problem;

/**
 * The one way a service says "this request cannot be served" with a known status. Mapped to
 * problem+json by {@link ProblemExceptionMappers}.
 */
public class ApiException extends RuntimeException {

    private final transient Problem problem;
    private Long retryAfterSeconds;

    public ApiException(Problem problem) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
    }

    public ApiException(Problem problem, Throwable cause) {
        super(problem.title() + ": " + problem.detail(), cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds a client should wait before retrying (sent as Retry-After), or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Adds a Retry-After (at least 1 s) to this 503/429 answer. */
    public ApiException retryAfter(long seconds) {
        this.retryAfterSeconds = Math.max(1, seconds);
        return this;
    }

    /** 400 naming the field that is wrong. */
    public static ApiException badRequest(String field, String detail) {
        return new ApiException(Problem.of(400, "invalid-input", "Invalid value for '" + field + "'", detail, field));
    }

    public static ApiException notFound(String what, String detail) {
        return new ApiException(Problem.of(404, "not-found", what + " not found", detail, null));
    }

    public static ApiException conflict(String code, String title, String detail) {
        return new ApiException(Problem.of(409, code, title, detail, null));
    }

    public static ApiException unprocessable(String code, String title, String detail) {
        return new ApiException(Problem.of(422, code, title, detail, null));
    }

    /** The upstream (NBIA, MONAI Label, storage) failed: 502, 503 or 504. */
    public static ApiException upstream(int status, String code, String title, String detail, Throwable cause) {
        return new ApiException(Problem.of(status, code, title, detail, null), cause);
    }
}
