package org.medcloud.download.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.medcloud.download.config.DownloadConfig;
import org.medcloud.download.job.JobRepository;
import org.medcloud.download.job.SeriesRow;

/**
 * Claims series from PostgreSQL (FOR UPDATE SKIP LOCKED, lease + heartbeat) and runs up to
 * DOWNLOAD_CONCURRENCY downloads at once; hands stored series over to the viewer. Safe with any
 * number of replicas: a series belongs to the holder of its lease, and a lease that is not renewed
 * expires so that another worker takes the series over.
 */
@ApplicationScoped
public class DownloadWorker {

    private static final Logger LOG = Logger.getLogger(DownloadWorker.class);

    @Inject
    DownloadConfig config;

    @Inject
    JobRepository repo;

    @Inject
    SeriesDownloader downloader;

    @Inject
    ViewerClient viewer;

    @Inject
    DownloadMetrics metrics;

    private final String owner = ownerId();
    private final Map<Long, Task> active = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private ScheduledExecutorService scheduler;
    private ExecutorService pool;

    /** Work in progress on one claimed series; read by the heartbeat. */
    public static final class Task {
        final SeriesRow row;
        volatile long bytes;
        volatile int instances;
        volatile org.medcloud.download.job.SeriesState state = org.medcloud.download.job.SeriesState.downloading;
        volatile boolean cancelled;
        volatile boolean shuttingDown;
        /** Set just before the final state is written, so that the heartbeat leaves the row alone. */
        volatile boolean finishing;
        volatile AutoCloseable connection;

        Task(SeriesRow row) {
            this.row = row;
        }

        void stop() {
            cancelled = true;
            AutoCloseable c = connection;
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing only to unblock a read
                }
            }
        }

        public SeriesRow row() {
            return row;
        }
    }

    public String owner() {
        return owner;
    }

    public synchronized void start() {
        if (!config.workerEnabled() || running.get()) {
            return;
        }
        running.set(true);
        int n = Math.max(1, config.concurrency());
        pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "download-worker");
            t.setDaemon(true);
            return t;
        });
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "download-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::poll, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::heartbeat, config.progressInterval().toMillis(),
                config.progressInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("download worker %s started: %d series in parallel, lease %s", owner, n, config.lease());
    }

    /** Looks for work now (a job was created or retried). */
    public void wake() {
        ScheduledExecutorService s = scheduler;
        if (running.get() && s != null) {
            try {
                s.execute(this::poll);
            } catch (RuntimeException ignored) {
                // shutting down
            }
        }
    }

    synchronized void poll() {
        if (!running.get()) {
            return;
        }
        try {
            while (running.get() && active.size() < Math.max(1, config.concurrency())) {
                SeriesRow row = repo.claim(owner, config.lease()).orElse(null);
                if (row == null) {
                    break;
                }
                Task task = new Task(row);
                active.put(row.id(), task);
                metrics.inFlight().incrementAndGet();
                pool.execute(() -> {
                    try {
                        downloader.run(task, owner);
                    } finally {
                        active.remove(row.id());
                        metrics.inFlight().decrementAndGet();
                        wake();
                    }
                });
            }
            handovers();
        } catch (RuntimeException e) {
            LOG.warnf("download worker poll failed: %s", e.getMessage());
        }
    }

    private void heartbeat() {
        for (Task t : active.values()) {
            if (t.cancelled || t.finishing) {
                continue;
            }
            try {
                if (!repo.heartbeat(t.row.id(), owner, config.lease(), t.state, t.bytes, t.instances) && !t.finishing) {
                    MDC.put("jobId", t.row.jobId().toString());
                    MDC.put("seriesUid", t.row.seriesUid());
                    LOG.infof("series %s is no longer ours (cancelled or lease lost): stopping its download", t.row.seriesUid());
                    MDC.clear();
                    t.stop();
                }
            } catch (RuntimeException e) {
                LOG.warnf("heartbeat for series %s failed: %s", t.row.seriesUid(), e.getMessage());
            }
        }
    }

    private void handovers() {
        List<SeriesRow> due = repo.claimHandovers(10, Duration.ofSeconds(30));
        for (SeriesRow r : due) {
            String problem = viewer.register(r.indexKey());
            if (problem == null) {
                repo.handoverDone(r.id(), "done");
                LOG.debugf("series %s registered with the viewer", r.seriesUid());
            } else if (repo.handoverAttempts(r.id()) >= config.viewerHandoverMaxAttempts()) {
                repo.handoverDone(r.id(), "gave_up");
                LOG.warnf("viewer hand-over of %s given up (%s); the viewer finds it on its next rescan", r.indexKey(), problem);
            } else {
                LOG.infof("viewer hand-over of %s failed (%s); retrying later", r.indexKey(), problem);
            }
        }
    }

    public synchronized void stop() {
        if (!running.getAndSet(false)) {
            return;
        }
        for (Task t : active.values()) {
            t.shuttingDown = true;
            t.stop();
        }
        scheduler.shutdownNow();
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Task t : active.values()) {
            try {
                repo.release(t.row.id(), owner);
            } catch (RuntimeException e) {
                LOG.warnf("could not hand series %s back (%s); its lease expires instead", t.row.seriesUid(), e.getMessage());
            }
        }
        LOG.infof("download worker %s stopped", owner);
    }

    private static String ownerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
