package org.medcloud.smoke;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * search -> download -> view -> inference against a running deployment, over the public REST
 * surface (docs/ARCHITECTURE.md). One line per step with its duration; the first broken step
 * throws {@link StepFailure} with the step name and the response body.
 */
public final class SmokeFlow {

    static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static final Set<String> DONE = Set.of("COMPLETE", "COMPLETED", "SUCCEEDED", "SUCCESS", "DONE", "FINISHED");
    static final Set<String> BROKEN = Set.of("FAILED", "FAILURE", "ERROR", "CANCELLED", "CANCELED", "ABORTED");

    public record Options(String baseUrl, String token, String collection, String model,
                          Duration jobTimeout, Duration pollInterval, Duration requestTimeout) {
    }

    private final SmokeClient client;
    private final Options options;
    private final PrintStream out;
    /** what each step found, for the tests and the summary */
    final Map<String, String> found = new LinkedHashMap<>();

    public SmokeFlow(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.client = new SmokeClient(options.baseUrl(), options.token(), options.requestTimeout());
    }

    /** Runs every step; throws StepFailure on the first broken one. */
    public void run() {
        String collection = step("search.values", () -> {
            JsonNode values = json("search.values", client.get("search.values", "/api/search/values/collection?modality=CT", "application/json"), 200);
            List<String> names = valueNames(values);
            if (names.isEmpty()) {
                throw fail("search.values", "no collection values", values);
            }
            String chosen = options.collection() != null ? options.collection() : names.get(0);
            return new Result(chosen, names.size() + " collections, using " + chosen);
        });

        JsonNode row = step("search.series", () -> {
            JsonNode page = json("search.series", client.get("search.series", "/api/search/series?collection=" + enc(collection) + "&modality=CT&size=50", "application/json"), 200);
            JsonNode rows = firstArray(page, "series", "items", "rows", "results", "content", "data");
            if (rows == null || rows.isEmpty()) {
                throw fail("search.series", "no series in collection " + collection, page);
            }
            // The smallest CT series that is still a volume (deepedit segments 3-D CT): quick, and inferable.
            JsonNode chosen = null;
            for (JsonNode r : rows) {
                long n = r.path("imageCount").asLong(0);
                if (n >= 2 && (chosen == null || n < chosen.path("imageCount").asLong(Long.MAX_VALUE))) {
                    chosen = r;
                }
            }
            if (chosen == null) {
                throw fail("search.series", "no CT series of two or more images in collection " + collection, page);
            }
            requireText("search.series", chosen, "seriesInstanceUid", page);
            return new Result(chosen, rows.size() + " rows, total " + page.path("total").asText("?")
                    + ", using " + chosen.path("seriesInstanceUid").asText() + " (" + chosen.path("imageCount").asText("?") + " images)");
        });
        String seriesUid = row.path("seriesInstanceUid").asText();
        found.put("seriesInstanceUid", seriesUid);

        String downloadId = step("download.start", () -> {
            JsonNode job = json("download.start", client.postJson("download.start", "/api/downloads",
                    Map.of("seriesInstanceUids", List.of(seriesUid))), 202, 200, 201);
            String id = firstText(job, "id", "jobId");
            if (id == null) {
                throw fail("download.start", "no job id in the response", job);
            }
            return new Result(id, "job " + id);
        });

        step("download.wait", () -> {
            JsonNode job = poll("download.wait", "/api/downloads/" + enc(downloadId));
            return new Result(job, "job " + downloadId + " " + job.path("status").asText(job.path("state").asText()));
        });

        JsonNode series = step("viewer.series", () -> {
            JsonNode s = json("viewer.series", client.get("viewer.series", "/api/viewer/series/" + enc(seriesUid), "application/json"), 200);
            JsonNode instances = firstArray(s, "instances");
            if (instances == null || instances.isEmpty()) {
                throw fail("viewer.series", "the stored series has no instances", s);
            }
            requireText("viewer.series", instances.get(0), "sopInstanceUid", s);
            return new Result(s, instances.size() + " instances");
        });
        JsonNode instances = firstArray(series, "instances");
        String sopUid = instances.get(instances.size() / 2).path("sopInstanceUid").asText(instances.get(0).path("sopInstanceUid").asText());
        String studyUid = firstNonBlank(series.path("studyInstanceUid").asText(null), row.path("studyInstanceUid").asText(null),
                instances.get(0).path("studyInstanceUid").asText(null));
        if (studyUid == null) {
            throw new StepFailure("viewer.series", "no studyInstanceUid in the search row or the stored series", 200, SmokeClient.truncate(series.toString()));
        }
        found.put("studyInstanceUid", studyUid);
        found.put("sopInstanceUid", sopUid);

        step("viewer.rendered", () -> {
            SmokeClient.Response r = SmokeClient.expect("viewer.rendered", "rendered PNG",
                    client.get("viewer.rendered", "/api/viewer/instances/" + enc(sopUid) + "/rendered", "image/png"), 200);
            requirePng("viewer.rendered", r);
            return new Result(null, r.body().length + " bytes of PNG");
        });

        step("dicomweb.metadata", () -> {
            SmokeClient.Response r = SmokeClient.expect("dicomweb.metadata", "series metadata",
                    client.get("dicomweb.metadata", "/dicomweb/studies/" + enc(studyUid) + "/series/" + enc(seriesUid) + "/metadata",
                            "application/dicom+json"), 200);
            JsonNode md = SmokeClient.json("dicomweb.metadata", "series metadata", r);
            if (!md.isArray() || md.isEmpty() || !seriesUid.equals(md.get(0).path("0020000E").path("Value").path(0).asText())) {
                throw fail("dicomweb.metadata", "expected a DICOM JSON array whose 0020000E is " + seriesUid, md);
            }
            return new Result(null, md.size() + " instances");
        });

        String model = step("inference.models", () -> {
            JsonNode models = json("inference.models", client.get("inference.models", "/api/inference/models", "application/json"), 200);
            List<String> names = modelNames(models);
            if (names.isEmpty()) {
                throw fail("inference.models", "no models", models);
            }
            String m = options.model() != null ? options.model() : names.contains("deepedit") ? "deepedit" : names.get(0);
            if (!names.contains(m)) {
                throw fail("inference.models", "model " + m + " is not offered", models);
            }
            return new Result(m, names.size() + " models, using " + m);
        });

        String inferenceId = step("inference.start", () -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("seriesInstanceUid", seriesUid);
            body.put("model", model);
            JsonNode job = json("inference.start", client.postJson("inference.start", "/api/inference/jobs", body), 202, 200, 201);
            String id = firstText(job, "id", "jobId");
            if (id == null) {
                throw fail("inference.start", "no job id in the response", job);
            }
            return new Result(id, "job " + id);
        });

        JsonNode inferenceJob = step("inference.wait", () -> {
            JsonNode job = poll("inference.wait", "/api/inference/jobs/" + enc(inferenceId));
            return new Result(job, "job " + inferenceId + " " + job.path("status").asText(job.path("state").asText()));
        });

        step("inference.overlay", () -> {
            String link = overlayLink(inferenceJob);
            if (link == null) {
                throw fail("inference.overlay", "the finished job links no overlay", inferenceJob);
            }
            SmokeClient.Response r = SmokeClient.expect("inference.overlay", "overlay " + link,
                    client.get("inference.overlay", link, "image/png, application/json;q=0.9, */*;q=0.5"), 200);
            if (r.body().length == 0) {
                throw new StepFailure("inference.overlay", "empty overlay " + link, r.status(), "");
            }
            if (r.contentType().startsWith("image/png")) {
                requirePng("inference.overlay", r);
            }
            return new Result(null, link + " (" + r.body().length + " bytes, " + r.contentType() + ")");
        });
    }

    // --- steps ----------------------------------------------------------------------------------

    private record Result(Object value, String summary) {
    }

    @SuppressWarnings("unchecked")
    private <T> T step(String name, Supplier<Result> body) {
        long start = System.nanoTime();
        try {
            Result r = body.get();
            out.printf(Locale.ROOT, "[ok]   %-18s %7d ms  %s%n", name, (System.nanoTime() - start) / 1_000_000, r.summary());
            found.put(name, r.summary());
            return (T) r.value();
        } catch (StepFailure f) {
            out.printf(Locale.ROOT, "[FAIL] %-18s %7d ms  %s%n", name, (System.nanoTime() - start) / 1_000_000, f.getMessage());
            throw f;
        } catch (RuntimeException e) {
            out.printf(Locale.ROOT, "[FAIL] %-18s %7d ms  %s%n", name, (System.nanoTime() - start) / 1_000_000, e);
            throw new StepFailure(name, e.toString(), 0, "");
        }
    }

    private JsonNode json(String step, SmokeClient.Response r, int... ok) {
        return SmokeClient.json(step, step, SmokeClient.expect(step, step, r, ok));
    }

    /** Polls a job until its status is done, or fails on a broken status or at the timeout. */
    private JsonNode poll(String step, String path) {
        long deadline = System.nanoTime() + options.jobTimeout().toNanos();
        JsonNode job;
        while (true) {
            job = json(step, client.get(step, path, "application/json"), 200);
            String status = job.path("status").asText(job.path("state").asText("")).toUpperCase(Locale.ROOT);
            if (DONE.contains(status)) {
                return job;
            }
            if (BROKEN.contains(status)) {
                throw fail(step, "job ended " + status, job);
            }
            if (System.nanoTime() > deadline) {
                throw fail(step, "timed out after " + options.jobTimeout().toSeconds() + " s in status " + status, job);
            }
            try {
                Thread.sleep(options.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(step, "interrupted", job);
            }
        }
    }

    private static StepFailure fail(String step, String message, JsonNode body) {
        return new StepFailure(step, message, 200, SmokeClient.truncate(body.toString()));
    }

    private static void requireText(String step, JsonNode node, String field, JsonNode context) {
        if (!node.path(field).isTextual() || node.path(field).asText().isBlank()) {
            throw fail(step, "no " + field, context);
        }
    }

    private static void requirePng(String step, SmokeClient.Response r) {
        byte[] b = r.body();
        boolean png = b.length >= PNG_MAGIC.length;
        for (int i = 0; png && i < PNG_MAGIC.length; i++) {
            png = b[i] == PNG_MAGIC[i];
        }
        if (!png) {
            throw new StepFailure(step, "not a PNG (content type " + r.contentType() + ", " + b.length + " bytes)", r.status(),
                    SmokeClient.truncate(r.text()));
        }
    }

    // --- tolerant readers of the response shapes ---------------------------------------------------

    /** Filter values: ["A", ...], [{"value": "A", "count": 3}, ...] or {"values": [...]}. */
    static List<String> valueNames(JsonNode values) {
        JsonNode arr = values.isArray() ? values : firstArray(values, "values", "items", "data");
        return names(arr, "value", "name", "collection", "id");
    }

    /** Models: ["deepedit"], [{"name": "deepedit"}], {"models": [...]} or {"models": {"deepedit": {...}}}. */
    static List<String> modelNames(JsonNode models) {
        if (models.isArray()) {
            return names(models, "name", "id", "model");
        }
        JsonNode m = models.path("models");
        if (m.isArray()) {
            return names(m, "name", "id", "model");
        }
        if (m.isObject()) {
            List<String> out = new ArrayList<>();
            m.fieldNames().forEachRemaining(out::add);
            return out;
        }
        return List.of();
    }

    private static List<String> names(JsonNode arr, String... fields) {
        List<String> out = new ArrayList<>();
        if (arr == null) {
            return out;
        }
        for (JsonNode n : arr) {
            if (n.isTextual()) {
                out.add(n.asText());
            } else {
                String t = firstText(n, fields);
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** The first overlay link of a finished inference job. */
    static String overlayLink(JsonNode job) {
        for (String field : List.of("overlays", "overlayUrls", "overlayLinks")) {
            JsonNode o = job.path(field);
            if (o.isArray()) {
                for (JsonNode e : o) {
                    String link = e.isTextual() ? e.asText() : firstText(e, "url", "href", "link", "uri");
                    if (link != null) {
                        return link;
                    }
                }
            } else if (o.isObject()) {
                Iterator<JsonNode> it = o.elements();
                while (it.hasNext()) {
                    JsonNode e = it.next();
                    String link = e.isTextual() ? e.asText() : firstText(e, "url", "href", "link", "uri");
                    if (link != null) {
                        return link;
                    }
                }
            }
        }
        JsonNode links = job.path("links");
        if (links.isObject()) {
            String l = firstText(links, "overlay", "overlays");
            if (l != null) {
                return l;
            }
        }
        return null;
    }

    static JsonNode firstArray(JsonNode node, String... fields) {
        for (String f : fields) {
            if (node.path(f).isArray()) {
                return node.path(f);
            }
        }
        return null;
    }

    static String firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            JsonNode v = node.path(f);
            if (v.isTextual() && !v.asText().isBlank()) {
                return v.asText();
            }
            if (v.isNumber()) {
                return v.asText();
            }
        }
        return null;
    }

    private static String firstNonBlank(String... s) {
        for (String x : s) {
            if (x != null && !x.isBlank()) {
                return x;
            }
        }
        return null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
