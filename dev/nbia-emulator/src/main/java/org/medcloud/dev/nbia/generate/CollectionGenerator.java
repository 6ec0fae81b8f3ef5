package org.medcloud.dev.nbia.generate;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.medcloud.dev.nbia.dicom.DicomRewriter;
import org.medcloud.dev.nbia.index.CollectionInfo;

/**
 * Builds TCIA-like collections from the real files in the shared test corpus: each generated
 * series clones one real file into N instances with new Study/Series/SOP UIDs (2.25.&lt;uuid&gt;),
 * patient IDs, instance numbers and positions along the slice normal, and a collection,
 * body part, manufacturer and model name. Pixel data is copied byte for byte. Deterministic for
 * a given seed. Layout: {@code <out>/<Collection>/<PatientID>/<SeriesUID>/<SOPUID>.dcm} plus a
 * {@code collection.properties} per collection.
 * <p>
 * Main: {@code java -cp dev/nbia-emulator/target/classes org.medcloud.dev.nbia.generate.CollectionGenerator
 * <out-dir> [--series N] [--min-slices N] [--max-slices N] [--big-series-mb N] [--seed N] [--source DIR]}.
 */
public final class CollectionGenerator {

    /** Generation settings; see the module README for the matching environment variables. */
    public record Options(Path sourceDir, int series, int minSlices, int maxSlices, long bigSeriesMb, long seed) {
    }

    /** What to build per series: which real file, which descriptive values. */
    record Template(String collection, String sourceFile, String modality, String bodyPart, String manufacturer,
            String model, String description, String protocol, boolean multiSlice) {
    }

    static final Map<String, CollectionInfo> COLLECTIONS = new LinkedHashMap<>();

    static {
        COLLECTIONS.put("MedCloud-Lung-CT", new CollectionInfo("MedCloud-Lung-CT", "VCU",
                "Creative Commons Attribution 3.0 Unported License", "http://creativecommons.org/licenses/by/3.0/",
                "https://doi.org/10.0000/MEDCLOUD.2024.LUNGCT", "03-08-2019", "02-25-2019"));
        COLLECTIONS.put("MedCloud-Prostate-MR", new CollectionInfo("MedCloud-Prostate-MR", "NCI",
                "Creative Commons Attribution 4.0 International License", "https://creativecommons.org/licenses/by/4.0/",
                "https://doi.org/10.0000/MEDCLOUD.2024.PROSTATEMR", "10-19-2016", "07-20-2015"));
        COLLECTIONS.put("MedCloud-Breast-PET", new CollectionInfo("MedCloud-Breast-PET", "ACRIN",
                "Creative Commons Attribution-NonCommercial 4.0 International License",
                "https://creativecommons.org/licenses/by-nc/4.0/",
                "https://doi.org/10.0000/MEDCLOUD.2024.BREASTPET", "05-27-2015", "05-27-2015"));
        COLLECTIONS.put("MedCloud-Benchmark", new CollectionInfo("MedCloud-Benchmark", "MEDCLOUD",
                "Creative Commons Attribution 4.0 International License", "https://creativecommons.org/licenses/by/4.0/",
                "https://doi.org/10.0000/MEDCLOUD.BENCHMARK", "01-15-2024", "01-10-2024"));
    }

    static final String CT512 = "ct_implicit_le_ge_signed_rescale_cornerstone.dcm";

    static final List<Template> TEMPLATES = List.of(
            new Template("MedCloud-Lung-CT", CT512, "CT", "CHEST", "GE MEDICAL SYSTEMS", "LightSpeed QX/i", "CHEST 5mm STD", "CT CHEST W/O", true),
            new Template("MedCloud-Prostate-MR", "mr_explicit_le_small_pydicom.dcm", "MR", "PROSTATE", "TOSHIBA_MEC", "Titan 3T", "T2 AX PROSTATE", "PROSTATE MRI", true),
            new Template("MedCloud-Breast-PET", "pt_signed_rescale_tcia_suyashkumar_1.dcm", "PT", "BREAST", "SIEMENS", "Biograph 40", "PET WB FLT", "FLT PET", true),
            new Template("MedCloud-Lung-CT", "ct_jpeg_baseline_8bit_cornerstone.dcm", "CT", "LUNG", "GE MEDICAL SYSTEMS", "LightSpeed16", "LUNG 1.25mm (JPEG)", "CT LUNG SCREEN", true),
            new Template("MedCloud-Prostate-MR", "mr_explicit_le_small_pydicom.dcm", "MR", "PROSTATE", "Siemens", "Skyra", "t2_tse_tra", "PROSTATE MRI", true),
            new Template("MedCloud-Breast-PET", CT512, "CT", "BREAST", "SIEMENS", "SOMATOM Definition AS", "CT ATTN CORR", "FLT PET", true),
            new Template("MedCloud-Lung-CT", "seg_ct_binary_highdicom.dcm", "SEG", null, "MedCloud", "highdicom", "Lung nodule segmentation", null, false),
            new Template("MedCloud-Prostate-MR", "ct_series_pydicom_inst180.dcm", "CT", "ABDOMEN", "GE MEDICAL SYSTEMS", "Discovery CT750 HD", "ABD PELVIS", "CT ABD PEL", true),
            new Template("MedCloud-Breast-PET", "dx_monochrome1_highdicom.dcm", "DX", "CHEST", "FUJIFILM Corporation", "FCR5000", "PA CHEST", null, false),
            new Template("MedCloud-Lung-CT", CT512, "CT", "CHEST", "Philips", "Brilliance 64", "CHEST 3mm", "CT CHEST W", true),
            new Template("MedCloud-Breast-PET", "us_rgb_explicit_le_pydicom.dcm", "US", "BREAST", "G.E. Medical Systems", "LOGIQ E9", "BREAST US", null, false),
            new Template("MedCloud-Prostate-MR", "mr_explicit_le_small_pydicom.dcm", "MR", "PROSTATE", "TOSHIBA_MEC", "Titan 3T", "DWI ADC", "PROSTATE MRI", true));

    private final Options options;
    private final Random random;
    private final Map<String, DicomRewriter> sources = new HashMap<>();
    private final Map<String, Integer> seriesPerCollection = new HashMap<>();

    public CollectionGenerator(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    /** The result: how many series and files, total bytes. */
    public record Result(int series, int files, long bytes, List<String> seriesUids) {
    }

    /** Generates into {@code out} (written to a sibling temp folder first, then moved into place). */
    public Result generate(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, ".nbia-gen-");
        Result r;
        try {
            r = generateInto(tmp);
            if (Files.isDirectory(out)) {
                try (Stream<Path> s = Files.list(tmp)) {
                    for (Path p : s.toList()) {
                        Files.move(p, out.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
                Files.delete(tmp);
            } else {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        return r;
    }

    private Result generateInto(Path out) throws IOException {
        int files = 0;
        long bytes = 0;
        List<String> uids = new ArrayList<>();
        List<Template> plan = new ArrayList<>();
        for (int i = 0; i < options.series(); i++) {
            plan.add(TEMPLATES.get(i % TEMPLATES.size()));
        }
        int n = 0;
        for (Template t : plan) {
            int slices = t.multiSlice() ? options.minSlices() + random.nextInt(Math.max(1, options.maxSlices() - options.minSlices() + 1)) : 1;
            long[] fb = writeSeries(out, t, slices, n++);
            files += (int) fb[0];
            bytes += fb[1];
            uids.add(lastSeriesUid);
        }
        if (options.bigSeriesMb() > 0) {
            long per = Files.size(options.sourceDir().resolve(CT512));
            int slices = (int) Math.max(1, (options.bigSeriesMb() * 1024 * 1024 + per - 1) / per);
            Template big = new Template("MedCloud-Benchmark", CT512, "CT", "CHEST", "GE MEDICAL SYSTEMS", "Revolution CT",
                    "BENCHMARK " + options.bigSeriesMb() + " MB", "CT CHEST", true);
            long[] fb = writeSeries(out, big, slices, n++);
            files += (int) fb[0];
            bytes += fb[1];
            uids.add(lastSeriesUid);
        }
        for (String c : seriesPerCollection.keySet()) {
            Path dir = out.resolve(c);
            try (Writer w = Files.newBufferedWriter(dir.resolve(CollectionInfo.FILE), StandardCharsets.UTF_8)) {
                COLLECTIONS.get(c).toProperties().store(w, "collection-level values served by the NBIA emulator");
            }
        }
        return new Result(plan.size() + (options.bigSeriesMb() > 0 ? 1 : 0), files, bytes, uids);
    }

    private String lastSeriesUid;

    private long[] writeSeries(Path out, Template t, int slices, int seriesIndex) throws IOException {
        DicomRewriter src = sources.computeIfAbsent(t.sourceFile(), f -> {
            try {
                return DicomRewriter.parse(options.sourceDir().resolve(f));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read generator source " + options.sourceDir().resolve(f) + ": " + e.getMessage(), e);
            }
        });
        int inCollection = seriesPerCollection.merge(t.collection(), 1, Integer::sum) - 1;
        int patientNo = inCollection / 2 + 1; // two series per patient and study
        String prefix = t.collection().replace("MedCloud-", "").toUpperCase(Locale.ROOT);
        String patientId = prefix + "-" + String.format("%03d", patientNo);
        String studyUid = uid("study:" + t.collection() + ":" + patientNo);
        String seriesUid = uid("series:" + seriesIndex + ":" + t.collection());
        String forUid = uid("for:" + t.collection() + ":" + patientNo);
        lastSeriesUid = seriesUid;
        LocalDate studyDate = LocalDate.of(1998, 1, 1).plusDays(Math.floorMod(studyUid.hashCode(), 9000));
        String da = studyDate.format(DateTimeFormatter.BASIC_ISO_DATE);

        double[] iop = parseDoubles(src.getString(0x00200037), new double[] {1, 0, 0, 0, 1, 0});
        double[] ipp = parseDoubles(src.getString(0x00200032), new double[] {-250, -250, 0});
        double thickness = parseDoubles(src.getString(0x00180050), new double[] {2.5})[0];
        if (thickness <= 0) {
            thickness = 2.5;
        }
        double[] normal = {iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5], iop[0] * iop[4] - iop[1] * iop[3]};
        boolean hasGeometry = src.getString(0x00200037) != null;

        Path dir = out.resolve(t.collection()).resolve(patientId).resolve(seriesUid);
        Files.createDirectories(dir);
        long bytes = 0;
        for (int i = 0; i < slices; i++) {
            String sop = uid("sop:" + seriesUid + ":" + i);
            Map<Integer, String> r = new HashMap<>();
            r.put(0x00080018, sop);
            r.put(0x0020000D, studyUid);
            r.put(0x0020000E, seriesUid);
            r.put(0x00080020, da);
            r.put(0x00080021, da);
            r.put(0x00080060, t.modality());
            r.put(0x00080070, t.manufacturer());
            r.put(0x00081090, t.model());
            r.put(0x0008103E, t.description());
            r.put(0x00081030, prefix.replace('-', ' ') + " STUDY");
            r.put(0x00181030, t.protocol());
            r.put(0x00180015, t.bodyPart());
            r.put(0x00100010, "MEDCLOUD^" + patientId);
            r.put(0x00100020, patientId);
            r.put(0x00100040, patientNo % 2 == 0 ? "F" : "M");
            r.put(0x00101010, String.format("%03dY", 40 + patientNo * 7 % 40));
            r.put(0x00200010, String.valueOf(patientNo));
            r.put(0x00200011, String.valueOf(seriesIndex + 1));
            r.put(0x00200012, "1");
            r.put(0x00200013, String.valueOf(i + 1));
            if (hasGeometry) {
                r.put(0x00200052, forUid);
                double d = i * thickness;
                r.put(0x00200032, ds(ipp[0] + d * normal[0]) + "\\" + ds(ipp[1] + d * normal[1]) + "\\" + ds(ipp[2] + d * normal[2]));
                r.put(0x00201041, ds(ipp[0] * normal[0] + ipp[1] * normal[1] + ipp[2] * normal[2] + d));
            }
            byte[] b = src.rewrite(r);
            Files.write(dir.resolve(sop + ".dcm"), b);
            bytes += b.length;
        }
        return new long[] {slices, bytes};
    }

    /** A 2.25 UID from a name-based UUID of the seed and a key (deterministic). */
    String uid(String key) {
        UUID u = UUID.nameUUIDFromBytes(("medcloud-nbia:" + options.seed() + ":" + key).getBytes(StandardCharsets.UTF_8));
        byte[] b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, b);
    }

    private static String ds(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }

    private static double[] parseDoubles(String s, double[] def) {
        if (s == null) {
            return def;
        }
        String[] p = s.split("\\\\");
        if (p.length < def.length) {
            return def;
        }
        double[] d = new double[p.length];
        try {
            for (int i = 0; i < p.length; i++) {
                d[i] = Double.parseDouble(p[i].trim());
            }
        } catch (NumberFormatException e) {
            return def;
        }
        return d;
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Finds the shared test corpus from the working directory upwards, if not configured. */
    public static Path locateSourceDir(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path c = p.resolve("shared/testdata/dicom");
            if (Files.isRegularFile(c.resolve(CT512))) {
                return c;
            }
            c = p.resolve("../shared/testdata/dicom").normalize();
            if (Files.isRegularFile(c.resolve(CT512))) {
                return c;
            }
        }
        return Path.of("/work/shared/testdata/dicom");
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("--")) {
            System.err.println("usage: CollectionGenerator <out-dir> [--series N] [--min-slices N] [--max-slices N]"
                    + " [--big-series-mb N] [--seed N] [--source DIR]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int series = 12;
        int min = 20;
        int max = 60;
        long big = 0;
        long seed = 42;
        String source = null;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--series" -> series = Integer.parseInt(args[i + 1]);
                case "--min-slices" -> min = Integer.parseInt(args[i + 1]);
                case "--max-slices" -> max = Integer.parseInt(args[i + 1]);
                case "--big-series-mb" -> big = Long.parseLong(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--source" -> source = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        Result r = new CollectionGenerator(new Options(locateSourceDir(source), series, min, max, big, seed)).generate(out);
        System.out.printf("Generated %d series, %d files, %d bytes into %s in %d ms%n", r.series(), r.files(), r.bytes(), out,
                (System.nanoTime() - t0) / 1_000_000);
    }
}
