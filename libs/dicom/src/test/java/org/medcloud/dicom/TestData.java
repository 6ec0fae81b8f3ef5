package org.medcloud.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Locates /work/shared/testdata/dicom: ${medcloud.repo.root}/../shared, else walking up from user.dir. */
public final class TestData {
    private TestData() {}

    public static Path dir() {
        String root = System.getProperty("medcloud.repo.root");
        List<Path> candidates = new ArrayList<>();
        if (root != null && !root.isBlank()) {
            candidates.add(Paths.get(root).resolve("../shared/testdata/dicom"));
            candidates.add(Paths.get(root).resolve("shared/testdata/dicom"));
        }
        for (Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            candidates.add(p.resolve("shared/testdata/dicom"));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("MANIFEST.tsv"))) return c.normalize();
        }
        throw new IllegalStateException("shared/testdata/dicom not found; tried " + candidates);
    }

    public static Path file(String name) { return dir().resolve(name); }

    public static List<Path> allFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /** MANIFEST.tsv rows by file name (column name -> value). */
    public static Map<String, Map<String, String>> manifest() throws IOException {
        List<String> lines = Files.readAllLines(dir().resolve("MANIFEST.tsv"));
        String[] head = lines.get(0).split("\t");
        Map<String, Map<String, String>> r = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < head.length && i < f.length; i++) row.put(head[i], f[i]);
            r.put(f[0], row);
        }
        return r;
    }

    public static boolean isNegative(String file) throws IOException {
        Map<String, String> row = manifest().get(file);
        return row != null && row.getOrDefault("notes", "").contains("NEGATIVE TEST");
    }
}
