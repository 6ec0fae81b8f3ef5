package org.medcloud.inference.monai;

import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** Turns an open circuit breaker into a readable {@link MonaiLabelException}. */
public final class MonaiLabelCalls {

    private MonaiLabelCalls() {
    }

    public static <T> T call(String baseUrl, Supplier<T> call) {
        try {
            return call.get();
        } catch (CircuitBreakerOpenException e) {
            throw new MonaiLabelException(MonaiLabelException.Kind.CIRCUIT_OPEN, 0, "MONAI Label at " + baseUrl
                    + " failed repeatedly; calls are paused for 30 s (circuit breaker open)", e);
        }
    }
}
