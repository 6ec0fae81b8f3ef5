package org.medcloud.dev.nbia;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of the emulator (prefix {@code nbia}); each is also an environment variable, e.g. NBIA_DATA_DIR. */
@ConfigMapping(prefix = "nbia")
public interface EmulatorConfig {

    /** Folder of DICOM files; collection = first-level sub-folder. */
    @WithDefault(".local/nbia-data")
    String dataDir();

    /** Injected faults for every request, see README (NBIA_FAULTS). */
    Optional<String> faults();

    Generate generate();

    interface Generate {
        /** Generate collections into an empty (or missing) data folder at start. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("12")
        int series();

        @WithDefault("20")
        int minSlices();

        @WithDefault("60")
        int maxSlices();

        /** Adds one CT series of about this many MiB in collection MedCloud-Benchmark (0: none). */
        @WithDefault("0")
        long bigSeriesMb();

        @WithDefault("42")
        long seed();

        /** The real DICOM files cloned by the generator (default: shared/testdata/dicom found upwards from the working directory). */
        Optional<String> sourceDir();
    }
}
