package org.medcloud.inference.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;
import org.medcloud.common.problem.Problem;
import org.medcloud.inference.config.InferenceSettings;
import org.medcloud.inference.models.ModelService;
import org.medcloud.inference.monai.InferReply;
import org.medcloud.inference.monai.MonaiLabelCalls;
import org.medcloud.inference.monai.MonaiLabelClient;
import org.medcloud.inference.monai.MonaiLabelException;
import org.medcloud.inference.viewer.SeriesSource;
import org.medcloud.security.Audit;
import org.medcloud.nifti.LabelResampler;
import org.medcloud.nifti.NiftiDataType;
import org.medcloud.nifti.NiftiImage;
import org.medcloud.nifti.SeriesVolume;
import org.medcloud.nifti.SlicePlane;
import org.medcloud.storage.ObjectStorage;

/**
 * The inference queue. Jobs are rows in inference_job; at most MONAI_LABEL_CONCURRENCY of them run at once (MONAI
 * Label blocks per request), the rest wait in submission order. A job: read the series through the viewer, hand it
 * to MONAI Label (upload a NIfTI volume, or name the SeriesInstanceUID for its DICOMweb datastore), store the label
 * volume, and cut it into per-instance overlays by geometry.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    JobStore store;
    @Inject
    ModelService models;
    @Inject
    MonaiLabelClient monai;
    @Inject
    SeriesSource series;
    @Inject
    ObjectStorage storage;
    @Inject
    InferenceSettings settings;

    private final AtomicInteger running = new AtomicInteger();
    private volatile ExecutorService workers;

    void onStart(@Observes @Priority(3000) StartupEvent event) {
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "inference-job");
            t.setDaemon(true);
            return t;
        });
        int n = store.requeueRunning();
        if (n > 0) {
            LOG.infof("%d inference job(s) interrupted by a restart were queued again", n);
        }
        pump();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    public String handover() {
        String h = settings.handover().trim().toLowerCase();
        if (!h.equals("upload") && !h.equals("dicomweb")) {
            throw new IllegalStateException("INFERENCE_HANDOVER must be upload or dicomweb, not '" + h + "'");
        }
        return h;
    }

    public Job submit(String seriesUid, String sopUid, String model, JsonNode params, String owner) {
        DicomUids.require("seriesInstanceUid", seriesUid);
        DicomUids.optional("sopInstanceUid", sopUid);
        Map<String, Object> p = new LinkedHashMap<>();
        if (params != null && !params.isNull()) {
            if (!params.isObject()) {
                throw ApiException.badRequest("params", "params must be a JSON object of MONAI Label inference parameters");
            }
            p = JSON.convertValue(params, new TypeReference<LinkedHashMap<String, Object>>() { });
            for (String reserved : List.of("model", "image")) {
                if (p.containsKey(reserved)) {
                    throw ApiException.badRequest("params", "params must not contain '" + reserved
                            + "' (MONAI Label would let it override the " + reserved + " of the request)");
                }
            }
        }
        ModelService.Model m = models.require(model);
        try {
            series.studyOf(seriesUid);
        } catch (SeriesSource.SeriesException e) {
            if (e.notFound) {
                throw new ApiException(Problem.of(404, "series-not-found", "Series not found", e.getMessage(), "seriesInstanceUid"));
            }
            throw ApiException.upstream(503, "viewer-unavailable", "The series cannot be read", e.getMessage(), e).retryAfter(10);
        }
        UUID id = UUID.randomUUID();
        String paramsText;
        try {
            paramsText = JSON.writeValueAsString(p);
        } catch (IOException e) {
            throw ApiException.badRequest("params", "params cannot be serialized");
        }
        store.insert(id, seriesUid, sopUid, m.name(), paramsText, handover(), monai.baseUrl(), owner);
        Audit.record("inference-start", owner, Map.of("job", id, "series", seriesUid, "model", m.name()));
        pump();
        return store.find(id).orElseThrow();
    }

    public Optional<Job> find(UUID id) {
        return store.find(id);
    }

    public int position(Job job) {
        return store.position(job);
    }

    /** Starts queued jobs while fewer than MONAI_LABEL_CONCURRENCY run. */
    synchronized void pump() {
        if (workers == null) {
            return;
        }
        while (running.get() < Math.max(1, settings.concurrency())) {
            Optional<Job> next = store.claimNext();
            if (next.isEmpty()) {
                return;
            }
            running.incrementAndGet();
            Job job = next.get();
            workers.submit(() -> {
                try {
                    process(job);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "inference job %s could not be recorded", job.id());
                } finally {
                    running.decrementAndGet();
                    try {
                        pump();
                    } catch (RuntimeException e) {
                        LOG.error("starting the next inference job failed", e);
                    }
                }
            });
        }
    }

    void process(Job job) {
        try {
            Map<String, Object> params = JSON.readValue(job.params(), new TypeReference<LinkedHashMap<String, Object>>() { });
            params.put("result_extension", ".nii.gz");
            params.put("result_dtype", "uint8");
            params.put("restore_label_idx", true);
            String study = series.studyOf(job.seriesUid());
            List<SlicePlane> planes;
            InferReply reply;
            if ("dicomweb".equals(job.handover())) {
                planes = series.planes(study, job.seriesUid());
                reply = MonaiLabelCalls.call(monai.baseUrl(), () -> monai.infer(job.model(), job.seriesUid(), null, params));
            } else {
                SeriesVolume volume = SeriesVolume.build(series.slices(study, job.seriesUid()));
                planes = volume.sorted();
                byte[] nii = volume.image().toBytes(NiftiDataType.INT16, true);
                reply = MonaiLabelCalls.call(monai.baseUrl(), () -> monai.infer(job.model(), "", nii, params));
            }
            NiftiImage label;
            try {
                // The label has the series' grid: anything much larger is refused from its header (no bomb inflates).
                long expected = planes.isEmpty() ? 0 : (long) planes.get(0).rows() * planes.get(0).columns() * planes.size();
                label = NiftiImage.read(reply.mask(), Math.max(expected * 2, 1L << 20));
            } catch (IOException | RuntimeException e) {
                throw new MonaiLabelException(MonaiLabelException.Kind.BAD_REPLY, 200,
                        "MONAI Label's label file " + reply.maskFileName() + " is not a readable NIfTI volume: " + e.getMessage(), e);
            }
            JsonNode result = JSON.readTree(reply.resultJson());
            List<Legend.Entry> legend = Legend.of(result.path("label_names"));
            String prefix = "inference/" + job.id() + "/";
            String labelKey = prefix + "label.nii.gz";
            byte[] labelBytes = reply.mask().length > 1 && reply.mask()[0] == 0x1f ? reply.mask()
                    : label.toBytes(NiftiDataType.UINT8, true);
            storage.put(labelKey, labelBytes, "application/gzip", Map.of("job_id", job.id().toString()));
            Map<Integer, Long> counts = new LinkedHashMap<>();
            List<Map<String, Object>> overlays = new ArrayList<>();
            for (SlicePlane plane : planes) {
                int[] values = LabelResampler.sample(label, plane);
                long labelled = 0;
                for (int v : values) {
                    if (v != 0) {
                        labelled++;
                        counts.merge(v, 1L, Long::sum);
                    }
                }
                if (labelled > 0) {
                    storage.put(prefix + "overlays/" + plane.sopInstanceUid() + ".png",
                            OverlayPng.encode(values, plane.rows(), plane.columns(), legend), "image/png", Map.of());
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("sopInstanceUid", plane.sopInstanceUid());
                o.put("rows", plane.rows());
                o.put("columns", plane.columns());
                o.put("labelledPixels", labelled);
                overlays.add(o);
            }
            List<Map<String, Object>> legendJson = new ArrayList<>();
            for (Legend.Entry e : legend) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("name", e.name());
                l.put("value", e.value());
                l.put("color", e.color());
                l.put("labelledPixels", counts.getOrDefault(e.value(), 0L));
                legendJson.add(l);
            }
            store.succeed(job.id(), reply.resultJson(), JSON.writeValueAsString(legendJson), JSON.writeValueAsString(overlays), labelKey);
            LOG.infof("inference job %s (%s, %s) succeeded", job.id(), job.model(), job.handover());
        } catch (MonaiLabelException e) {
            fail(job, e.getMessage());
        } catch (SeriesSource.SeriesException e) {
            fail(job, "The series could not be read: " + e.getMessage());
        } catch (org.medcloud.nifti.NiftiException e) {
            fail(job, "The series cannot be handed over as one volume: " + e.getMessage());
        } catch (Exception e) {
            LOG.errorf(e, "inference job %s failed unexpectedly", job.id());
            fail(job, "Internal error in the inference gateway: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void fail(Job job, String reason) {
        LOG.warnf("inference job %s failed: %s", job.id(), reason);
        store.fail(job.id(), reason);
    }
}
