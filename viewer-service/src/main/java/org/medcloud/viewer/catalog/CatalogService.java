package org.medcloud.viewer.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.storage.ObjectNotFoundException;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.storage.ObjectSummary;
import org.medcloud.storage.StorageException;
import org.medcloud.viewer.config.ViewerConfig;
import org.medcloud.viewer.dicomweb.MetadataService;
import org.medcloud.viewer.reading.InstanceStore;

/** Registers stored series from their index JSON, and rebuilds the catalogue from storage (rescan). */
@ApplicationScoped
public class CatalogService {

    private static final Logger LOG = Logger.getLogger(CatalogService.class);
    static final String INDEX_SUFFIX = ".index.json";

    @Inject
    ObjectStorage storage;

    @Inject
    CatalogRepository repository;

    @Inject
    InstanceStore instances;

    @Inject
    MetadataService metadata;

    @Inject
    InstanceLookup lookup;

    @Inject
    ViewerConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    org.medcloud.viewer.render.RenderWarmup warmup;

    private ExecutorService readers;

    @jakarta.annotation.PostConstruct
    void init() {
        readers = Executors.newFixedThreadPool(Math.max(1, config.catalog().registerParallelism()), r -> {
            Thread t = new Thread(r, "viewer-register");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }

    void onStart(@Observes StartupEvent event) {
        Thread t = new Thread(() -> {
            if (config.catalog().rescanAtStart()) {
                try {
                    Map<String, Object> r = rescan();
                    LOG.infof("catalogue rescan at start-up: %s", r);
                } catch (RuntimeException e) {
                    LOG.warnf("catalogue rescan at start-up failed (POST /api/viewer/catalog/rescan retries): %s",
                            e.getMessage());
                }
            }
            warmup.run();
        }, "viewer-rescan");
        t.setDaemon(true);
        t.start();
    }

    public record Registration(String seriesInstanceUid, String studyInstanceUid, String indexKey, int instances,
                               boolean changed) {
    }

    /**
     * Deletes a stored series: its index first (so no reader or rescan takes the series as complete
     * any more), then its ZIP, then its catalogue rows and annotations. A failure half-way leaves a
     * ZIP without index, which is an incomplete series by definition (docs/storage-layout.md) and is
     * removed by deleting again.
     */
    public Map<String, Object> delete(String seriesUid) {
        SeriesRow row = repository.series(seriesUid)
                .orElseThrow(() -> org.medcloud.common.problem.ApiException.notFound("Series", "no stored series " + seriesUid));
        List<String> sops = repository.instances(seriesUid).stream().map(InstanceRef::sopUid).toList();
        if (row.indexKey() != null) {
            storage.delete(row.indexKey());
        }
        if (row.zipKey() != null) {
            storage.delete(row.zipKey());
        }
        repository.deleteSeries(seriesUid);
        metadata.evict(seriesUid);
        lookup.invalidateAll();
        instances.evictSeries(sops);
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("seriesInstanceUid", seriesUid);
        out.put("instances", sops.size());
        out.put("deleted", true);
        return out;
    }

    /** Registers (or re-registers) the series described by {@code indexKey}; idempotent. */
    public Registration register(String indexKey) {
        if (indexKey == null || indexKey.isBlank()) {
            throw ApiException.badRequest("indexKey", "indexKey is required");
        }
        if (!indexKey.endsWith(INDEX_SUFFIX) || indexKey.contains("..") || indexKey.startsWith("/")
                || indexKey.length() > 1024) {
            throw ApiException.badRequest("indexKey", "indexKey must be a storage key ending in " + INDEX_SUFFIX);
        }
        IndexDocument doc = readIndex(indexKey);
        // one registration per series at a time (hand-over and rescan may race)
        synchronized (locks[Math.floorMod(doc.seriesInstanceUid().hashCode(), locks.length)]) {
            return registerLocked(indexKey, doc);
        }
    }

    private final Object[] locks = java.util.stream.IntStream.range(0, 64).mapToObj(i -> new Object()).toArray();

    private Registration registerLocked(String indexKey, IndexDocument doc) {
        String seriesUid = doc.seriesInstanceUid();
        String existing = repository.registeredIndexKey(seriesUid).orElse(null);
        if (indexKey.equals(existing)) {
            return new Registration(seriesUid, doc.studyInstanceUid(), indexKey, doc.instances().size(), false);
        }
        List<IndexDocument.Instance> ordered = DisplayOrder.sort(doc.instances());
        List<byte[]> jsons = readHeaders(doc, ordered);
        List<String> entries = new ArrayList<>(ordered.size());
        for (IndexDocument.Instance in : ordered) {
            try {
                ObjectNode node = mapper.valueToTree(in);
                node.retain(nonNullFields(node));
                entries.add(mapper.writeValueAsString(node));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        repository.replaceSeries(indexKey, doc, ordered, entries, MetadataService.seriesJsonGzip(jsons));
        metadata.evict(seriesUid);
        lookup.invalidateAll();
        instances.evictSeries(ordered.stream().map(IndexDocument.Instance::sopInstanceUid).toList());
        LOG.infof("registered series %s (%d instances) from %s", seriesUid, ordered.size(), indexKey);
        return new Registration(seriesUid, doc.studyInstanceUid(), indexKey, ordered.size(), true);
    }

    private static List<String> nonNullFields(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    IndexDocument readIndex(String indexKey) {
        IndexDocument doc;
        try (InputStream in = storage.get(indexKey)) {
            doc = mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, IndexDocument.class);
        } catch (ObjectNotFoundException e) {
            throw ApiException.notFound("Index", "no object " + indexKey + " in storage");
        } catch (StorageException e) {
            throw ApiException.upstream(502, "storage-failed", "Object storage failed", e.getMessage(), e);
        } catch (IOException e) {
            throw ApiException.unprocessable("invalid-index", "Index JSON cannot be read",
                    indexKey + ": " + e.getMessage());
        }
        if (doc == null || doc.schemaVersion() == null || doc.schemaVersion() != 1) {
            throw ApiException.unprocessable("invalid-index", "Unsupported index",
                    indexKey + ": schemaVersion must be 1");
        }
        DicomUids.require("seriesInstanceUid", doc.seriesInstanceUid());
        DicomUids.require("studyInstanceUid", doc.studyInstanceUid());
        if (doc.zipKey() == null || doc.zipKey().isBlank()) {
            throw ApiException.unprocessable("invalid-index", "Invalid index", indexKey + ": zipKey is missing");
        }
        if (doc.instances() == null || doc.instances().isEmpty()) {
            throw ApiException.unprocessable("invalid-index", "Invalid index", indexKey + ": no instances");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < doc.instances().size(); i++) {
            IndexDocument.Instance in = doc.instances().get(i);
            String field = "instances[" + i + "]";
            DicomUids.require(field + ".sopInstanceUid", in.sopInstanceUid());
            if (!seen.add(in.sopInstanceUid())) {
                throw ApiException.unprocessable("invalid-index", "Invalid index",
                        indexKey + ": " + field + ".sopInstanceUid is listed twice");
            }
            if (in.dataOffset() == null || in.dataOffset() < 0 || in.compressedSize() == null
                    || in.compressedSize() <= 0) {
                throw ApiException.unprocessable("invalid-index", "Invalid index",
                        indexKey + ": " + field + " needs dataOffset and compressedSize");
            }
            if (in.method() != null && in.method() != 0 && in.method() != 8) {
                throw ApiException.unprocessable("invalid-index", "Invalid index",
                        indexKey + ": " + field + ".method " + in.method() + " is not 0 or 8");
            }
        }
        return doc;
    }

    private List<byte[]> readHeaders(IndexDocument doc, List<IndexDocument.Instance> ordered) {
        List<Future<byte[]>> futures = new ArrayList<>(ordered.size());
        for (IndexDocument.Instance in : ordered) {
            futures.add(readers.submit(() -> {
                DicomObject h;
                try {
                    h = instances.header(doc.zipKey(), in.dataOffset(), in.compressedSize(),
                            in.method() == null ? 0 : in.method());
                } catch (DicomException e) {
                    throw ApiException.unprocessable("undecodable-instance", "Instance cannot be read",
                            in.entryName() + " (" + in.sopInstanceUid() + "): " + e.getMessage());
                }
                return MetadataService.instanceJson(doc.studyInstanceUid(), doc.seriesInstanceUid(),
                        in.sopInstanceUid(), h);
            }));
        }
        List<byte[]> out = new ArrayList<>(futures.size());
        try {
            for (Future<byte[]> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable c = e.getCause();
            if (c instanceof ApiException a) {
                throw a;
            }
            if (c instanceof IOException) {
                throw ApiException.upstream(502, "storage-failed", "Reading the stored series failed",
                        c.getMessage(), c);
            }
            throw new IllegalStateException(c);
        }
        return out;
    }

    /** Registers every {@code *.index.json} under the configured prefix that is not registered yet. */
    public synchronized Map<String, Object> rescan() {
        Set<String> known = new HashSet<>(repository.registeredIndexKeys());
        int found = 0;
        int registered = 0;
        List<Map<String, String>> failed = new ArrayList<>();
        for (ObjectSummary o : storage.list(config.catalog().prefix())) {
            if (!o.key().endsWith(INDEX_SUFFIX)) {
                continue;
            }
            found++;
            if (known.contains(o.key())) {
                continue;
            }
            try {
                if (register(o.key()).changed()) {
                    registered++;
                }
            } catch (RuntimeException e) {
                LOG.warnf("rescan: %s not registered: %s", o.key(), e.getMessage());
                failed.add(Map.of("indexKey", o.key(), "reason", String.valueOf(e.getMessage())));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("indexes", found);
        result.put("registered", registered);
        result.put("failed", failed);
        return result;
    }
}
