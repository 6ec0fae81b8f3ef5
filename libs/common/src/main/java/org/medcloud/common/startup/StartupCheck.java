package org.medcloud.common.startup;

import io.quarkus.runtime.Quarkus;
import org.jboss.logging.Logger;

/**
 * Runs a start-up check of one setting (storage endpoint, bucket, database). On failure it logs
 * ONE line naming the setting and what was wrong, and stops the process: an operator sees the
 * cause at a glance instead of a wall of stack traces.
 */
public final class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private StartupCheck() {
    }

    public static boolean run(String setting, String what, Check check) {
        try {
            check.run();
            return true;
        } catch (Exception e) {
            LOG.errorf("Start-up check failed: %s (setting %s): %s. Fix the setting and restart.", what, setting, rootMessage(e));
            Quarkus.asyncExit(3);
            return false;
        }
    }

    static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable c = t;
        int depth = 0;
        while (c != null && depth++ < 6) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && sb.indexOf(m) < 0) {
                if (sb.length() > 0) {
                    sb.append(" <- ");
                }
                sb.append(m.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' '));
            }
            c = c.getCause() == c ? null : c.getCause();
        }
        return sb.length() == 0 ? t.getClass().getSimpleName() : sb.toString();
    }
}
