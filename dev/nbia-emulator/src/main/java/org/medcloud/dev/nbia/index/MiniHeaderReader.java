package org.medcloud.dev.nbia.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.medcloud.dev.nbia.dicom.DicomRewriter;

/** Fallback header reader on the emulator's own little-endian parser (used when libs/dicom cannot read a file). */
public final class MiniHeaderReader implements HeaderReader {
    @Override
    public Map<String, String> read(Path file) throws IOException {
        DicomRewriter d = DicomRewriter.parseHeader(file);
        Map<String, String> m = new HashMap<>();
        Keywords.TAGS.forEach((k, tag) -> {
            String v = d.getString(tag);
            if (v != null) {
                m.put(k, v);
            }
        });
        String ps = m.remove("PixelSpacing");
        if (ps != null) {
            m.put("PixelSpacingRow", ps.split("\\\\")[0].trim());
        }
        return m;
    }
}
