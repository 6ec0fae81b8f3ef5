package org.medcloud.viewer.render;

import org.medcloud.common.problem.ApiException;

/**
 * A validated request for one rendered frame.
 *
 * @param frame   1-based frame number
 * @param center  window center (level), or null
 * @param width   window width, or null
 * @param preset  preset name (see {@link Presets}), or null
 * @param size    largest output edge, or 0 for the stored size
 * @param format  {@code png} or {@code jpeg}
 * @param quality JPEG quality 1..100
 */
public record RenderRequest(int frame, Double center, Double width, String preset, int size, String format,
                            int quality) {

    public static final String PNG = "png";
    public static final String JPEG = "jpeg";

    public static RenderRequest of(Integer frame, Double width, Double level, String preset, Integer size,
                                   String format, Integer quality, int maxSize) {
        int f = frame == null ? 1 : frame;
        if (f < 1) {
            throw ApiException.badRequest("frame", "frame numbers start at 1");
        }
        if ((width == null) != (level == null)) {
            throw ApiException.badRequest(width == null ? "window" : "level",
                    "give both window (width) and level (center), or neither");
        }
        if (width != null) {
            if (!(width > 0) || width > 1e7 || Double.isNaN(width)) {
                throw ApiException.badRequest("window", "window width must be > 0 and at most 1e7");
            }
            if (Double.isNaN(level) || Math.abs(level) > 1e7) {
                throw ApiException.badRequest("level", "level must be within +-1e7");
            }
            if (preset != null && !preset.isBlank()) {
                throw ApiException.badRequest("preset", "give either a preset or window/level, not both");
            }
        }
        int s = size == null ? 0 : size;
        if (s < 0 || s > maxSize) {
            throw ApiException.badRequest("size", "size must be between 1 and " + maxSize);
        }
        String fmt = format == null || format.isBlank() ? PNG : format.toLowerCase(java.util.Locale.ROOT);
        if (fmt.equals("jpg")) {
            fmt = JPEG;
        }
        if (!fmt.equals(PNG) && !fmt.equals(JPEG)) {
            throw ApiException.badRequest("format", "format must be png or jpeg");
        }
        int q = quality == null ? 90 : quality;
        if (q < 1 || q > 100) {
            throw ApiException.badRequest("quality", "quality must be between 1 and 100");
        }
        String p = preset == null || preset.isBlank() ? null : preset.trim().toLowerCase(java.util.Locale.ROOT);
        return new RenderRequest(f, level, width, p, s, fmt, fmt.equals(JPEG) ? q : 0);
    }

    public String mediaType() {
        return format.equals(JPEG) ? "image/jpeg" : "image/png";
    }

    /** Canonical text of everything that changes the output (for the ETag). */
    String canonical() {
        return frame + "|" + center + "|" + width + "|" + preset + "|" + size + "|" + format + "|" + quality;
    }
}
