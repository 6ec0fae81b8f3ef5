package org.medcloud.search.nbia;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.medcloud.common.problem.ApiException;

/**
 * Every call to NBIA goes through here: timeouts (rest-client config), retries with exponential
 * backoff and jitter on 5xx / 429 / I/O errors (a Retry-After is respected up to a limit), a
 * circuit breaker (SmallRye Fault Tolerance), lenient parsing of NBIA's bodies, and the mapping
 * of what finally failed to a 502/503/504 problem. Never a raw 500.
 */
@ApplicationScoped
public class NbiaGateway {

    private static final Logger LOG = Logger.getLogger(NbiaGateway.class);
    public static final String BREAKER = "nbia";
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {
    };

    @Inject
    @RestClient
    NbiaClient client;

    @Inject
    NbiaConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    @Inject
    CircuitBreakerMaintenance breakers;

    private Guard breaker;
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;

    @PostConstruct
    void init() {
        NbiaConfig.Breaker b = config.breaker();
        breaker = Guard.create().withDescription("NBIA")
                .withCircuitBreaker().name(BREAKER)
                .requestVolumeThreshold(b.requestVolumeThreshold()).failureRatio(b.failureRatio())
                .delay(b.delay().toMillis(), ChronoUnit.MILLIS).successThreshold(b.successThreshold())
                .when(t -> t instanceof UpstreamFailure u && u.retryable())
                .onStateChange(s -> {
                    state = s;
                    LOG.infof("NBIA circuit breaker is now %s", s);
                })
                .done().build();
        registry.gauge("nbia_circuit_breaker_open", this, g -> g.state == CircuitBreakerState.CLOSED ? 0 : 1);
    }

    public String version() {
        return config.apiVersion();
    }

    public CircuitBreakerState breakerState() {
        return breakers.currentState(BREAKER);
    }

    public void resetBreaker() {
        breakers.reset(BREAKER);
    }

    /** GET an NBIA list endpoint; an empty body is an empty list; {@code {}} rows are kept (callers drop them). */
    public List<Map<String, Object>> list(String endpoint, Map<String, String> query) {
        Map<String, String> q = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null) {
                q.put(k, v);
            }
        });
        String body = call(endpoint, () -> client.get(config.apiVersion(), endpoint, q));
        return parseRows(endpoint, body);
    }

    /** GET an endpoint that answers with one JSON object (getManufacturerTree). */
    public Map<String, Object> object(String endpoint) {
        String body = call(endpoint, () -> client.get(config.apiVersion(), endpoint, Map.of()));
        if (body.isBlank()) {
            return Map.of();
        }
        try {
            return mapper.readValue(body, new TypeReference<Map<String, Object>>() {
            });
        } catch (IOException e) {
            throw toProblem(new UpstreamFailure(UpstreamFailure.Kind.MALFORMED, 200, null, endpoint + ": not JSON", e), 1);
        }
    }

    /** v4 POST getSeriesMetadata (format=json) for a batch of series UIDs. */
    public List<Map<String, Object>> seriesMetadata(List<String> uids) {
        String body = call("getSeriesMetadata", () -> client.seriesMetadata(config.apiVersion(), String.join(",", uids), "json"));
        return parseRows("getSeriesMetadata", body);
    }

    List<Map<String, Object>> parseRows(String endpoint, String body) {
        String b = body == null ? "" : body.trim();
        if (b.isEmpty()) {
            return List.of(); // NBIA: no results = empty body
        }
        try {
            List<Map<String, Object>> rows = mapper.readValue(b, ROWS);
            return rows == null ? List.of() : rows;
        } catch (IOException e) {
            throw toProblem(new UpstreamFailure(UpstreamFailure.Kind.MALFORMED, 200, null,
                    endpoint + " answered something that is not a JSON array", e), 1);
        }
    }

    String call(String endpoint, Supplier<RestResponse<String>> request) {
        NbiaConfig.Retry rc = config.retry();
        UpstreamFailure last = null;
        int attempt = 0;
        while (++attempt <= rc.maxAttempts()) {
            try {
                String body = breaker.get(() -> once(endpoint, request), String.class);
                registry.counter("nbia_requests_total", "endpoint", endpoint, "outcome", "success").increment();
                return body;
            } catch (CircuitBreakerOpenException e) {
                registry.counter("nbia_requests_total", "endpoint", endpoint, "outcome", "circuit_open").increment();
                throw ApiException.upstream(503, "upstream-circuit-open", "TCIA is unavailable",
                        "Recent requests to TCIA (NBIA) failed, so it is not being called for up to "
                                + config.breaker().delay().toSeconds() + " s. Please try again shortly.", e)
                        .retryAfter(config.breaker().delay().toSeconds());
            } catch (UpstreamFailure e) {
                last = e;
                registry.counter("nbia_requests_total", "endpoint", endpoint, "outcome", e.kind().name().toLowerCase()).increment();
                if (!e.retryable() || attempt >= rc.maxAttempts()) {
                    break;
                }
                long delay = backoff(attempt);
                if (e.retryAfterSeconds() != null) {
                    long ra = e.retryAfterSeconds() * 1000;
                    if (ra > rc.maxRetryAfter().toMillis()) {
                        break; // NBIA asks us to wait longer than we are willing to hold the request
                    }
                    delay = Math.max(delay, ra);
                }
                registry.counter("nbia_retries_total", "endpoint", endpoint).increment();
                LOG.debugf("NBIA %s attempt %d failed (%s); retrying in %d ms", endpoint, attempt, e.getMessage(), delay);
                sleep(delay);
            }
        }
        throw toProblem(last, attempt);
    }

    long backoff(int attempt) {
        NbiaConfig.Retry rc = config.retry();
        double d = Math.min(rc.maxDelay().toMillis(), rc.initialDelay().toMillis() * Math.pow(2, attempt - 1));
        double j = Math.max(0, Math.min(1, rc.jitter()));
        return (long) (d * (1 - j) + d * j * ThreadLocalRandom.current().nextDouble());
    }

    private String once(String endpoint, Supplier<RestResponse<String>> request) {
        RestResponse<String> r;
        try {
            r = request.get();
        } catch (jakarta.ws.rs.WebApplicationException e) {
            // the client's default mapper turned a >= 400 status into an exception: classify the status
            jakarta.ws.rs.core.Response resp = e.getResponse();
            throw statusFailure(endpoint, resp.getStatus(), resp.getHeaderString("Retry-After"), "");
        } catch (ProcessingException | UpstreamFailure e) {
            if (e instanceof UpstreamFailure u) {
                throw u;
            }
            throw classify(endpoint, e);
        } catch (RuntimeException e) {
            throw classify(endpoint, e);
        }
        int s = r.getStatus();
        if (s == 200 || s == 204) {
            String body = r.getEntity();
            return body == null ? "" : body;
        }
        String text = r.hasEntity() ? String.valueOf(r.getEntity()) : "";
        throw statusFailure(endpoint, s, r.getHeaderString("Retry-After"), text);
    }

    static UpstreamFailure statusFailure(String endpoint, int s, String retryAfterHeader, String text) {
        if (text.length() > 200) {
            text = text.substring(0, 200);
        }
        if (s == 429) {
            return new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, s, retryAfter(retryAfterHeader), endpoint + " answered 429", null);
        }
        if (s >= 500) {
            return new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, s, retryAfter(retryAfterHeader),
                    endpoint + " answered " + s + ": " + text, null);
        }
        return new UpstreamFailure(UpstreamFailure.Kind.REJECTED, s, null, endpoint + " answered " + s + ": " + text, null);
    }

    static Long retryAfter(String h) {
        if (h == null || h.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(h.trim()));
        } catch (NumberFormatException e) {
            return null; // HTTP-date form: fall back to our own backoff
        }
    }

    static UpstreamFailure classify(String endpoint, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase();
            if (c instanceof TimeoutException || c instanceof SocketTimeoutException || c.getClass().getSimpleName().contains("Timeout")
                    || m.contains("timeout") || m.contains("timed out")) {
                return new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, 0, null, endpoint + ": timed out", e);
            }
            if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof NoRouteToHostException
                    || m.contains("connection refused")) {
                return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, 0, null, endpoint + ": cannot connect", e);
            }
        }
        return new UpstreamFailure(UpstreamFailure.Kind.IO, 0, null, endpoint + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    }

    /** What a 503 for an unreachable TCIA asks clients to wait: long enough not to hammer a restarting NBIA. */
    static final long UNREACHABLE_RETRY_AFTER_SECONDS = 10;

    ApiException toProblem(UpstreamFailure f, int attempts) {
        String tries = attempts > 1 ? " (after " + Math.min(attempts, config.retry().maxAttempts()) + " attempts)" : "";
        return switch (f.kind()) {
            case TIMEOUT -> ApiException.upstream(504, "upstream-timeout", "TCIA is too slow",
                    "TCIA (NBIA) did not answer in time" + tries + ". Please try again later.", f);
            case UNREACHABLE -> ApiException.upstream(503, "upstream-unreachable", "TCIA is unreachable",
                    "TCIA (NBIA) could not be reached" + tries + ". Please try again later.", f)
                    .retryAfter(UNREACHABLE_RETRY_AFTER_SECONDS);
            case IO -> ApiException.upstream(502, "upstream-connection-failed", "TCIA connection failed",
                    "The connection to TCIA (NBIA) broke off" + tries + ". Please try again.", f);
            case RATE_LIMITED -> ApiException.upstream(503, "upstream-rate-limited", "TCIA is rate limiting requests",
                    "TCIA (NBIA) asked us to slow down" + (f.retryAfterSeconds() != null ? " (Retry-After " + f.retryAfterSeconds() + " s)" : "")
                            + tries + ". Please try again later.", f)
                    .retryAfter(f.retryAfterSeconds() != null ? f.retryAfterSeconds() : UNREACHABLE_RETRY_AFTER_SECONDS);
            case SERVER_ERROR -> ApiException.upstream(502, "upstream-error", "TCIA failed",
                    "TCIA (NBIA) answered with HTTP " + f.status() + tries + ". Please try again later.", f);
            case REJECTED -> ApiException.upstream(502, "upstream-rejected", "TCIA rejected the request",
                    "TCIA (NBIA) rejected the request with HTTP " + f.status() + ".", f);
            case MALFORMED -> ApiException.upstream(502, "upstream-malformed", "TCIA sent an unreadable answer",
                    "TCIA (NBIA) answered with something that is not the expected JSON.", f);
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailure(UpstreamFailure.Kind.IO, 0, null, "interrupted", e);
        }
    }

    /** Splits a list into batches (getSeriesMetadata takes many UIDs per call). */
    public static <T> List<List<T>> batches(List<T> all, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }
}
