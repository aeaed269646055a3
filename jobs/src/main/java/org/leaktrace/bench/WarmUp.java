package org.leaktrace.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs a job untimed, again and again, until its CPU per record settles, before any timed run.
 *
 * <p>Every run of a bench shares one JVM. On two cores the JIT keeps compiling through several
 * runs of a 10-second job: five replays of one world in a row took 17.5, 12.9, 13.7, 10.7 and
 * 10.0 s of task CPU (2026-12-04), and a Kafka run right after one replay of warm-up ran at 44 %
 * of the next Kafka run's speed. One run of warm-up measured the JIT as much as the pipeline.
 * The Kafka job runs code the replay does not (its source, Avro decoding, the transactional sinks),
 * so it is warmed up on its own.
 */
final class WarmUp {
    /** Runs at most, whether or not the figure settles. */
    static final int MAX_RUNS = 6;
    /** Two runs in a row whose CPU per record differs by less than this share count as settled. */
    static final double SETTLED = 0.10;

    private WarmUp() {}

    /** Whether the last CPU-per-record figure is within {@link #SETTLED} of the one before it. */
    static boolean settled(List<Double> cpuPerRecord) {
        int n = cpuPerRecord.size();
        if (n < 2) {
            return false;
        }
        double before = cpuPerRecord.get(n - 2);
        double last = cpuPerRecord.get(n - 1);
        return before <= 0 || Math.abs(last - before) < SETTLED * before;
    }

    /**
     * Runs {@code job} until {@link #settled} or {@link #MAX_RUNS}, printing each run's Java-thread
     * CPU per record. A JVM that cannot measure thread CPU gets one run.
     */
    static void run(String what, Callable<StateResult> job, PrintStream out) throws Exception {
        List<Double> cpuPerRecord = new ArrayList<>();
        do {
            StateResult r = job.call();
            double cpu = r.cpuByTask().values().stream().mapToDouble(Double::doubleValue).sum();
            double us = 1e6 * cpu / Math.max(1, r.measurement().records());
            cpuPerRecord.add(us);
            out.printf(Locale.ROOT, "warm-up: %s, run %d, not timed: %.1f µs of Java-thread CPU per record%n",
                    what, cpuPerRecord.size(), us);
            if (cpu <= 0) {
                return;
            }
        } while (cpuPerRecord.size() < MAX_RUNS && !settled(cpuPerRecord));
    }
}
