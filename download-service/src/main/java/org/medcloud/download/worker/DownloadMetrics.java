package org.medcloud.download.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;

/** Micrometer meters of the download worker (Prometheus names: download_bytes_total, ...). */
@ApplicationScoped
public class DownloadMetrics {

    @Inject
    MeterRegistry registry;

    private Counter bytes;
    private Counter completed;
    private Counter reused;
    private Counter failed;
    private Counter retries;
    private Counter verificationFailures;
    private final AtomicInteger inFlight = new AtomicInteger();

    @jakarta.annotation.PostConstruct
    void init() {
        bytes = Counter.builder("download.bytes").description("Bytes streamed from NBIA into object storage").baseUnit("bytes").register(registry);
        completed = Counter.builder("download.series.completed").description("Series verified and stored").register(registry);
        reused = Counter.builder("download.series.reused").description("Series found already stored and not downloaded again").register(registry);
        failed = Counter.builder("download.series.failed").description("Series failed after their retry budget").register(registry);
        retries = Counter.builder("download.series.retries").description("Failed attempts that were queued again").register(registry);
        verificationFailures = Counter.builder("download.verification.failures").description("Attempts that failed verification (ZIP, MD5, count, header)").register(registry);
        registry.gauge("download.series.inflight", inFlight);
    }

    public void bytes(long n) {
        bytes.increment(n);
    }

    public void completed() {
        completed.increment();
    }

    public void reused() {
        reused.increment();
    }

    public void failed() {
        failed.increment();
    }

    public void retried() {
        retries.increment();
    }

    public void verificationFailed() {
        verificationFailures.increment();
    }

    public AtomicInteger inFlight() {
        return inFlight;
    }
}
