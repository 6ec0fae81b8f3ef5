package org.medcloud.viewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;
import org.medcloud.dicom.Tags;
import org.medcloud.storage.ObjectStorage;

/**
 * Builds a stored series exactly as the download service leaves it (docs/storage-layout.md): the ZIP
 * as NBIA streams it (entries written one after the other by a ZipOutputStream; deflated entries with a
 * data descriptor, stored entries with sizes up front) under {@code tcia/{collection}/{patient}/{study}/{series}.zip},
 * and the index JSON (schema version 1) with each entry's dataOffset/compressedSize/method next to it.
 */
final class StoredSeriesFixture {

    static final Path CORPUS = corpus();

    private static Path corpus() {
        String root = System.getProperty("medcloud.repo.root", "..");
        for (Path p : List.of(Paths.get(root, "..", "shared", "testdata", "dicom"),
                Paths.get("/work/shared/testdata/dicom"))) {
            if (Files.isDirectory(p)) {
                return p.normalize();
            }
        }
        throw new IllegalStateException("test corpus ../shared/testdata/dicom not found");
    }

    static Path file(String name) {
        return CORPUS.resolve(name);
    }

    record Built(String zipKey, String indexKey, ObjectNode index, byte[] zip) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> files = new ArrayList<>();
    private final List<Boolean> deflate = new ArrayList<>();
    private String seriesUid;
    private String studyUid;
    private String collection = "TEST-COLL";
    private String patientId;
    private String modality;

    StoredSeriesFixture add(String corpusFile, boolean deflated) {
        files.add(corpusFile);
        deflate.add(deflated);
        return this;
    }

    /** Overrides the series/study the index declares (default: from the first file). */
    StoredSeriesFixture as(String study, String series, String patient, String modality) {
        this.studyUid = study;
        this.seriesUid = series;
        this.patientId = patient;
        this.modality = modality;
        return this;
    }

    StoredSeriesFixture collection(String c) {
        this.collection = c;
        return this;
    }

    Built store(ObjectStorage storage) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] count = {0};
        OutputStream counting = new FilterOutputStream(bytes) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                count[0] += len;
            }
        };
        ArrayNode instances = mapper.createArrayNode();
        DicomObject first = null;
        List<long[]> offsets = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(counting)) {
            for (int i = 0; i < files.size(); i++) {
                byte[] data = Files.readAllBytes(file(files.get(i)));
                DicomObject h = DicomReader.readHeader(file(files.get(i)));
                if (first == null) {
                    first = h;
                }
                String name = String.format("1-%03d.dcm", i + 1);
                ZipEntry e = new ZipEntry(name);
                CRC32 crc = new CRC32();
                crc.update(data);
                if (!deflate.get(i)) {
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(data.length);
                    e.setCompressedSize(data.length);
                    e.setCrc(crc.getValue());
                } else {
                    e.setMethod(ZipEntry.DEFLATED);
                }
                zip.flush();
                long lho = count[0];
                zip.putNextEntry(e);
                zip.write(data);
                zip.closeEntry();
                offsets.add(new long[] {lho});
                ObjectNode in = instances.addObject();
                in.put("sopInstanceUid", h.getString(Tags.SOPInstanceUID));
                in.put("sopClassUid", h.getString(Tags.SOPClassUID));
                if (h.getString(Tags.InstanceNumber) != null) {
                    in.put("instanceNumber", h.getInt(Tags.InstanceNumber, 0));
                }
                in.put("entryName", name);
                in.put("localHeaderOffset", lho);
                in.put("uncompressedSize", data.length);
                in.put("method", deflate.get(i) ? 8 : 0);
                in.put("crc32", crc.getValue());
                in.put("md5", HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)));
                in.put("transferSyntaxUid", h.transferSyntaxUid());
                putInt(in, "rows", h, Tags.Rows);
                putInt(in, "columns", h, Tags.Columns);
                in.put("frames", Math.max(1, h.getInt(Tags.NumberOfFrames, 1)));
                putInt(in, "bitsAllocated", h, Tags.BitsAllocated);
                if (h.getString(Tags.PhotometricInterpretation) != null) {
                    in.put("photometricInterpretation", h.getString(Tags.PhotometricInterpretation));
                }
                putDoubles(in, "imagePositionPatient", h.getDoubles(Tags.ImagePositionPatient));
                putDoubles(in, "imageOrientationPatient", h.getDoubles(Tags.ImageOrientationPatient));
                putDoubles(in, "pixelSpacing", h.getDoubles(Tags.PixelSpacing));
            }
        }
        byte[] zipBytes = bytes.toByteArray();
        // data offset and compressed size from the local headers / central directory, as the download service does
        Map<String, long[]> central = CentralDirectory.read(zipBytes);
        for (int i = 0; i < instances.size(); i++) {
            ObjectNode in = (ObjectNode) instances.get(i);
            long lho = offsets.get(i)[0];
            int nameLen = u16(zipBytes, (int) lho + 26);
            int extraLen = u16(zipBytes, (int) lho + 28);
            in.put("dataOffset", lho + 30 + nameLen + extraLen);
            in.put("compressedSize", central.get(in.get("entryName").asText())[0]);
        }
        String study = studyUid != null ? studyUid : first.getString(Tags.StudyInstanceUID);
        String series = seriesUid != null ? seriesUid : first.getString(Tags.SeriesInstanceUID);
        String patient = patientId != null ? patientId : first.getString(Tags.PatientID);
        String mod = modality != null ? modality : first.getString(Tags.Modality);
        String safePatient = patient == null ? "UNKNOWN" : patient.replaceAll("[^A-Za-z0-9._-]", "_");
        String prefix = "tcia/" + collection.replaceAll("[^A-Za-z0-9._-]", "_") + "/" + safePatient + "/" + study + "/"
                + series;
        String zipKey = prefix + ".zip";
        String indexKey = prefix + ".index.json";
        ObjectNode index = mapper.createObjectNode();
        index.put("schemaVersion", 1);
        index.put("seriesInstanceUid", series);
        index.put("studyInstanceUid", study);
        if (patient != null) {
            index.put("patientId", patient);
        }
        index.put("collection", collection);
        if (mod != null) {
            index.put("modality", mod);
        }
        if (first.getString(Tags.Manufacturer) != null) {
            index.put("manufacturer", first.getString(Tags.Manufacturer));
        }
        if (first.getString(Tags.SeriesDescription) != null) {
            index.put("seriesDescription", first.getString(Tags.SeriesDescription));
        }
        if (first.getString(Tags.StudyDate) != null) {
            index.put("studyDate", first.getString(Tags.StudyDate));
        }
        if (first.getString(Tags.PatientName) != null) {
            index.put("patientName", first.getString(Tags.PatientName));
        }
        index.put("zipKey", zipKey);
        index.put("zipSize", zipBytes.length);
        index.put("zipMd5", HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(zipBytes)));
        index.put("storedAt", Instant.now().toString());
        index.set("instances", instances);
        storage.put(zipKey, zipBytes, "application/zip",
                Map.of("series_uid", series, "instances", String.valueOf(instances.size())));
        storage.put(indexKey, mapper.writeValueAsBytes(index), "application/json", Map.of());
        return new Built(zipKey, indexKey, index, zipBytes);
    }

    private static void putInt(ObjectNode in, String field, DicomObject h, int tag) {
        if (h.contains(tag)) {
            in.put(field, h.getInt(tag, 0));
        }
    }

    private static void putDoubles(ObjectNode in, String field, double[] values) {
        if (values != null && values.length > 0) {
            ArrayNode a = in.putArray(field);
            for (double v : values) {
                a.add(v);
            }
        }
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static long u32(byte[] b, int off) {
        return (u16(b, off) | (long) u16(b, off + 2) << 16) & 0xffffffffL;
    }

    /** Compressed sizes by entry name from the central directory. */
    static final class CentralDirectory {
        static Map<String, long[]> read(byte[] zip) {
            int eocd = -1;
            for (int i = zip.length - 22; i >= 0; i--) {
                if (u32(zip, i) == 0x06054b50L) {
                    eocd = i;
                    break;
                }
            }
            int entries = u16(zip, eocd + 10);
            int pos = (int) u32(zip, eocd + 16);
            Map<String, long[]> out = new java.util.HashMap<>();
            for (int n = 0; n < entries; n++) {
                long compressed = u32(zip, pos + 20);
                int nameLen = u16(zip, pos + 28);
                int extraLen = u16(zip, pos + 30);
                int commentLen = u16(zip, pos + 32);
                String name = new String(zip, pos + 46, nameLen, java.nio.charset.StandardCharsets.UTF_8);
                out.put(name, new long[] {compressed});
                pos += 46 + nameLen + extraLen + commentLen;
            }
            return out;
        }
    }
}
