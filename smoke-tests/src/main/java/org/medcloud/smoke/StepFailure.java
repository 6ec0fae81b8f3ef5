package org.medcloud.smoke;

/** A smoke-test step that did not do what the product promises; carries the response that showed it. */
public final class StepFailure extends RuntimeException {

    private final String step;
    private final int status;
    private final String body;

    public StepFailure(String step, String message, int status, String body) {
        super(message);
        this.step = step;
        this.status = status;
        this.body = body;
    }

    public String step() {
        return step;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
