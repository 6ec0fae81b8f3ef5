package org.medcloud.viewer.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named window presets. CT presets are fixed windows in Hounsfield units; every modality also has
 * {@code default} (the file's first VOI, else VOI LUT, else min/max), {@code voi-1}, {@code voi-2}, ...
 * (the file's own stored windows, 1-based) and {@code minmax}.
 */
public final class Presets {

    /** A window: center and width in modality units. */
    public record Window(double center, double width) {
    }

    public static final Map<String, Window> CT = new LinkedHashMap<>();

    static {
        CT.put("lung", new Window(-600, 1500));
        CT.put("mediastinum", new Window(50, 350));
        CT.put("soft-tissue", new Window(40, 400));
        CT.put("bone", new Window(400, 1800));
        CT.put("brain", new Window(40, 80));
        CT.put("abdomen", new Window(60, 400));
        CT.put("liver", new Window(80, 150));
    }

    private Presets() {
    }

    /** Presets offered for a modality (name -> description) for the UI. */
    public static Map<String, String> describe(String modality) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("default", "the file's own window (first VOI), else min/max");
        if ("CT".equalsIgnoreCase(modality)) {
            CT.forEach((k, w) -> out.put(k, "center " + fmt(w.center()) + ", width " + fmt(w.width())));
        }
        out.put("voi-N", "the file's N-th stored window (1-based)");
        out.put("minmax", "window over the frame's modality values");
        return out;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
