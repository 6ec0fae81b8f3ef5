package org.medcloud.inference.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Label names, voxel values and RGBA overlay colours, from the result's {@code label_names}. */
public final class Legend {

    public record Entry(String name, int value, int[] color) {
    }

    public static final int ALPHA = 128;

    private static final Map<String, int[]> NAMED = Map.of(
            "spleen", new int[] {157, 108, 162},
            "right kidney", new int[] {185, 102, 83},
            "left kidney", new int[] {230, 170, 60},
            "liver", new int[] {221, 130, 101},
            "stomach", new int[] {60, 180, 230},
            "aorta", new int[] {224, 40, 40},
            "inferior vena cava", new int[] {0, 151, 206});

    private Legend() {
    }

    /**
     * A dict gives name -> value (the gateway always sends restore_label_idx=true, so mask values are the dict's
     * values); a list gives position + 1 for every name except "background".
     */
    public static List<Entry> of(JsonNode labelNames) {
        List<Entry> out = new ArrayList<>();
        if (labelNames.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = labelNames.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int v = e.getValue().asInt();
                if (v != 0 && !"background".equals(e.getKey())) {
                    out.add(new Entry(e.getKey(), v, color(e.getKey(), v)));
                }
            }
        } else if (labelNames.isArray()) {
            int v = 1;
            for (JsonNode n : labelNames) {
                if (!"background".equals(n.asText())) {
                    out.add(new Entry(n.asText(), v, color(n.asText(), v)));
                    v++;
                }
            }
        }
        out.sort((a, b) -> Integer.compare(a.value(), b.value()));
        return out;
    }

    static int[] color(String name, int value) {
        int[] c = NAMED.get(name);
        if (c != null) {
            return new int[] {c[0], c[1], c[2], ALPHA};
        }
        java.awt.Color hsb = java.awt.Color.getHSBColor((float) ((value * 0.618033988749895) % 1.0), 0.7f, 0.95f);
        return new int[] {hsb.getRed(), hsb.getGreen(), hsb.getBlue(), ALPHA};
    }
}
