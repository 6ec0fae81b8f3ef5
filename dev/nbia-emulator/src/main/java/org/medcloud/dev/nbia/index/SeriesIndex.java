package org.medcloud.dev.nbia.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The in-memory index of a data folder: one entry per series, collection = the first-level
 * sub-folder. Built once at start (or on POST /emulator/reindex) from the DICOM headers.
 * Immutable after {@link #build}; MD5s of files are computed lazily and cached.
 */
public final class SeriesIndex {

    private static final Logger LOG = Logger.getLogger(SeriesIndex.class);

    private final Map<String, SeriesRecord> series;
    private final Map<String, Instance> bySop;
    private final Map<Path, String> md5 = new ConcurrentHashMap<>();

    private SeriesIndex(Map<String, SeriesRecord> series) {
        this.series = series;
        Map<String, Instance> s = new LinkedHashMap<>();
        series.values().forEach(r -> r.instances().forEach(i -> s.put(i.sopInstanceUid(), i)));
        this.bySop = s;
    }

    public static SeriesIndex empty() {
        return new SeriesIndex(Map.of());
    }

    public Collection<SeriesRecord> all() {
        return series.values();
    }

    public Optional<SeriesRecord> series(String uid) {
        return Optional.ofNullable(uid == null ? null : series.get(uid));
    }

    public Optional<Instance> instance(String sopUid) {
        return Optional.ofNullable(sopUid == null ? null : bySop.get(sopUid));
    }

    public int instanceCount() {
        return bySop.size();
    }

    /** Lower-case hex MD5 of a file, cached. */
    public String md5(Path file) throws IOException {
        String m = md5.get(file);
        if (m == null) {
            m = Md5.of(file);
            md5.put(file, m);
        }
        return m;
    }

    public void rememberMd5(Path file, String hex) {
        md5.putIfAbsent(file, hex);
    }

    private static final class Builder {
        final String collection;
        final CollectionInfo info;
        final Map<String, String> first;
        final List<Instance> instances = new ArrayList<>();

        Builder(String collection, CollectionInfo info, Map<String, String> first) {
            this.collection = collection;
            this.info = info;
            this.first = first;
        }
    }

    public static SeriesIndex build(Path dataDir, HeaderReader reader) throws IOException {
        long t0 = System.nanoTime();
        Map<String, Builder> builders = new LinkedHashMap<>();
        int skipped = 0;
        if (Files.isDirectory(dataDir)) {
            List<Path> collections;
            try (Stream<Path> s = Files.list(dataDir)) {
                collections = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().toList();
            }
            for (Path cdir : collections) {
                String name = cdir.getFileName().toString();
                CollectionInfo info = CollectionInfo.load(name, cdir);
                List<Path> files;
                try (Stream<Path> s = Files.walk(cdir)) {
                    files = s.filter(Files::isRegularFile).filter(SeriesIndex::looksLikeDicom).sorted().toList();
                }
                for (Path f : files) {
                    Map<String, String> h;
                    try {
                        h = reader.read(f);
                    } catch (IOException | RuntimeException e) {
                        skipped++;
                        LOG.debugf("not indexed (not readable as DICOM): %s: %s", f, e.getMessage());
                        continue;
                    }
                    String seriesUid = h.get("SeriesInstanceUID");
                    String sop = h.get("SOPInstanceUID");
                    if (seriesUid == null || sop == null) {
                        skipped++;
                        continue;
                    }
                    Builder b = builders.computeIfAbsent(seriesUid, k -> new Builder(name, info, h));
                    b.instances.add(new Instance(f, sop, h.get("SOPClassUID"), integer(h.get("InstanceNumber")),
                            integer(h.get("AcquisitionNumber")), Files.size(f)));
                }
            }
        }
        Map<String, SeriesRecord> out = new LinkedHashMap<>();
        for (Map.Entry<String, Builder> e : builders.entrySet()) {
            Builder b = e.getValue();
            Map<String, String> h = b.first;
            b.instances.sort(Comparator.comparing(Instance::path));
            out.put(e.getKey(), new SeriesRecord(b.collection, e.getKey(), h.get("StudyInstanceUID"), h.get("PatientID"),
                    h.get("PatientName"), h.get("PatientSex"), h.get("PatientAge"), h.get("Modality"), h.get("ProtocolName"),
                    h.get("SeriesDate"), h.get("SeriesDescription"), h.get("BodyPartExamined"), h.get("SeriesNumber"),
                    h.get("Manufacturer"), h.get("ManufacturerModelName"), h.get("SoftwareVersions"), h.get("StudyDate"),
                    h.get("StudyDescription"), h.get("StudyID"), h.get("PixelSpacingRow"), h.get("SliceThickness"),
                    b.info, List.copyOf(b.instances)));
        }
        SeriesIndex idx = new SeriesIndex(out);
        LOG.infof("Indexed %s: %d series, %d instances (%d files skipped) in %d ms", dataDir, out.size(),
                idx.instanceCount(), skipped, (System.nanoTime() - t0) / 1_000_000);
        return idx;
    }

    private static boolean looksLikeDicom(Path p) {
        String n = p.getFileName().toString().toLowerCase();
        return !n.startsWith(".") && !n.endsWith(".properties") && !n.endsWith(".md") && !n.endsWith(".txt")
                && !n.endsWith(".csv") && !n.endsWith(".json") && !n.endsWith(".png") && !n.endsWith(".tsv");
    }

    private static Integer integer(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
