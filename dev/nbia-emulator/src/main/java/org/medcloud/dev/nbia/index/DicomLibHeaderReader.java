package org.medcloud.dev.nbia.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;

/** Header values through libs/dicom's header-only reader (stops before Pixel Data). */
public final class DicomLibHeaderReader implements HeaderReader {
    @Override
    public Map<String, String> read(Path file) throws IOException {
        DicomObject d = DicomReader.readHeader(file);
        Map<String, String> m = new HashMap<>();
        Keywords.TAGS.forEach((k, tag) -> {
            String v = d.getString(tag);
            if (v != null && !v.isBlank()) {
                m.put(k, v.trim());
            }
        });
        String ps = m.remove("PixelSpacing");
        if (ps != null) {
            m.put("PixelSpacingRow", ps.split("\\\\")[0].trim());
        }
        return m;
    }
}
