package org.medcloud.download.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;
import org.medcloud.testing.NbiaEmulatorProcess;

/** The real NBIA emulator as a process over generated series; the download worker streams from it. */
public class NbiaEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private static volatile NbiaEmulatorProcess current;
    private NbiaEmulatorProcess emulator;

    public static String emulatorUrl() {
        return current.baseUrl();
    }

    public static Path dataDir() {
        return current.dataDir();
    }

    /** Sets the emulator's fault rules (PUT /emulator/faults); empty clears them. */
    public static void faults(String rules) {
        current.faults(rules);
    }

    @Override
    public Map<String, String> start() {
        emulator = NbiaEmulatorProcess.start(4, 3, 6);
        current = emulator;
        return Map.of("download.nbia.base-url", emulator.servicesUrl() + "/v4");
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
