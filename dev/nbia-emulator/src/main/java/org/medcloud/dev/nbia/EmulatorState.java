package org.medcloud.dev.nbia;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.medcloud.common.startup.StartupCheck;
import org.medcloud.dev.nbia.fault.FaultRules;
import org.medcloud.dev.nbia.generate.CollectionGenerator;
import org.medcloud.dev.nbia.index.HeaderReaders;
import org.medcloud.dev.nbia.index.SeriesIndex;

/** The data folder, its index and the configured fault rules; prepared at start-up. */
@ApplicationScoped
public class EmulatorState {

    private static final Logger LOG = Logger.getLogger(EmulatorState.class);

    @Inject
    EmulatorConfig config;

    private volatile SeriesIndex index = SeriesIndex.empty();
    private volatile FaultRules rules = FaultRules.EMPTY;

    void onStart(@Observes StartupEvent ev) {
        StartupCheck.run("NBIA_FAULTS", "parse the configured faults", () -> rules = FaultRules.parse(config.faults().orElse("")));
        StartupCheck.run("NBIA_DATA_DIR", "prepare and index the data folder " + dataDir().toAbsolutePath(), () -> {
            generateIfEmpty();
            index = SeriesIndex.build(dataDir(), HeaderReaders.best());
        });
    }

    public Path dataDir() {
        return Path.of(config.dataDir());
    }

    void generateIfEmpty() throws IOException {
        Path dir = dataDir();
        if (!config.generate().enabled() || !isEmpty(dir)) {
            return;
        }
        var g = config.generate();
        Path source = CollectionGenerator.locateSourceDir(g.sourceDir().orElse(null));
        long t0 = System.nanoTime();
        var r = new CollectionGenerator(new CollectionGenerator.Options(source, g.series(), g.minSlices(), g.maxSlices(),
                g.bigSeriesMb(), g.seed())).generate(dir);
        LOG.infof("Generated %d series (%d files, %d MB) from %s into %s in %d ms", r.series(), r.files(), r.bytes() >> 20,
                source, dir.toAbsolutePath(), (System.nanoTime() - t0) / 1_000_000);
    }

    static boolean isEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.noneMatch(p -> !p.getFileName().toString().startsWith("."));
        }
    }

    public SeriesIndex index() {
        return index;
    }

    public void reindex() throws IOException {
        index = SeriesIndex.build(dataDir(), HeaderReaders.best());
    }

    public FaultRules rules() {
        return rules;
    }

    public void rules(FaultRules r) {
        rules = r;
    }
}
