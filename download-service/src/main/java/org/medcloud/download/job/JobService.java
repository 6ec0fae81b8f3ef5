package org.medcloud.download.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.medcloud.security.Audit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;
import org.medcloud.download.config.DownloadConfig;
import org.medcloud.download.job.JobViews.JobPage;
import org.medcloud.download.job.JobViews.JobView;
import org.medcloud.download.worker.DownloadWorker;
import org.medcloud.storage.ObjectStorage;

/** Jobs: create (validated, deduplicated, recognising series already stored), read, cancel, retry. */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    @Inject
    JobRepository repo;

    @Inject
    ObjectStorage storage;

    @Inject
    DownloadConfig config;

    @Inject
    DownloadWorker worker;

    public JobView create(List<String> rawUids, boolean force, String source, String owner) {
        if (rawUids == null || rawUids.isEmpty()) {
            throw ApiException.badRequest("seriesInstanceUids", "Give at least one SeriesInstanceUID in 'seriesInstanceUids'.");
        }
        LinkedHashSet<String> uids = new LinkedHashSet<>();
        for (int i = 0; i < rawUids.size(); i++) {
            uids.add(DicomUids.require("seriesInstanceUids[" + i + "]", rawUids.get(i)));
        }
        if (uids.size() > config.maxSeriesPerJob()) {
            throw ApiException.badRequest("seriesInstanceUids", "A job holds at most " + config.maxSeriesPerJob()
                    + " series; this one has " + uids.size() + ". Split it into several jobs.");
        }
        Map<String, JobRepository.Reusable> reuse = new HashMap<>();
        if (!force) {
            for (String uid : uids) {
                repo.findComplete(uid).filter(r -> indexStillStored(r.indexKey())).ifPresent(r -> reuse.put(uid, r));
            }
        }
        UUID id = UUID.randomUUID();
        repo.insertJob(id, force, source, owner, new ArrayList<>(uids), reuse);
        LOG.infof("job %s accepted: %d series (%d already stored), force=%s", id, uids.size(), reuse.size(), force);
        Audit.record("download-start", owner, Map.of("job", id, "series", uids.size(), "reused", reuse.size(), "source", source));
        worker.wake();
        return get(id);
    }

    private boolean indexStillStored(String indexKey) {
        try {
            return storage.exists(indexKey);
        } catch (RuntimeException e) {
            LOG.warnf("cannot check %s in storage (%s); the series will be checked by the worker", indexKey, e.getMessage());
            return false;
        }
    }

    public JobView get(UUID id) {
        JobRepository.JobRow job = repo.findJob(id).orElseThrow(() -> notFound(id));
        return JobViews.job(job, repo.seriesOfJob(id), repo.dbNow(), true);
    }

    /** The job when {@code viewer} may see it: admins (viewer null) see every job, others their own; else 404. */
    public JobView get(UUID id, String viewer) {
        JobRepository.JobRow job = repo.findJob(id).filter(j -> viewer == null || viewer.equals(j.owner()))
                .orElseThrow(() -> notFound(id));
        return JobViews.job(job, repo.seriesOfJob(id), repo.dbNow(), true);
    }

    public Optional<JobView> find(UUID id) {
        return repo.findJob(id).map(job -> JobViews.job(job, repo.seriesOfJob(id), repo.dbNow(), true));
    }

    /** A page of jobs: every job when {@code owner} is null (admins), else only that user's. */
    public JobPage list(int page, int size, String owner) {
        if (page < 0) {
            throw ApiException.badRequest("page", "'page' starts at 0.");
        }
        if (size < 1 || size > 200) {
            throw ApiException.badRequest("size", "'size' must be between 1 and 200.");
        }
        List<JobRepository.JobRow> jobs = repo.listJobs(page * size, size, owner);
        Map<UUID, List<SeriesRow>> series = repo.seriesOfJobs(jobs.stream().map(JobRepository.JobRow::id).toList())
                .stream().collect(Collectors.groupingBy(SeriesRow::jobId));
        Instant now = repo.dbNow();
        List<JobView> items = jobs.stream()
                .map(j -> JobViews.job(j, series.getOrDefault(j.id(), List.of()), now, false)).toList();
        return new JobPage(items, page, size, repo.countJobs(owner));
    }

    public JobView cancel(UUID id, String user) {
        repo.findJob(id).orElseThrow(() -> notFound(id));
        int n = repo.cancel(id);
        LOG.infof("job %s: %d series cancelled", id, n);
        Audit.record("download-cancel", user, Map.of("job", id, "series", n));
        return get(id);
    }

    public JobView retry(UUID id, String user) {
        repo.findJob(id).orElseThrow(() -> notFound(id));
        int n = repo.retry(id);
        if (n == 0) {
            throw ApiException.conflict("nothing-to-retry", "Nothing to retry",
                    "Job " + id + " has no failed or cancelled series.");
        }
        LOG.infof("job %s: %d series queued again", id, n);
        Audit.record("download-retry", user, Map.of("job", id, "series", n));
        worker.wake();
        return get(id);
    }

    static ApiException notFound(UUID id) {
        return ApiException.notFound("Download job", "There is no download job " + id + ".");
    }

    public static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("jobId", "'jobId' must be a job id as returned by POST /api/downloads (a UUID).");
        }
    }
}
