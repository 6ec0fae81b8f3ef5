import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.medcloud.dev.nbia.dicom.DicomRewriter;

/**
 * Benchmark data: clones one real CT file into an N-slice series (new UIDs, instance numbers,
 * positions; pixel data byte for byte) with the NBIA emulator's DicomRewriter, writes the files
 * (for Orthanc) and the stored-series layout (ZIP + index JSON, docs/storage-layout.md) into an
 * S3Proxy filesystem bucket folder (for the viewer).
 *
 * java -cp dev/nbia-emulator/target/classes benchmarks/viewer/GenSeries.java SRC.dcm OUT_DIR BUCKET_DIR N
 */
public class GenSeries {

    static String uid() {
        UUID u = UUID.randomUUID();
        BigInteger b = new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
        return "2.25." + b;
    }

    public static void main(String[] args) throws Exception {
        Path src = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path bucket = Path.of(args[2]);
        int n = Integer.parseInt(args[3]);
        DicomRewriter template = DicomRewriter.parse(src);
        String study = uid();
        String series = uid();
        String patient = "BENCH-1";
        Files.createDirectories(out.resolve("dcm"));
        String prefix = "tcia/BENCH/" + patient + "/" + study + "/" + series;
        Path zipPath = bucket.resolve(prefix + ".zip");
        Files.createDirectories(zipPath.getParent());
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        List<Map<String, Object>> instances = new ArrayList<>();
        List<Long> lhos = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        StringBuilder sops = new StringBuilder();
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            for (int i = 0; i < n; i++) {
                String sop = uid();
                double z = -200 + i * 1.25;
                Map<Integer, String> r = new HashMap<>();
                r.put(0x00080018, sop);
                r.put(0x0020000D, study);
                r.put(0x0020000E, series);
                r.put(0x00100020, patient);
                r.put(0x00100010, "BENCH^ONE");
                r.put(0x00200013, String.valueOf(i + 1));
                r.put(0x00200032, "-200\\-200\\" + z);
                r.put(0x00200037, "1\\0\\0\\0\\1\\0");
                r.put(0x00201041, String.valueOf(z));
                byte[] b = template.rewrite(r);
                Files.write(out.resolve("dcm").resolve(String.format("%04d.dcm", i + 1)), b);
                String name = String.format("1-%03d.dcm", i + 1);
                ZipEntry e = new ZipEntry(name);
                CRC32 crc = new CRC32();
                crc.update(b);
                e.setMethod(ZipEntry.STORED);
                e.setSize(b.length);
                e.setCompressedSize(b.length);
                e.setCrc(crc.getValue());
                zip.flush();
                lhos.add((long) zipBytes.size());
                zip.putNextEntry(e);
                zip.write(b);
                zip.closeEntry();
                sizes.add(b.length);
                Map<String, Object> in = new java.util.LinkedHashMap<>();
                in.put("sopInstanceUid", sop);
                in.put("sopClassUid", "1.2.840.10008.5.1.4.1.1.2");
                in.put("instanceNumber", i + 1);
                in.put("entryName", name);
                in.put("localHeaderOffset", lhos.get(i));
                in.put("dataOffset", lhos.get(i) + 30 + name.length());
                in.put("compressedSize", b.length);
                in.put("uncompressedSize", b.length);
                in.put("method", 0);
                in.put("crc32", crc.getValue());
                in.put("md5", HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b)));
                in.put("transferSyntaxUid", template.transferSyntax());
                in.put("rows", 512);
                in.put("columns", 512);
                in.put("frames", 1);
                in.put("imagePositionPatient", List.of(-200, -200, z));
                in.put("imageOrientationPatient", List.of(1, 0, 0, 0, 1, 0));
                instances.add(in);
                sops.append(sop).append('\n');
            }
        }
        byte[] zb = zipBytes.toByteArray();
        for (int i = 0; i < instances.size(); i++) {
            int lho = (int) (long) lhos.get(i);
            int nameLen = (zb[lho + 26] & 0xff) | (zb[lho + 27] & 0xff) << 8;
            int extraLen = (zb[lho + 28] & 0xff) | (zb[lho + 29] & 0xff) << 8;
            instances.get(i).put("dataOffset", (long) lho + 30 + nameLen + extraLen);
        }
        Files.write(zipPath, zb);
        StringBuilder json = new StringBuilder();
        json.append("{\"schemaVersion\":1,\"seriesInstanceUid\":\"").append(series)
                .append("\",\"studyInstanceUid\":\"").append(study)
                .append("\",\"patientId\":\"").append(patient).append("\",\"collection\":\"BENCH\",\"modality\":\"CT\",")
                .append("\"zipKey\":\"").append(prefix).append(".zip\",\"zipSize\":").append(zb.length)
                .append(",\"zipMd5\":\"").append(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(zb)))
                .append("\",\"storedAt\":\"").append(Instant.now()).append("\",\"instances\":[");
        for (int i = 0; i < instances.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(toJson(instances.get(i)));
        }
        json.append("]}");
        Files.writeString(bucket.resolve(prefix + ".index.json"), json.toString());
        Files.writeString(out.resolve("sops.txt"), sops.toString());
        Files.writeString(out.resolve("series.env"), "STUDY=" + study + "\nSERIES=" + series + "\nINDEX_KEY=" + prefix
                + ".index.json\n");
        System.out.println("STUDY=" + study + " SERIES=" + series + " instances=" + n);
    }

    static String toJson(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof String s) {
                sb.append('"').append(s).append('"');
            } else if (v instanceof List<?> l) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i > 0 ? "," : "").append(l.get(i));
                }
                sb.append(']');
            } else {
                sb.append(v);
            }
        }
        return sb.append('}').toString();
    }
}
