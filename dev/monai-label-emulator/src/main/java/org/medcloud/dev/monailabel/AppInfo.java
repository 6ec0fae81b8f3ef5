package org.medcloud.dev.monailabel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The app served by the stand-in: the radiology app with {@code --conf models deepedit}, on a CPU-only host. */
public final class AppInfo {

    public static final String VERSION = "0.8.5";

    private AppInfo() {
    }

    /** The DeepEdit label dict, in the configured order (values are BTCV organ codes). */
    public static Map<String, Integer> labels() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("spleen", 1);
        m.put("right kidney", 2);
        m.put("left kidney", 3);
        m.put("liver", 6);
        m.put("stomach", 7);
        m.put("aorta", 8);
        m.put("inferior vena cava", 9);
        m.put("background", 0);
        return m;
    }

    public static boolean isModel(String name) {
        return "deepedit".equals(name) || "deepedit_seg".equals(name);
    }

    /** GET /info/ body, keys in the order MONAILabelApp.info() writes them; no top-level config key. */
    public static Map<String, Object> info() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", "MONAILabel - Radiology (" + VERSION + ")");
        root.put("description", "DeepLearning models for radiology");
        root.put("version", VERSION);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(labels().entrySet());
        sorted.sort(Map.Entry.comparingByValue());
        List<String> appLabels = new ArrayList<>();
        for (Map.Entry<String, Integer> e : sorted) {
            appLabels.add(e.getKey());
        }
        root.put("labels", appLabels);
        Map<String, Object> models = new LinkedHashMap<>();
        Map<String, Object> deepedit = new LinkedHashMap<>();
        deepedit.put("type", "deepedit");
        deepedit.put("labels", labels());
        deepedit.put("dimension", 3);
        deepedit.put("description", "A DeepEdit model for volumetric (3D) segmentation over 3D Images");
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("cache_transforms", true);
        cfg.put("cache_transforms_in_memory", true);
        cfg.put("cache_transforms_ttl", 300);
        cfg.put("device", List.of("cpu"));
        deepedit.put("config", cfg);
        models.put("deepedit", deepedit);
        Map<String, Object> seg = new LinkedHashMap<>();
        seg.put("type", "segmentation");
        seg.put("labels", labels());
        seg.put("dimension", 3);
        seg.put("description", "A DeepEdit model for volumetric (3D) segmentation over 3D Images");
        seg.put("config", new LinkedHashMap<>(Map.of("device", List.of("cpu"))));
        models.put("deepedit_seg", seg);
        root.put("models", models);
        Map<String, Object> trainers = new LinkedHashMap<>();
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("description", "Train DeepEdit model for 3D Images");
        Map<String, Object> tcfg = new LinkedHashMap<>();
        tcfg.put("name", "train_01");
        tcfg.put("pretrained", true);
        tcfg.put("device", List.of("cpu"));
        tcfg.put("max_epochs", 50);
        tr.put("config", tcfg);
        tr.put("labels", labels());
        trainers.put("deepedit", tr);
        root.put("trainers", trainers);
        Map<String, Object> strategies = new LinkedHashMap<>();
        strategies.put("random", Map.of("description", "Random Strategy"));
        strategies.put("first", Map.of("description", "Get First Sample"));
        strategies.put("last", Map.of("description", "Get Last Sample"));
        root.put("strategies", strategies);
        root.put("scoring", new LinkedHashMap<>());
        root.put("train_stats", new LinkedHashMap<>(Map.of("deepedit", new LinkedHashMap<>())));
        Map<String, Object> ds = new LinkedHashMap<>();
        ds.put("total", 0);
        ds.put("completed", 0);
        ds.put("label_tags", new LinkedHashMap<>());
        root.put("datastore", ds);
        return root;
    }
}
