package org.medcloud.smoke;

import java.io.PrintStream;
import java.time.Duration;

/**
 * java -jar smoke-tests.jar --base-url http://localhost:8080 [--token T] [--collection C]
 * [--model M] [--timeout-seconds 600] [--poll-millis 1000]. Exit code 0 when every step passed, 1 otherwise.
 */
public final class SmokeMain {

    private SmokeMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final String USAGE = "usage: java -jar smoke-tests.jar --base-url URL [--token TOKEN] [--collection NAME] "
            + "[--model NAME] [--timeout-seconds N] [--poll-millis N]";

    public static int run(String[] args, PrintStream out, PrintStream err) {
        SmokeFlow.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("smoke-tests: " + e.getMessage());
            err.println(USAGE);
            return 1;
        }
        out.println("medcloud smoke test against " + options.baseUrl());
        long start = System.nanoTime();
        try {
            new SmokeFlow(options, out).run();
        } catch (StepFailure f) {
            err.println("SMOKE TEST FAILED at step " + f.step() + ": " + f.getMessage());
            if (f.status() != 0) {
                err.println("HTTP status: " + f.status());
            }
            if (!f.body().isEmpty()) {
                err.println("response body: " + f.body());
            }
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("smoke-tests: " + e.getMessage());
            return 1;
        }
        out.printf("smoke test passed in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        return 0;
    }

    static SmokeFlow.Options parse(String[] args) {
        String base = null, token = null, collection = null, model = null;
        long timeout = 600, poll = 1000, request = 60;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                throw new IllegalArgumentException("help");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--base-url" -> base = v;
                case "--token" -> token = v;
                case "--collection" -> collection = v;
                case "--model" -> model = v;
                case "--timeout-seconds" -> timeout = positive(a, v);
                case "--poll-millis" -> poll = positive(a, v);
                case "--request-timeout-seconds" -> request = positive(a, v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("--base-url is required");
        }
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new IllegalArgumentException("--base-url must be an http(s) URL: " + base);
        }
        if (token == null) {
            String env = System.getenv("SMOKE_TOKEN");
            token = env == null || env.isBlank() ? null : env;
        }
        return new SmokeFlow.Options(base, token, collection, model, Duration.ofSeconds(timeout), Duration.ofMillis(poll),
                Duration.ofSeconds(request));
    }

    private static long positive(String option, String v) {
        try {
            long n = Long.parseLong(v);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a positive number, got " + v);
        }
    }
}
