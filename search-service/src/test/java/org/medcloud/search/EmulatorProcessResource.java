package org.medcloud.search;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.medcloud.testing.NbiaEmulatorProcess;

/** The real NBIA emulator as a process, with a small generated data set; the NBIA client points at it. */
public class EmulatorProcessResource implements QuarkusTestResourceLifecycleManager {

    public static volatile String emulatorBase;
    private NbiaEmulatorProcess emulator;

    @Override
    public Map<String, String> start() {
        emulator = NbiaEmulatorProcess.start(12, 3, 5);
        emulatorBase = emulator.baseUrl();
        return Map.of("quarkus.rest-client.nbia.url", emulator.servicesUrl());
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
