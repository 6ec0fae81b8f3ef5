package org.medcloud.dev.nbia.index;

import java.io.IOException;
import java.util.Map;

/** The header reader of the index: libs/dicom's header-only reader, with the emulator's own parser as fallback. */
public final class HeaderReaders {
    private HeaderReaders() {
    }

    public static HeaderReader best() {
        HeaderReader lib = new DicomLibHeaderReader();
        HeaderReader mini = new MiniHeaderReader();
        return file -> {
            try {
                Map<String, String> m = lib.read(file);
                if (m.containsKey("SeriesInstanceUID")) {
                    return m;
                }
            } catch (IOException | RuntimeException | LinkageError e) {
                // fall through to the emulator's own parser
            }
            return mini.read(file);
        };
    }
}
