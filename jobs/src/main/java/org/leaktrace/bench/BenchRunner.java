package org.leaktrace.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.leaktrace.job.AlertDelivery;
import org.leaktrace.job.ProgressReporter;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;
import org.leaktrace.sim.WorldSummary;

/**
 * Runs a bench: simulates each world once, then times every mode on every world.
 *
 * <p>Worlds are kept in {@code --out} with a small description file and reused by later runs
 * with the same size, days and seed (simulation is deterministic per seed), so a rerun times
 * the pipeline and not the simulator.
 */
public final class BenchRunner {
    static final String WORLD_FILE = "bench-world.properties";
    private static final int STATE_ATTEMPTS = 4;
    private static final long MIN_STATE_INTERVAL_MS = 20;
    /** Tasks listed in a replay's CPU-by-task table. */
    private static final int TASK_CPU_ROWS = 12;
    /**
     * How often a timed replay prints records so far: rarely enough that a world of seconds prints
     * nothing and the polling costs nothing measurable, often enough to follow a run of hours.
     */
    static final long PROGRESS_MILLIS = 60_000;

    private final BenchConfig cfg;
    private final PrintStream out;

    public BenchRunner(BenchConfig cfg, PrintStream out) {
        this.cfg = cfg;
        this.out = out;
    }

    public BenchReport run() throws Exception {
        Files.createDirectories(cfg.out());
        out.printf(Locale.ROOT, "Machine: %d cores, Java %s (%s), max heap %,d MB, load average %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20, JobRuns.loadAverage());
        if (cfg.managedMemory() != null) {
            out.printf(Locale.ROOT, "Managed memory of the replay and state modes: %,d MB%n",
                    cfg.managedMemory().getMebiBytes());
        }
        List<WorldInfo> worlds = new ArrayList<>();
        for (long seed : cfg.seeds()) {
            for (int subscribers : cfg.subscribers()) {
                for (int campaigns : cfg.campaignSettings()) {
                    worlds.add(world(subscribers, seed, campaigns));
                }
            }
        }
        if (cfg.warmup()) {
            WorldInfo smallest = worlds.stream().min(Comparator.comparingInt(WorldInfo::subscribers)).orElseThrow();
            WarmUp.run("replay on " + smallest.label(),
                    () -> ReplayBench.run(smallest, BenchMode.REPLAY, cfg), out);
            if (cfg.has(BenchMode.KAFKA) || cfg.has(BenchMode.KAFKA_ROCKSDB)) {
                WarmUp.run("kafka on " + smallest.label(), () -> KafkaBench.run(smallest, BenchMode.KAFKA,
                        cfg.parallelism(), cfg.kafkaCheckpointMillis(), cfg.out(), out), out);
            }
        }
        List<Measurement> runs = new ArrayList<>();
        List<StateResult> states = new ArrayList<>();
        for (WorldInfo w : worlds) {
            for (BenchMode mode : cfg.modes()) {
                if (mode == BenchMode.LATENCY) {
                    continue;
                }
                out.printf(Locale.ROOT, "%s on %s (load %.2f) ...%n", mode.cliName(), w.label(), JobRuns.loadAverage());
                Measurement m;
                if (mode == BenchMode.STATE || mode == BenchMode.STATE_ROCKSDB) {
                    StateResult s = measureState(mode, w);
                    out.print(s.text());
                    out.print(TaskCpu.table(s.cpuByTask(), TASK_CPU_ROWS));
                    states.add(s);
                    m = s.measurement();
                } else {
                    m = measure(mode, w);
                }
                out.printf(Locale.ROOT, "  %,d records in %.1f s: %,.0f records/s (%,.0f per core), %d alerts%n",
                        m.records(), m.seconds(), m.recordsPerSecond(), m.recordsPerSecondPerCore(), m.alerts());
                runs.add(m);
            }
        }
        List<LatencyResult> latency = new ArrayList<>();
        if (cfg.has(BenchMode.LATENCY)) {
            WorldInfo smallest = worlds.stream().min(Comparator.comparingInt(WorldInfo::subscribers)).orElseThrow();
            for (long interval : cfg.latencyCheckpoints()) {
                for (DeliveryGuarantee delivery : cfg.latencyDeliveries()) {
                    out.printf(Locale.ROOT, "latency on %s, checkpoint %d ms, %s (load %.2f) ...%n", smallest.label(),
                            interval, AlertDelivery.name(delivery), JobRuns.loadAverage());
                    latency.add(LatencyBench.run(smallest, interval, delivery, cfg.latencyRate(), cfg.parallelism(),
                            cfg.out(), cfg.latencyWatermarks(), out));
                }
            }
        }
        BenchReport report = new BenchReport(runs, latency, states);
        String text = report.text();
        out.println();
        out.print(text);
        Files.writeString(cfg.out().resolve("bench-results.txt"), text, StandardCharsets.UTF_8);
        return report;
    }

    /**
     * A replay with checkpoints, run again at half the interval while no checkpoint completed
     * within it: a small world's replay can end before its first checkpoint, and the checkpoint a
     * bounded job takes at its end is deleted with the job.
     */
    private StateResult measureState(BenchMode mode, WorldInfo w) throws Exception {
        long interval = cfg.kafkaCheckpointMillis();
        for (int attempt = 1; ; attempt++) {
            StateResult s = ReplayBench.run(w, mode, cfg, interval, progress());
            if (s.breakdown() != null || attempt == STATE_ATTEMPTS || interval <= MIN_STATE_INTERVAL_MS) {
                return s;
            }
            out.printf(Locale.ROOT, "  no checkpoint completed within the %.1f s run at %d ms; again at %d ms%n",
                    s.measurement().seconds(), interval, interval / 2);
            interval /= 2;
        }
    }

    private ProgressReporter progress() {
        return new ProgressReporter(out, PROGRESS_MILLIS);
    }

    private Measurement measure(BenchMode mode, WorldInfo w) throws Exception {
        return switch (mode) {
            case FLOOR -> FloorBench.run(w, cfg.parallelism());
            case REPLAY, REPLAY_ROCKSDB -> {
                StateResult s = ReplayBench.run(w, mode, cfg, 0, progress());
                out.print(TaskCpu.table(s.cpuByTask(), TASK_CPU_ROWS));
                yield s.measurement();
            }
            case KAFKA, KAFKA_ROCKSDB -> {
                StateResult s = KafkaBench.run(w, mode, cfg.parallelism(), cfg.kafkaCheckpointMillis(), cfg.out(), out);
                out.print(TaskCpu.table(s.cpuByTask(), TASK_CPU_ROWS));
                yield s.measurement();
            }
            case STATE, STATE_ROCKSDB, LATENCY -> throw new IllegalArgumentException(mode.cliName()
                    + " is measured separately");
        };
    }

    /**
     * The world of that size, seed and campaign setting (0: its own count), simulated now unless
     * {@code --out} already holds it.
     */
    WorldInfo world(int subscribers, long seed, int campaigns) throws IOException {
        Path dir = cfg.out().resolve(worldDirName(subscribers, cfg.days(), seed, campaigns));
        Path description = dir.resolve(WORLD_FILE);
        if (Files.isRegularFile(description)) {
            WorldInfo w = read(description, dir);
            out.printf(Locale.ROOT, "World %s reused from %s: %,d CDR rows, %d campaigns%n",
                    w.label(), dir, w.cdrRows(), w.campaigns());
            return w;
        }
        long t0 = System.nanoTime();
        WorldConfig wc = WorldConfig.defaults().withSeed(seed).withSize(subscribers, cfg.days()).withCampaigns(campaigns);
        WorldSummary s = WorldSimulator.write(wc, dir);
        WorldInfo w = new WorldInfo(subscribers, cfg.days(), seed, s.cdrRows(), s.complaints(), s.campaigns(),
                s.campaignEvents(), dir, campaigns);
        write(w, description);
        out.printf(Locale.ROOT, "World %s simulated in %.1f s: %s%n", w.label(), (System.nanoTime() - t0) / 1e9, s);
        return w;
    }

    /** Worlds with their own campaign count keep the directory names earlier runs left in {@code --out}. */
    static String worldDirName(int subscribers, int days, long seed, int campaigns) {
        String base = String.format(Locale.ROOT, "world-%d-%dd-s%d", subscribers, days, seed);
        return campaigns == WorldConfig.AUTOMATIC_CAMPAIGNS ? base : base + "-c" + campaigns;
    }

    static void write(WorldInfo w, Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("subscribers", Integer.toString(w.subscribers()));
        p.setProperty("days", Integer.toString(w.days()));
        p.setProperty("seed", Long.toString(w.seed()));
        p.setProperty("cdr-rows", Long.toString(w.cdrRows()));
        p.setProperty("complaints", Long.toString(w.complaints()));
        p.setProperty("campaigns", Integer.toString(w.campaigns()));
        p.setProperty("campaign-events", Long.toString(w.campaignEvents()));
        p.setProperty("campaign-setting", Integer.toString(w.campaignSetting()));
        try (Writer wr = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(wr, "world simulated by leaktrace bench");
        }
    }

    static WorldInfo read(Path file, Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new WorldInfo(Integer.parseInt(p.getProperty("subscribers")), Integer.parseInt(p.getProperty("days")),
                Long.parseLong(p.getProperty("seed")), Long.parseLong(p.getProperty("cdr-rows")),
                Long.parseLong(p.getProperty("complaints")), Integer.parseInt(p.getProperty("campaigns")),
                Long.parseLong(p.getProperty("campaign-events")), dir,
                Integer.parseInt(p.getProperty("campaign-setting", "0")));
    }
}
