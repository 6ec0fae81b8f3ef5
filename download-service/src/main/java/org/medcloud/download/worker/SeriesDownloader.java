package org.medcloud.download.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.download.config.DownloadConfig;
import org.medcloud.download.index.IndexWriter;
import org.medcloud.download.index.InstanceCollector;
import org.medcloud.download.index.StorageKeys;
import org.medcloud.download.job.JobRepository;
import org.medcloud.download.job.SeriesRow;
import org.medcloud.download.job.SeriesState;
import org.medcloud.download.zip.StreamingZipParser;
import org.medcloud.download.zip.ZipFormatException;
import org.medcloud.storage.MultipartUpload;
import org.medcloud.storage.ObjectInfo;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.PutResult;

/**
 * One attempt at one series: NBIA metadata, then getImage streamed straight into a multipart
 * upload while the same bytes are parsed as a ZIP (offsets, MD5, DICOM headers). The upload is
 * completed only after every check passed; then the index is written, then the series is marked
 * complete. Any failure aborts the upload, so nothing half-written ever becomes visible.
 */
@ApplicationScoped
public class SeriesDownloader {

    private static final Logger LOG = Logger.getLogger(SeriesDownloader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Read-ahead while a part is being sent: 8 x 1 MiB per running download. */
    private static final int PIPELINE_CHUNKS = 8;
    private static final int PIPELINE_CHUNK_SIZE = 1 << 20;

    /**
     * Registered before the series is marked complete, so that "complete" also means "in the
     * library" whenever the viewer is up; when it is not, the worker's hand-over loop retries.
     */
    @Inject
    ViewerClient viewer;

    @Inject
    DownloadConfig config;

    @Inject
    JobRepository repo;

    @Inject
    NbiaClient nbia;

    @Inject
    ObjectStorage storage;

    @Inject
    DownloadMetrics metrics;

    void run(DownloadWorker.Task task, String owner) {
        SeriesRow row = task.row();
        MDC.put("jobId", row.jobId().toString());
        MDC.put("seriesUid", row.seriesUid());
        try {
            if (row.attempts() > config.maxAttempts()) {
                String why = row.message() == null ? "the worker holding it stopped during the download" : row.message();
                repo.fail(row.id(), owner, "gave up after " + (row.attempts() - 1) + " attempts; last: " + why);
                metrics.failed();
                LOG.warnf("series %s failed: retry budget used up", row.seriesUid());
                return;
            }
            LOG.infof("series %s: attempt %d of %d", row.seriesUid(), row.attempts(), config.maxAttempts());
            attempt(task, owner);
        } catch (DownloadFailure f) {
            onFailure(task, owner, f);
        } catch (RuntimeException e) {
            onFailure(task, owner, DownloadFailure.retryable("unexpected error: " + e, e));
        } finally {
            MDC.remove("jobId");
            MDC.remove("seriesUid");
        }
    }

    private void onFailure(DownloadWorker.Task task, String owner, DownloadFailure f) {
        SeriesRow row = task.row();
        task.finishing = true;
        try {
            if (task.shuttingDown) {
                LOG.infof("series %s: download interrupted by shutdown; handed back to the queue", row.seriesUid());
                repo.release(row.id(), owner);
                return;
            }
            if (task.cancelled) {
                LOG.infof("series %s: download stopped (cancelled or taken over); upload aborted", row.seriesUid());
                return;
            }
            if (f.verification()) {
                metrics.verificationFailed();
            }
            if (!f.retryable() || row.attempts() >= config.maxAttempts()) {
                String msg = f.retryable()
                        ? "failed after " + row.attempts() + " attempt" + (row.attempts() == 1 ? "" : "s") + ": " + f.getMessage()
                        : f.getMessage();
                if (repo.fail(row.id(), owner, msg)) {
                    metrics.failed();
                }
                LOG.warnf("series %s failed: %s", row.seriesUid(), msg);
            } else {
                Duration delay = backoff(row.attempts());
                String msg = "attempt " + row.attempts() + " of " + config.maxAttempts() + " failed: " + f.getMessage()
                        + "; retrying in " + delay.toMillis() + " ms";
                if (repo.requeue(row.id(), owner, delay, msg)) {
                    metrics.retried();
                }
                LOG.warnf("series %s: %s", row.seriesUid(), msg);
            }
        } catch (RuntimeException e) {
            LOG.errorf("series %s: recording the failure failed (%s); the lease will expire and the series be retried",
                    row.seriesUid(), e.getMessage());
        }
    }

    Duration backoff(int attempt) {
        long base = config.retryBackoff().toMillis();
        long ms = base << Math.min(20, Math.max(0, attempt - 1));
        return Duration.ofMillis(Math.min(ms, config.retryBackoffMax().toMillis()));
    }

    private void attempt(DownloadWorker.Task task, String owner) throws DownloadFailure {
        SeriesRow row = task.row();
        String uid = row.seriesUid();
        NbiaClient.SeriesInfo info = nbia.series(uid);
        if (info == null) {
            throw DownloadFailure.permanent("NBIA does not know series " + uid + " (getSeries returned no row)");
        }
        if (info.studyUid() == null || !DicomUids.isValid(info.studyUid())) {
            throw DownloadFailure.permanent("NBIA getSeries gives no valid StudyInstanceUID for " + uid);
        }
        String zipKey = StorageKeys.zipKey(info.collection(), info.patientId(), info.studyUid(), uid);
        String indexKey = StorageKeys.indexKey(zipKey);
        if (!repo.saveMetadata(row.id(), owner, info.collection(), info.patientId(), info.studyUid(), info.imageCount(),
                info.fileSize())) {
            task.cancelled = true;
            throw DownloadFailure.permanent("series is no longer ours");
        }
        if (!row.force() && reuseStored(task, owner, zipKey, indexKey)) {
            return;
        }
        List<String> sops = config.checkSopUids() ? nbia.sopInstanceUids(uid) : null;
        InstanceCollector collector = new InstanceCollector(config.maxHeaderBytes());
        Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put("series_uid", uid);
        if (info.imageCount() != null) {
            meta.put("instances", String.valueOf(info.imageCount()));
        }
        long started = System.nanoTime();
        try (NbiaClient.ImageStream image = nbia.image(uid, conn -> task.connection = conn);
             MultipartUpload upload = storage.openUpload(zipKey, "application/zip", meta)) {
            task.connection = image;
            if (task.cancelled) {
                throw DownloadFailure.retryable("stopped", null);
            }
            PipelinedWriter writer = new PipelinedWriter(upload, PIPELINE_CHUNKS, PIPELINE_CHUNK_SIZE,
                    uid.substring(Math.max(0, uid.length() - 12)));
            Tee tee = new Tee(image.body(), writer, task, collector);
            StreamingZipParser parser = new StreamingZipParser(tee);
            try (writer) {
                parser.parse(collector);
                writer.finish();
            } catch (ZipFormatException e) {
                if (task.cancelled) {
                    throw DownloadFailure.retryable("stopped", e);
                }
                throw DownloadFailure.verification("ZIP check failed after " + tee.count + " bytes: " + e.getMessage());
            } catch (IOException e) {
                if (task.cancelled) {
                    throw DownloadFailure.retryable("stopped", e);
                }
                throw DownloadFailure.retryable("the download broke off after " + tee.count + " bytes: " + e.getMessage(), e);
            } catch (org.medcloud.storage.StorageException e) {
                throw DownloadFailure.retryable("writing to object storage failed after " + tee.count + " bytes: "
                        + e.getMessage(), e);
            }
            task.state = SeriesState.verifying;
            task.instances = collector.instanceCount();
            List<String> problems = collector.verify(uid, info.imageCount(), sops, true);
            if (!problems.isEmpty()) {
                throw DownloadFailure.verification("verification failed: " + summary(problems));
            }
            if (task.cancelled) {
                throw DownloadFailure.retryable("stopped", null);
            }
            PutResult put;
            try {
                put = upload.complete();
            } catch (RuntimeException e) {
                throw DownloadFailure.retryable("completing the upload of " + zipKey + " failed: " + e.getMessage(), e);
            }
            Instant now = Instant.now();
            byte[] index = IndexWriter.build(uid, info.studyUid(), info.patientId(), info.collection(), info.fields(),
                    collector.seriesFields(), zipKey, put.size(), put.md5(), now, collector.instances());
            try {
                storage.put(indexKey, index, "application/json", Map.of("series_uid", uid, "zip_md5", put.md5(),
                        "instances", String.valueOf(collector.instances().size())));
            } catch (RuntimeException e) {
                deleteQuietly(zipKey);
                throw DownloadFailure.retryable("writing the index " + indexKey + " failed: " + e.getMessage(), e);
            }
            double secs = (System.nanoTime() - started) / 1e9;
            task.finishing = true;
            boolean registered = viewer.register(indexKey) == null;
            if (repo.complete(row.id(), owner, zipKey, indexKey, put.size(), put.md5(), collector.instances().size(),
                    false, null)) {
                if (registered) {
                    repo.handoverDone(row.id(), "done");
                }
                metrics.completed();
                LOG.infof("series %s stored and verified: %d instances, %d bytes in %.1f s (%.1f MB/s) -> %s",
                        uid, collector.instances().size(), put.size(), secs, put.size() / 1e6 / Math.max(secs, 1e-3), zipKey);
            } else {
                task.cancelled = true;
                LOG.infof("series %s was stored and verified, but the job no longer wants it (cancelled)", uid);
            }
        }
    }

    private boolean reuseStored(DownloadWorker.Task task, String owner, String zipKey, String indexKey) {
        SeriesRow row = task.row();
        try {
            ObjectInfo idx = storage.head(indexKey);
            if (!idx.exists()) {
                return false;
            }
            JsonNode index;
            try (InputStream in = storage.get(indexKey)) {
                index = JSON.readTree(in);
            }
            if (index.path("schemaVersion").asInt() != 1 || !index.hasNonNull("zipSize")) {
                return false;
            }
            int n = index.path("instances").size();
            task.finishing = true;
            boolean registered = viewer.register(indexKey) == null;
            if (repo.complete(row.id(), owner, zipKey, indexKey, index.get("zipSize").asLong(),
                    index.path("zipMd5").asText(null), n, true,
                    "already stored; not downloaded again (use force=true to download anyway)")) {
                if (registered) {
                    repo.handoverDone(row.id(), "done");
                }
                metrics.reused();
                LOG.infof("series %s already stored at %s: not downloaded again", row.seriesUid(), zipKey);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("series %s: could not read the stored index %s (%s); downloading again", row.seriesUid(), indexKey, e.getMessage());
            return false;
        }
    }

    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (RuntimeException e) {
            LOG.warnf("could not delete %s: %s", key, e.getMessage());
        }
    }

    private static String summary(List<String> problems) {
        int n = Math.min(5, problems.size());
        String s = String.join("; ", problems.subList(0, n));
        return problems.size() > n ? s + "; and " + (problems.size() - n) + " more problem(s)" : s;
    }

    /** Passes every byte read on to the upload (the same bytes the parser sees) and counts them. */
    private final class Tee extends FilterInputStream {
        private final PipelinedWriter upload;
        private final DownloadWorker.Task task;
        private final InstanceCollector collector;
        long count;
        private long unreported;

        Tee(InputStream in, PipelinedWriter upload, DownloadWorker.Task task, InstanceCollector collector) {
            super(in);
            this.upload = upload;
            this.task = task;
            this.collector = collector;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (task.cancelled) {
                throw new IOException("download stopped");
            }
            int n = in.read(b, off, len);
            if (n > 0) {
                upload.write(b, off, n);
                count += n;
                task.bytes = count;
                task.instances = collector.instanceCount();
                unreported += n;
                if (unreported >= (1 << 20)) {
                    metrics.bytes(unreported);
                    unreported = 0;
                }
            } else if (n < 0 && unreported > 0) {
                metrics.bytes(unreported);
                unreported = 0;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException();
        }
    }
}
