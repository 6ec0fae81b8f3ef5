package org.medcloud.download.job;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.medcloud.common.problem.ApiException;
import org.medcloud.common.problem.QueryParams;
import org.medcloud.security.CurrentUser;
import org.medcloud.security.RateLimiter;
import org.medcloud.security.Roles;
import org.medcloud.download.config.DownloadConfig;
import org.medcloud.download.job.JobViews.CreateJobRequest;
import org.medcloud.download.job.JobViews.JobPage;
import org.medcloud.download.job.JobViews.JobView;
import org.medcloud.download.job.JobViews.SeriesEvent;

/** Download jobs: create, list, detail, cancel, retry, live progress (Server-Sent Events). */
@Path("/api/downloads")
public class JobResource {

    @Inject
    JobService service;

    @Inject
    JobRepository repo;

    @Inject
    DownloadConfig config;

    @Inject
    EventTicker ticker;

    @Inject
    CurrentUser user;

    @Inject
    RateLimiter rateLimiter;

    /** Whose jobs the caller may see: null (every job) for admins, else the caller's name. */
    private String visibleOwner() {
        return user.isAdmin() ? null : user.name();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Start a download job for one or more series (admin)")
    public Response create(CreateJobRequest body, @QueryParam("force") String forceParam) {
        boolean force = QueryParams.flag("force", forceParam);
        if (body == null) {
            throw ApiException.badRequest("seriesInstanceUids", "Send {\"seriesInstanceUids\": [...]} or a .tcia manifest as text/plain.");
        }
        rateLimiter.acquire(RateLimiter.Operation.DOWNLOADS, user.name());
        JobView job = service.create(body.seriesInstanceUids(), force || Boolean.TRUE.equals(body.force()), "json",
                user.name());
        return Response.accepted(job).header("Location", "/api/downloads/" + job.jobId()).build();
    }

    @POST
    @Consumes({MediaType.TEXT_PLAIN, "application/x-nbia-manifest-file"})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Start a download job from a TCIA .tcia manifest (admin)")
    public Response createFromManifest(String manifest, @QueryParam("force") String forceParam) {
        boolean force = QueryParams.flag("force", forceParam);
        List<String> uids = ManifestParser.seriesUids(manifest);
        if (uids.isEmpty()) {
            throw ApiException.badRequest("manifest", "The manifest lists no series after 'ListOfSeriesToDownload='.");
        }
        rateLimiter.acquire(RateLimiter.Operation.DOWNLOADS, user.name());
        JobView job = service.create(uids, force, "manifest", user.name());
        return Response.accepted(job).header("Location", "/api/downloads/" + job.jobId()).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Jobs, newest first: every job for admins, the caller's own for others")
    public JobPage list(@QueryParam("page") String page, @QueryParam("size") String size) {
        return service.list(QueryParams.integer("page", page, 0), QueryParams.integer("size", size, 20), visibleOwner());
    }

    @GET
    @Path("{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A job with per-series state, bytes, instances, rate and ETA")
    public JobView get(@PathParam("jobId") String jobId) {
        return service.get(JobService.parseId(jobId), visibleOwner());
    }

    @POST
    @Path("{jobId}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Cancel the unfinished series of a job (admin)")
    public JobView cancel(@PathParam("jobId") String jobId) {
        return service.cancel(JobService.parseId(jobId), user.name());
    }

    @POST
    @Path("{jobId}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Queue the failed and cancelled series of a job again (admin)")
    public JobView retry(@PathParam("jobId") String jobId) {
        return service.retry(JobService.parseId(jobId), user.name());
    }

    @GET
    @Blocking
    @Path("{jobId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live job progress: the job (as GET returns it) whenever it changed, at most every DOWNLOAD_EVENTS_INTERVAL; ends when the job is finished")
    public Multi<JobView> events(@PathParam("jobId") String jobId) {
        UUID id = JobService.parseId(jobId);
        service.get(id, visibleOwner()); // 404 before the stream starts
        AtomicReference<String> last = new AtomicReference<>();
        return Multi.createFrom().<JobView>emitter(em -> {
            ScheduledExecutorService ex = ticker.executor();
            AtomicReference<ScheduledFuture<?>> f = new AtomicReference<>();
            Runnable tick = () -> {
                try {
                    if (em.isCancelled()) {
                        return;
                    }
                    JobView v = service.find(id).orElse(null);
                    if (v == null) {
                        em.complete();
                        return;
                    }
                    String sig = signature(v);
                    if (!sig.equals(last.getAndSet(sig))) {
                        em.emit(v);
                    }
                    if (!"running".equals(v.state()) && !"queued".equals(v.state())) {
                        em.complete();
                    }
                } catch (RuntimeException e) {
                    em.fail(e);
                }
            };
            f.set(ex.scheduleWithFixedDelay(tick, 0, config.eventsInterval().toMillis(), TimeUnit.MILLISECONDS));
            em.onTermination(() -> f.get().cancel(false));
        }).emitOn(Infrastructure.getDefaultExecutor());
    }

    @GET
    @Blocking
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live progress of every job: one event per series change (throttled)")
    public Multi<SeriesEvent> allEvents() {
        String owner = visibleOwner();
        Map<Long, String> lastSig = new HashMap<>();
        AtomicReference<Instant> since = new AtomicReference<>(repo.dbNow().minusSeconds(1));
        return Multi.createFrom().<SeriesEvent>emitter(em -> {
            AtomicReference<ScheduledFuture<?>> f = new AtomicReference<>();
            Runnable tick = () -> {
                try {
                    if (em.isCancelled()) {
                        return;
                    }
                    Instant now = repo.dbNow();
                    // re-read a small overlap so that commits landing out of order are not missed
                    List<SeriesRow> rows = repo.seriesChangedSince(since.get().minusSeconds(2), 500, owner);
                    for (SeriesRow r : rows) {
                        JobViews.SeriesView sv = JobViews.view(r, now);
                        String sig = sv.state() + '|' + sv.bytes() + '|' + sv.instances() + '|' + sv.message() + '|' + sv.attempts();
                        if (!sig.equals(lastSig.put(r.id(), sig))) {
                            em.emit(new SeriesEvent(r.jobId(), null, sv));
                        }
                        if (r.updatedAt().isAfter(since.get())) {
                            since.set(r.updatedAt());
                        }
                    }
                    if (lastSig.size() > 10_000) {
                        lastSig.clear();
                    }
                } catch (RuntimeException e) {
                    em.fail(e);
                }
            };
            f.set(ticker.executor().scheduleWithFixedDelay(tick, 0, config.eventsInterval().toMillis(), TimeUnit.MILLISECONDS));
            em.onTermination(() -> f.get().cancel(false));
        }).emitOn(Infrastructure.getDefaultExecutor());
    }

    private static String signature(JobView v) {
        StringBuilder sb = new StringBuilder(v.state());
        if (v.series() != null) {
            for (JobViews.SeriesView s : v.series()) {
                sb.append('|').append(s.state()).append(',').append(s.bytes()).append(',').append(s.instances())
                        .append(',').append(s.attempts()).append(',').append(s.message());
            }
        }
        return sb.toString();
    }
}
