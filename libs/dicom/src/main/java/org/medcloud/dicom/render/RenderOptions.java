package org.medcloud.dicom.render;

/** Immutable rendering options; start from {@link #defaults()}. */
public final class RenderOptions {
    final Double center, width;
    final int windowIndex;
    final boolean minMax;
    final VoiFunction voiFunction;
    final Boolean invert;
    final int maxSize, outWidth, outHeight;

    private RenderOptions(Double center, Double width, int windowIndex, boolean minMax, VoiFunction f, Boolean invert, int maxSize, int w, int h) {
        this.center = center;
        this.width = width;
        this.windowIndex = windowIndex;
        this.minMax = minMax;
        this.voiFunction = f;
        this.invert = invert;
        this.maxSize = maxSize;
        this.outWidth = w;
        this.outHeight = h;
    }

    /** File's first window (or VOI LUT, or min/max), file's VOI function, native size. */
    public static RenderOptions defaults() { return new RenderOptions(null, null, -1, false, null, null, 0, 0, 0); }

    /** Explicit window (in modality units). */
    public RenderOptions window(double center, double width) { return new RenderOptions(center, width, -1, false, voiFunction, invert, maxSize, outWidth, outHeight); }

    /** The i-th (0-based) stored Window Center/Width. */
    public RenderOptions windowIndex(int i) { return new RenderOptions(null, null, i, false, voiFunction, invert, maxSize, outWidth, outHeight); }

    /** Window over the minimum and maximum modality value of the frame. */
    public RenderOptions minMax() { return new RenderOptions(null, null, -1, true, voiFunction, invert, maxSize, outWidth, outHeight); }

    public RenderOptions voiFunction(VoiFunction f) { return new RenderOptions(center, width, windowIndex, minMax, f, invert, maxSize, outWidth, outHeight); }

    /** Invert the grey output (on top of MONOCHROME1 / Presentation LUT Shape handling). */
    public RenderOptions invert(boolean inv) { return new RenderOptions(center, width, windowIndex, minMax, voiFunction, inv, maxSize, outWidth, outHeight); }

    /** Longest side at most n pixels (aspect kept; never enlarges). */
    public RenderOptions maxSize(int n) { return new RenderOptions(center, width, windowIndex, minMax, voiFunction, invert, n, 0, 0); }

    /** Fit into w x h (aspect kept; 0 = unconstrained; may enlarge). */
    public RenderOptions size(int w, int h) { return new RenderOptions(center, width, windowIndex, minMax, voiFunction, invert, 0, w, h); }
}
