package org.medcloud.inference.monai;

/** A failed call to MONAI Label, with a reason a user can read and the HTTP status the gateway answers with. */
public class MonaiLabelException extends RuntimeException {

    public enum Kind { UNREACHABLE, TIMEOUT, REJECTED, SERVER_ERROR, BAD_REPLY, CIRCUIT_OPEN }

    private final Kind kind;
    private final int upstreamStatus;

    public MonaiLabelException(Kind kind, int upstreamStatus, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.upstreamStatus = upstreamStatus;
    }

    public Kind kind() {
        return kind;
    }

    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** Status for our own problem response: 503 unreachable/circuit open, 504 timeout, 502 otherwise. */
    public int gatewayStatus() {
        switch (kind) {
            case UNREACHABLE:
            case CIRCUIT_OPEN:
                return 503;
            case TIMEOUT:
                return 504;
            default:
                return 502;
        }
    }

    public String code() {
        return "monai-label-" + kind.name().toLowerCase().replace('_', '-');
    }
}
