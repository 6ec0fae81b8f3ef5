package org.medcloud.dev.nbia.index;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Collection-level values NBIA keeps outside the DICOM headers, read from an optional
 * {@code collection.properties} in the collection folder (keys as the fields below).
 * Dates are MM-dd-yyyy as v4 emits them.
 */
public record CollectionInfo(String name, String site, String licenseName, String licenseUri, String dataDescriptionUri,
        String dateReleased, String maxSubmissionTimestamp) {

    public static final String FILE = "collection.properties";

    public static CollectionInfo load(String name, Path dir) {
        Properties p = new Properties();
        Path f = dir.resolve(FILE);
        if (Files.isRegularFile(f)) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                // defaults below
            }
        }
        return new CollectionInfo(name,
                p.getProperty("site", "MEDCLOUD"),
                p.getProperty("licenseName", "Creative Commons Attribution 4.0 International License"),
                p.getProperty("licenseUri", "https://creativecommons.org/licenses/by/4.0/"),
                p.getProperty("dataDescriptionUri", "https://doi.org/10.0000/medcloud." + name.toLowerCase()),
                p.getProperty("dateReleased", "01-15-2024"),
                p.getProperty("maxSubmissionTimestamp", "01-10-2024"));
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("site", site);
        p.setProperty("licenseName", licenseName);
        p.setProperty("licenseUri", licenseUri);
        p.setProperty("dataDescriptionUri", dataDescriptionUri);
        p.setProperty("dateReleased", dateReleased);
        p.setProperty("maxSubmissionTimestamp", maxSubmissionTimestamp);
        return p;
    }
}
