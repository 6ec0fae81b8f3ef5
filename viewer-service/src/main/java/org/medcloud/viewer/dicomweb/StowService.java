package org.medcloud.viewer.dicomweb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.medcloud.common.dicom.DicomUids;
import org.medcloud.common.problem.ApiException;
import org.medcloud.dicom.DicomException;
import org.medcloud.dicom.DicomObject;
import org.medcloud.dicom.DicomReader;
import org.medcloud.dicom.Tags;
import org.medcloud.storage.ObjectStorage;
import org.medcloud.viewer.catalog.CatalogRepository;
import org.medcloud.viewer.catalog.CatalogService;

/**
 * STOW-RS (PS3.18 10.5) for new series only (e.g. the DICOM SEG MONAI Label stores for a final label):
 * the instances are written in the same stored layout as downloads (ZIP of stored entries + index JSON,
 * docs/storage-layout.md) and registered. Stored series never change, so instances of an existing series
 * are refused (409).
 */
@ApplicationScoped
public class StowService {

    static final String COLLECTION = "STOW";

    @Inject
    ObjectStorage storage;

    @Inject
    CatalogService catalog;

    @Inject
    CatalogRepository repository;

    @Inject
    ObjectMapper mapper;

    record Part(byte[] bytes, DicomObject header) {
    }

    /** Stores the instances of a multipart/related body; returns the STOW response (DICOM JSON). */
    public byte[] store(String contentType, byte[] body, String studyInPath, String base) {
        List<byte[]> parts = MultipartParser.parse(contentType, body);
        if (parts.isEmpty()) {
            throw ApiException.badRequest("body", "no parts in the multipart/related body");
        }
        Map<String, List<Part>> bySeries = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            DicomObject h;
            try {
                h = DicomReader.readHeader(new ByteArrayInputStream(parts.get(i)));
            } catch (DicomException e) {
                throw ApiException.badRequest("part[" + (i + 1) + "]", "not a DICOM instance: " + e.getMessage());
            } catch (IOException e) {
                throw ApiException.badRequest("part[" + (i + 1) + "]", "not a DICOM instance: " + e.getMessage());
            }
            String study = DicomUids.require("part[" + (i + 1) + "].StudyInstanceUID", h.getString(Tags.StudyInstanceUID));
            String series = DicomUids.require("part[" + (i + 1) + "].SeriesInstanceUID",
                    h.getString(Tags.SeriesInstanceUID));
            DicomUids.require("part[" + (i + 1) + "].SOPInstanceUID", h.getString(Tags.SOPInstanceUID));
            if (studyInPath != null && !studyInPath.equals(study)) {
                throw ApiException.conflict("study-mismatch", "Instance of another study",
                        "part " + (i + 1) + " belongs to study " + study + ", not " + studyInPath);
            }
            bySeries.computeIfAbsent(series, k -> new ArrayList<>()).add(new Part(parts.get(i), h));
        }
        for (String series : bySeries.keySet()) {
            if (repository.series(series).isPresent()) {
                throw ApiException.conflict("series-exists", "Series already stored",
                        "series " + series + " is stored and stored series never change; store a new series");
            }
        }
        ObjectNode response = mapper.createObjectNode();
        ArrayNode refs = mapper.createArrayNode();
        String firstStudy = null;
        for (Map.Entry<String, List<Part>> e : bySeries.entrySet()) {
            List<Part> series = e.getValue();
            DicomObject first = series.get(0).header();
            String study = first.getString(Tags.StudyInstanceUID);
            firstStudy = firstStudy == null ? study : firstStudy;
            String indexKey = write(e.getKey(), study, series);
            catalog.register(indexKey);
            for (Part p : series) {
                ObjectNode item = refs.addObject();
                attr(item, "00081150", "UI", p.header().getString(Tags.SOPClassUID));
                attr(item, "00081155", "UI", p.header().getString(Tags.SOPInstanceUID));
                attr(item, "00081190", "UR", base + "/studies/" + study + "/series/" + e.getKey() + "/instances/"
                        + p.header().getString(Tags.SOPInstanceUID));
            }
        }
        attr(response, "00081190", "UR", base + "/studies/" + firstStudy);
        ObjectNode seq = response.putObject("00081199");
        seq.put("vr", "SQ");
        seq.set("Value", refs);
        try {
            return mapper.writeValueAsBytes(response);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void attr(ObjectNode o, String tag, String vr, String value) {
        ObjectNode a = o.putObject(tag);
        a.put("vr", vr);
        if (value != null) {
            a.putArray("Value").add(value);
        }
    }

    /** Writes ZIP + index in the download layout; returns the index key. */
    String write(String seriesUid, String studyUid, List<Part> parts) {
        DicomObject first = parts.get(0).header();
        String patient = first.getString(Tags.PatientID);
        String safePatient = patient == null ? "UNKNOWN" : patient.replaceAll("[^A-Za-z0-9._-]", "_");
        String prefix = "tcia/" + COLLECTION + "/" + safePatient + "/" + studyUid + "/" + seriesUid;
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        ArrayNode instances = mapper.createArrayNode();
        List<Long> lhos = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            for (int i = 0; i < parts.size(); i++) {
                byte[] b = parts.get(i).bytes();
                DicomObject h = parts.get(i).header();
                String name = String.format("1-%03d.dcm", i + 1);
                ZipEntry entry = new ZipEntry(name);
                CRC32 crc = new CRC32();
                crc.update(b);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(b.length);
                entry.setCompressedSize(b.length);
                entry.setCrc(crc.getValue());
                zip.flush();
                lhos.add((long) zipBytes.size());
                zip.putNextEntry(entry);
                zip.write(b);
                zip.closeEntry();
                ObjectNode in = instances.addObject();
                in.put("sopInstanceUid", h.getString(Tags.SOPInstanceUID));
                putString(in, "sopClassUid", h.getString(Tags.SOPClassUID));
                if (h.getString(Tags.InstanceNumber) != null) {
                    in.put("instanceNumber", h.getInt(Tags.InstanceNumber, 0));
                }
                in.put("entryName", name);
                in.put("localHeaderOffset", lhos.get(i));
                in.put("compressedSize", b.length);
                in.put("uncompressedSize", b.length);
                in.put("method", 0);
                in.put("crc32", crc.getValue());
                in.put("md5", HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b)));
                putString(in, "transferSyntaxUid", h.transferSyntaxUid());
                if (h.contains(Tags.Rows)) {
                    in.put("rows", h.getInt(Tags.Rows, 0));
                    in.put("columns", h.getInt(Tags.Columns, 0));
                }
                in.put("frames", Math.max(1, h.getInt(Tags.NumberOfFrames, 1)));
                putString(in, "photometricInterpretation", h.getString(Tags.PhotometricInterpretation));
                putDoubles(in, "imagePositionPatient", h.getDoubles(Tags.ImagePositionPatient));
                putDoubles(in, "imageOrientationPatient", h.getDoubles(Tags.ImageOrientationPatient));
            }
        } catch (Exception e) {
            throw new IllegalStateException("writing the ZIP failed: " + e.getMessage(), e);
        }
        byte[] zb = zipBytes.toByteArray();
        for (int i = 0; i < instances.size(); i++) {
            int lho = (int) (long) lhos.get(i);
            int nameLen = (zb[lho + 26] & 0xff) | (zb[lho + 27] & 0xff) << 8;
            int extraLen = (zb[lho + 28] & 0xff) | (zb[lho + 29] & 0xff) << 8;
            ((ObjectNode) instances.get(i)).put("dataOffset", (long) lho + 30 + nameLen + extraLen);
        }
        String md5;
        try {
            md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(zb));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ObjectNode index = mapper.createObjectNode();
        index.put("schemaVersion", 1);
        index.put("seriesInstanceUid", seriesUid);
        index.put("studyInstanceUid", studyUid);
        putString(index, "patientId", patient);
        index.put("collection", COLLECTION);
        putString(index, "modality", first.getString(Tags.Modality));
        putString(index, "manufacturer", first.getString(Tags.Manufacturer));
        putString(index, "seriesDescription", first.getString(Tags.SeriesDescription));
        if (first.getString(Tags.SeriesNumber) != null) {
            index.put("seriesNumber", first.getInt(Tags.SeriesNumber, 0));
        }
        putString(index, "studyDate", first.getString(Tags.StudyDate));
        putString(index, "studyDescription", first.getString(Tags.StudyDescription));
        putString(index, "patientName", first.getString(Tags.PatientName));
        index.put("zipKey", prefix + ".zip");
        index.put("zipSize", zb.length);
        index.put("zipMd5", md5);
        index.put("storedAt", Instant.now().toString());
        index.set("instances", instances);
        storage.put(prefix + ".zip", zb, "application/zip",
                Map.of("series_uid", seriesUid, "md5", md5, "instances", String.valueOf(parts.size())));
        try {
            storage.put(prefix + ".index.json", mapper.writeValueAsBytes(index), "application/json", Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return prefix + ".index.json";
    }

    private static void putString(ObjectNode o, String field, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(field, value);
        }
    }

    private static void putDoubles(ObjectNode o, String field, double[] values) {
        if (values != null && values.length > 0) {
            ArrayNode a = o.putArray(field);
            for (double v : values) {
                a.add(v);
            }
        }
    }

    /** A lenient multipart/related parser (boundary from the Content-Type; CRLF framing; preamble ignored). */
    static final class MultipartParser {
        static List<byte[]> parse(String contentType, byte[] body) {
            String boundary = null;
            if (contentType != null) {
                for (String p : contentType.split(";")) {
                    String t = p.trim();
                    if (t.regionMatches(true, 0, "boundary=", 0, 9)) {
                        boundary = t.substring(9).replace("\"", "");
                    }
                }
            }
            if (boundary == null || boundary.isEmpty()) {
                throw ApiException.badRequest("Content-Type", "multipart/related with a boundary is required");
            }
            byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
            List<byte[]> out = new ArrayList<>();
            int pos = indexOf(body, delimiter, 0);
            while (pos >= 0) {
                int after = pos + delimiter.length;
                if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
                    break;
                }
                int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), after);
                if (headersEnd < 0) {
                    break;
                }
                int start = headersEnd + 4;
                int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), start);
                if (next < 0) {
                    throw ApiException.badRequest("body", "multipart body is not closed by --" + boundary + "--");
                }
                out.add(java.util.Arrays.copyOfRange(body, start, next));
                pos = next + 2;
            }
            return out;
        }

        static int indexOf(byte[] b, byte[] what, int from) {
            outer:
            for (int i = Math.max(0, from); i <= b.length - what.length; i++) {
                for (int k = 0; k < what.length; k++) {
                    if (b[i + k] != what[k]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
