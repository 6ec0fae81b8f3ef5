package org.medcloud.viewer.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.medcloud.viewer.catalog.CatalogRepository;
import org.medcloud.viewer.catalog.InstanceRef;
import org.medcloud.viewer.catalog.SeriesQuery;
import org.medcloud.viewer.catalog.SeriesRow;
import org.medcloud.viewer.config.ViewerConfig;

/**
 * Renders the image a viewer shows first, before anyone asks for it: the first image of a series'
 * display order at its stored window, exactly the request the web UI's preview makes
 * (web-ui/src/app/viewer/preview.ts), so that request is answered from the rendered-image cache.
 * <ul>
 *   <li>for each series newly registered through the API (a download just completed: the user is
 *       likely to open it next), in the background;</li>
 *   <li>once after start-up, for the first stored series that can be rendered, so that the first
 *       person after a deploy does not wait for the JVM to load and compile the read, decode,
 *       window and PNG path (the first rendering of a fresh process took ~170 ms, later ones ~10 ms).</li>
 * </ul>
 */
@ApplicationScoped
public class RenderWarmup {

    private static final Logger LOG = Logger.getLogger(RenderWarmup.class);

    /** Series tried at start-up before giving up (a stored series can hold images that cannot be rendered). */
    static final int MAX_TRIES = 5;

    @Inject
    CatalogRepository repository;

    @Inject
    RenderService renderer;

    @Inject
    ViewerConfig config;

    @Inject
    ObjectMapper mapper;

    /** One background renderer; a burst of registrations beyond its queue is simply not prerendered. */
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(64), r -> {
                Thread t = new Thread(r, "viewer-prerender");
                t.setDaemon(true);
                return t;
            });

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    /** At start-up: the first image of the first stored series that renders; the instance rendered, if any. */
    public Optional<InstanceRef> run() {
        if (!config.render().prerender()) {
            return Optional.empty();
        }
        String last = null;
        try {
            for (SeriesRow series : repository.findSeries(new SeriesQuery(), MAX_TRIES)) {
                long start = System.nanoTime();
                try {
                    Optional<InstanceRef> done = prerender(series.seriesUid());
                    if (done.isPresent()) {
                        LOG.infof("render path warmed up on %s in %d ms", done.get().sopUid(), (System.nanoTime() - start) / 1_000_000);
                        return done;
                    }
                } catch (RuntimeException e) {
                    last = e.getMessage(); // that image says so when it is asked for; try the next series
                }
            }
        } catch (RuntimeException e) {
            last = e.getMessage();
        }
        if (last != null) {
            LOG.infof("render warm-up skipped: %s", last);
        }
        return Optional.empty();
    }

    /** Prerenders the series' first image in the background (after a registration). */
    public void prerenderLater(String seriesUid) {
        if (!config.render().prerender()) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    prerender(seriesUid);
                } catch (RuntimeException e) {
                    LOG.debugf("first image of %s not prerendered: %s", seriesUid, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // busy or stopping: the image is rendered when it is asked for
        }
    }

    /**
     * Renders the request the UI's preview makes for this series into the cache: the first instance
     * in display order, frame 1, at the first stored window of that instance (when its width is
     * positive), PNG at stored size.
     */
    public Optional<InstanceRef> prerender(String seriesUid) {
        List<InstanceRef> instances = repository.instances(seriesUid);
        List<String> entries = repository.instanceEntries(seriesUid);
        if (instances.isEmpty() || entries.isEmpty()) {
            return Optional.empty();
        }
        InstanceRef first = instances.get(0);
        RenderRequest request = previewRequest(entries.get(0));
        renderer.render(first, request, renderer.etag(first, request));
        return Optional.of(first);
    }

    /** What preview.ts asks for, from the instance's catalogue entry (the series detail shows the same JSON). */
    RenderRequest previewRequest(String entry) {
        Double width = null, center = null;
        try {
            JsonNode n = mapper.readTree(entry);
            JsonNode w = n.path("windowWidth"), c = n.path("windowCenter");
            if (w.isNumber() && c.isNumber() && Double.isFinite(w.asDouble()) && Double.isFinite(c.asDouble()) && w.asDouble() > 0) {
                width = w.asDouble();
                center = c.asDouble();
            }
        } catch (IOException e) {
            // no window: the default (the pixel range), as the UI does
        }
        return RenderRequest.of(null, width, center, null, null, RenderRequest.PNG, null, config.render().maxSize());
    }
}
