package org.medcloud.download.job;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The small thread pool that refreshes the SSE streams (blocking JDBC reads, off the event loop). */
@ApplicationScoped
public class EventTicker {

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "download-events");
        t.setDaemon(true);
        return t;
    });

    public ScheduledExecutorService executor() {
        return executor;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
