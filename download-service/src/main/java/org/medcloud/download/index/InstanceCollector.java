package org.medcloud.download.index;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;
import org.medcloud.dicom.Tags;
import org.medcloud.download.zip.StreamingZipParser;
import org.medcloud.download.zip.ZipEntryInfo;

/**
 * Receives the entries of the archive as they stream past: MD5 of every entry, the bounded
 * start of each DICOM entry for its header, md5hashes.csv. Keeps only the small per-instance
 * index record, never an entry's data. {@link #verify} then checks everything against NBIA.
 */
public final class InstanceCollector implements StreamingZipParser.EntryHandler {

    /** One verified-to-be DICOM entry, with the fields of the index. */
    public static final class Instance {
        final ZipEntryInfo zip;
        final String md5;
        final Map<String, Object> fields; // index fields from the header, in schema order
        final String seriesUid;
        final double[] position;
        final double[] orientation;
        final Integer instanceNumber;

        Instance(ZipEntryInfo zip, String md5, Map<String, Object> fields, String seriesUid, double[] position,
                 double[] orientation, Integer instanceNumber) {
            this.zip = zip;
            this.md5 = md5;
            this.fields = fields;
            this.seriesUid = seriesUid;
            this.position = position;
            this.orientation = orientation;
            this.instanceNumber = instanceNumber;
        }

        public String sopInstanceUid() {
            return (String) fields.get("sopInstanceUid");
        }

        public ZipEntryInfo zip() {
            return zip;
        }

        public String md5() {
            return md5;
        }
    }

    private static final String MD5_CSV = "md5hashes.csv";
    private static final int MAX_CSV = 16 << 20;

    private final int maxHeaderBytes;
    private final List<Instance> instances = new ArrayList<>();
    private final Map<String, String> entryMd5 = new HashMap<>(); // basename -> md5 of every entry
    private final List<String> problems = new ArrayList<>();
    private Map<String, Object> seriesFields;
    private byte[] csv;
    private volatile int count;

    public InstanceCollector(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** DICOM instances seen so far (for progress). */
    public int instanceCount() {
        return count;
    }

    public List<Instance> instances() {
        return instances;
    }

    /** Series-level fields (modality, ...) from the first instance's header. */
    public Map<String, Object> seriesFields() {
        return seriesFields == null ? Map.of() : seriesFields;
    }

    @Override
    public StreamingZipParser.EntrySink begin(String name, long localHeaderOffset, long dataOffset, int method) {
        String base = basename(name);
        boolean isCsv = base.equalsIgnoreCase(MD5_CSV);
        MessageDigest md = md5();
        return new StreamingZipParser.EntrySink() {
            byte[] head = new byte[isCsv ? 8192 : Math.min(maxHeaderBytes, 64 * 1024)];
            int headLen;
            boolean overflow;

            @Override
            public void data(byte[] b, int off, int len) throws IOException {
                md.update(b, off, len);
                int limit = isCsv ? MAX_CSV : maxHeaderBytes;
                if (headLen < limit) {
                    int n = Math.min(len, limit - headLen);
                    if (headLen + n > head.length) {
                        head = java.util.Arrays.copyOf(head, Math.min(limit, Math.max(head.length * 2, headLen + n)));
                    }
                    System.arraycopy(b, off, head, headLen, n);
                    headLen += n;
                    if (n < len) {
                        overflow = true;
                    }
                } else if (len > 0) {
                    overflow = true;
                }
            }

            @Override
            public void end(ZipEntryInfo info) {
                String hex = hex(md.digest());
                entryMd5.put(base, hex);
                if (isCsv) {
                    if (overflow) {
                        problems.add(MD5_CSV + " is larger than " + MAX_CSV + " bytes");
                    }
                    csv = java.util.Arrays.copyOf(head, headLen);
                    return;
                }
                onEntry(info, hex, head, headLen, overflow);
            }
        };
    }

    private void onEntry(ZipEntryInfo info, String md5, byte[] head, int len, boolean truncatedHead) {
        String base = basename(info.name());
        boolean dcmName = base.toLowerCase(Locale.ROOT).endsWith(".dcm");
        DicomObject h;
        try {
            h = DicomReader.readHeader(new ByteArrayInputStream(head, 0, len));
        } catch (IOException | RuntimeException e) {
            if (dcmName) {
                problems.add(info.name() + ": DICOM header cannot be read (" + e.getMessage() + ")"
                        + (truncatedHead ? "; header larger than DOWNLOAD_MAX_HEADER_BYTES=" + maxHeaderBytes : ""));
            }
            return; // LICENSE and other non-DICOM files are not instances
        }
        String sop = h.getString(Tags.SOPInstanceUID);
        if (sop == null) {
            if (dcmName) {
                problems.add(info.name() + ": no SOP Instance UID in the DICOM header");
            }
            return;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sopInstanceUid", sop);
        put(f, "sopClassUid", h.getString(Tags.SOPClassUID));
        Integer inst = h.contains(Tags.InstanceNumber) && h.getString(Tags.InstanceNumber) != null
                ? h.getInt(Tags.InstanceNumber, 0) : null;
        put(f, "instanceNumber", inst);
        f.put("entryName", info.name());
        f.put("localHeaderOffset", info.localHeaderOffset());
        f.put("dataOffset", info.dataOffset());
        f.put("compressedSize", info.compressedSize());
        f.put("uncompressedSize", info.uncompressedSize());
        f.put("method", info.method());
        f.put("crc32", info.crc32());
        f.put("md5", md5);
        String ts = h.transferSyntaxUid();
        if (ts == null) {
            ts = h.fileMeta().getString(Tags.TransferSyntaxUID);
        }
        put(f, "transferSyntaxUid", ts);
        putInt(f, "rows", h, Tags.Rows);
        putInt(f, "columns", h, Tags.Columns);
        if (h.contains(Tags.NumberOfFrames) && h.getString(Tags.NumberOfFrames) != null) {
            f.put("frames", h.getInt(Tags.NumberOfFrames, 1));
        } else if (h.pixelDataInfo() != null || h.contains(Tags.Rows)) {
            f.put("frames", 1); // PS3.3: absent Number of Frames means a single frame
        }
        putInt(f, "bitsAllocated", h, Tags.BitsAllocated);
        put(f, "photometricInterpretation", h.getString(Tags.PhotometricInterpretation));
        double[] ipp = doubles(h, Tags.ImagePositionPatient, 3);
        double[] iop = doubles(h, Tags.ImageOrientationPatient, 6);
        put(f, "imagePositionPatient", ipp);
        put(f, "imageOrientationPatient", iop);
        put(f, "pixelSpacing", doubles(h, Tags.PixelSpacing, 2));
        putDouble(f, "sliceThickness", h, Tags.SliceThickness);
        putDouble(f, "windowCenter", h, Tags.WindowCenter);
        putDouble(f, "windowWidth", h, Tags.WindowWidth);
        putDouble(f, "rescaleSlope", h, Tags.RescaleSlope);
        putDouble(f, "rescaleIntercept", h, Tags.RescaleIntercept);
        if (seriesFields == null) {
            Map<String, Object> s = new LinkedHashMap<>();
            put(s, "studyInstanceUid", h.getString(Tags.StudyInstanceUID));
            put(s, "patientId", h.getString(Tags.PatientID));
            put(s, "modality", h.getString(Tags.Modality));
            put(s, "bodyPart", h.getString(Tags.BodyPartExamined));
            put(s, "manufacturer", h.getString(Tags.Manufacturer));
            put(s, "manufacturerModelName", h.getString(Tags.ManufacturerModelName));
            put(s, "seriesDescription", h.getString(Tags.SeriesDescription));
            if (h.getString(Tags.SeriesNumber) != null) {
                s.put("seriesNumber", h.getInt(Tags.SeriesNumber, 0));
            }
            put(s, "studyDate", h.getString(Tags.StudyDate));
            put(s, "studyDescription", h.getString(Tags.StudyDescription));
            put(s, "patientName", h.getString(Tags.PatientName));
            seriesFields = s;
        }
        instances.add(new Instance(info, md5, f, h.getString(Tags.SeriesInstanceUID), ipp, iop, inst));
        count = instances.size();
    }

    /**
     * All checks; returns the problems found (empty: verified). Names the file and the check.
     *
     * @param expectedCount NBIA ImageCount, or null when unknown
     * @param expectedSops  getSOPInstanceUIDs, or null when unavailable
     */
    public List<String> verify(String seriesUid, Integer expectedCount, Collection<String> expectedSops, boolean requireCsv) {
        List<String> out = new ArrayList<>(problems);
        for (Instance i : instances) {
            if (i.seriesUid != null && !i.seriesUid.equals(seriesUid)) {
                out.add(i.zip.name() + ": belongs to series " + i.seriesUid + ", not " + seriesUid);
            }
        }
        if (csv == null) {
            if (requireCsv) {
                out.add(MD5_CSV + " is missing from the ZIP, so the files cannot be verified");
            }
        } else {
            Map<String, String> listed = parseCsv(new String(csv, StandardCharsets.UTF_8), out);
            for (Map.Entry<String, String> e : listed.entrySet()) {
                String actual = entryMd5.get(e.getKey());
                if (actual == null) {
                    out.add(e.getKey() + " is listed in " + MD5_CSV + " but missing from the ZIP");
                } else if (!actual.equalsIgnoreCase(e.getValue())) {
                    out.add(e.getKey() + ": MD5 mismatch (" + MD5_CSV + " says " + e.getValue().toLowerCase(Locale.ROOT)
                            + ", the downloaded file has " + actual + ")");
                }
            }
            for (Instance i : instances) {
                if (!listed.containsKey(basename(i.zip.name()))) {
                    out.add(i.zip.name() + " is in the ZIP but not listed in " + MD5_CSV);
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (Instance i : instances) {
            if (!seen.add(i.sopInstanceUid())) {
                out.add(i.zip.name() + ": SOP Instance UID " + i.sopInstanceUid() + " appears twice in the ZIP");
            }
        }
        if (expectedCount != null && expectedCount != instances.size()) {
            out.add("instance count: NBIA reports " + expectedCount + " images (ImageCount) but the ZIP holds "
                    + instances.size() + " DICOM files");
        }
        if (expectedSops != null && !expectedSops.isEmpty()) {
            Set<String> want = new HashSet<>(expectedSops);
            List<String> missing = want.stream().filter(s -> !seen.contains(s)).sorted().toList();
            if (!missing.isEmpty()) {
                out.add("SOP instances missing from the ZIP (getSOPInstanceUIDs lists them): "
                        + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                        + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : ""));
            }
            List<String> extra = seen.stream().filter(s -> !want.contains(s)).sorted().toList();
            if (!extra.isEmpty()) {
                out.add("SOP instances in the ZIP that getSOPInstanceUIDs does not list: "
                        + String.join(", ", extra.subList(0, Math.min(5, extra.size()))));
            }
        }
        if (instances.isEmpty()) {
            out.add("the ZIP holds no DICOM files");
        }
        return out;
    }

    private static Map<String, String> parseCsv(String text, List<String> problems) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] lines = text.replace("\r", "").split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.isEmpty() || (i == 0 && l.toLowerCase(Locale.ROOT).startsWith("filename"))) {
                continue;
            }
            int comma = l.lastIndexOf(',');
            if (comma <= 0) {
                problems.add(MD5_CSV + " line " + (i + 1) + " is not 'Filename,MD5Hash'");
                continue;
            }
            String name = basename(unquote(l.substring(0, comma).trim()));
            m.put(name, unquote(l.substring(comma + 1).trim()));
        }
        return m;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    static String basename(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash < 0 ? name : name.substring(slash + 1);
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static void putInt(Map<String, Object> m, String k, DicomObject h, int tag) {
        if (h.contains(tag)) {
            int[] v = h.getInts(tag);
            if (v != null && v.length > 0) {
                m.put(k, v[0]);
            }
        }
    }

    private static void putDouble(Map<String, Object> m, String k, DicomObject h, int tag) {
        if (h.contains(tag)) {
            double[] v = h.getDoubles(tag);
            if (v != null && v.length > 0 && Double.isFinite(v[0])) {
                m.put(k, v[0]);
            }
        }
    }

    private static double[] doubles(DicomObject h, int tag, int n) {
        if (!h.contains(tag)) {
            return null;
        }
        try {
            double[] v = h.getDoubles(tag);
            return v != null && v.length >= n ? java.util.Arrays.copyOf(v, n) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
