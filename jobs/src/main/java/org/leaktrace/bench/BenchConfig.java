package org.leaktrace.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.leaktrace.job.AlertDelivery;
import org.leaktrace.launcher.Args;
import org.leaktrace.sim.WorldConfig;

/**
 * Settings of one {@code bench} run, parsed once from the command line.
 *
 * <p>Defaults ({@link #defaults()}) finish in a few minutes on a 2-core machine: two world
 * sizes (10,000 and 20,000 subscribers) of 7 days, long enough for campaigns to start (they begin
 * days after their leak), so the attribution path is measured too.
 *
 * @param subscribers world sizes, each simulated once (default 10000,20000)
 * @param days days of traffic per world (default 7)
 * @param seeds simulation seeds; each seed is another world of each size with its own number of
 *     leaks and campaigns, which is how campaign counts vary (default 1)
 * @param modes what to measure (default floor,replay,replay-rocksdb,kafka,latency)
 * @param out where worlds, alerts and checkpoints go (default {@code leaktrace-bench})
 * @param parallelism operator parallelism (default: the machine's cores)
 * @param latencyRate records/s the latency run produces (default 5000)
 * @param latencyCheckpoints checkpoint intervals in ms the latency run is repeated with (default 1000,250)
 * @param kafkaCheckpointMillis checkpoint interval of the Kafka throughput runs and the state modes
 *     (default 2000, as the demo)
 * @param warmup run the replay (and the Kafka job, when a kafka mode is measured) on the smallest
 *     world, untimed, until its CPU per record settles, before measuring: all runs share one JVM,
 *     and without it the first runs pay for JIT compilation ({@link WarmUp}; default true)
 * @param campaigns campaign counts to simulate each world with ({@code WorldConfig#campaigns}),
 *     so cost can be measured as campaigns grow at a fixed size; empty (default) = each world's
 *     own count
 * @param latencyWatermarks during the latency run, sample every task's input watermark through
 *     the REST API and report how far behind the records sent each runs, in wall-clock ms; a
 *     diagnostic that costs some CPU, so off by default (default false)
 * @param latencyDeliveries how the latency run's job writes its alert topics, each a run per
 *     checkpoint interval ({@code alerts.delivery}; default exactly-once,at-least-once): exactly-once
 *     alerts wait for the checkpoint that commits them, at-least-once ones do not
 * @param managedMemory Flink managed memory of the replay and state modes' local cluster, which
 *     RocksDB takes its block cache and write buffers from; null (default) keeps Flink's local
 *     default of 128 MB, which a world of millions of subscribers outgrows
 */
public record BenchConfig(
        List<Integer> subscribers,
        int days,
        List<Long> seeds,
        List<BenchMode> modes,
        Path out,
        int parallelism,
        double latencyRate,
        List<Long> latencyCheckpoints,
        long kafkaCheckpointMillis,
        boolean warmup,
        List<Integer> campaigns,
        boolean latencyWatermarks,
        List<DeliveryGuarantee> latencyDeliveries,
        MemorySize managedMemory) {

    /** Smallest {@code --managed-memory}: below it RocksDB's write buffers alone would not fit. */
    static final MemorySize MIN_MANAGED_MEMORY = MemorySize.parse("16m");

    /** Alert deliveries the latency run measures unless told otherwise: both. */
    static final List<DeliveryGuarantee> BOTH_DELIVERIES =
            List.of(DeliveryGuarantee.EXACTLY_ONCE, DeliveryGuarantee.AT_LEAST_ONCE);

    public static final Set<String> FLAGS = Set.of("subscribers", "days", "seeds", "modes", "out", "parallelism",
            "latency-rate", "latency-checkpoints", "kafka-checkpoint", "warmup", "campaigns",
            "latency-watermarks", "latency-delivery", "managed-memory");

    public static final String HELP = """
            Usage: leaktrace bench [--subscribers 10000,20000] [--days 7] [--seeds 1]
                                   [--modes floor,replay,replay-rocksdb,kafka,latency] [--out DIR]
                                   [--parallelism N] [--latency-rate 5000] [--latency-checkpoints 1000,250]
                                   [--kafka-checkpoint 2000] [--warmup true|false] [--campaigns 10,40]
                                   [--latency-watermarks true|false]
                                   [--latency-delivery exactly-once,at-least-once]
                                   [--managed-memory 128m]

            Simulates each world once (to --out), then measures on each:
              floor           read + parse + normalize the CSV files, discard the records
              replay          the full replay pipeline, heap state
              replay-rocksdb  the full replay pipeline, RocksDB state
              kafka           the exactly-once streaming job on an embedded Kafka broker, consuming the
                              world produced beforehand (bounded); heap state; checkpoint size measured
              kafka-rocksdb   the same with RocksDB state
              state           the replay with a checkpoint every --kafka-checkpoint ms, heap state:
                              the largest checkpoint's bytes per operator (uid), from its _metadata,
                              every checkpoint's, and the running job's (the last before the end of
                              the input, whose final watermark closes every event-time window)
              state-rocksdb   the same with RocksDB state (LeakTrace's RocksDB settings, incremental)
              latency         (smallest world only) the world produced at --latency-rate records/s into a
                              running streaming job; ingest-to-alert latency p50/p99 read back
                              read_committed, once per --latency-checkpoints interval (ms) and
                              --latency-delivery of the alert topics
            Prints a table (records/s overall and per core, ratio to the floor), state size per
            subscriber, latency, and how time per record grows with subscribers and, with
            --campaigns, with campaigns at a fixed number of subscribers.
              --subscribers        world sizes, comma-separated (>= 1000 each)
              --days               days of traffic per world (default 7; campaigns start after day 1)
              --seeds              simulation seeds, comma-separated: more worlds, other campaign counts
              --campaigns          campaign counts, comma-separated (1..1000 each): every world is simulated
                                   once per count with exactly that many campaigns (simulate --campaigns),
                                   everyday traffic unchanged (default: each world's own count)
              --out                working directory (default leaktrace-bench)
              --parallelism        operator parallelism (default: number of cores)
              --kafka-checkpoint   checkpoint interval (ms) of the kafka and state modes (default 2000)
              --warmup             run the replay (and the Kafka job for kafka modes) on the smallest world,
                                   untimed, until its CPU per record settles (two runs within 10 %, at
                                   most 6), first (default true): every run shares this JVM, and the
                                   first runs would pay for the JIT
              --latency-watermarks sample every task's input watermark in the latency run and print how
                                   far (wall-clock ms) each runs behind the records sent (default false)
              --latency-delivery   how the latency run writes alerts (alerts.delivery), comma-separated:
                                   exactly-once waits for the checkpoint that commits them, at-least-once
                                   sends them when raised (default exactly-once,at-least-once)
              --managed-memory     Flink managed memory of the replay and state modes (RocksDB's block
                                   cache and write buffers, shared by the slots), e.g. 4g (default:
                                   Flink's local default, 128m)
            Rough cost: ~2.4 CDR rows per subscriber and day; the full pipeline does ~15-20k rows/s
            on 2 cores, RocksDB and Kafka less.
            """;

    public BenchConfig {
        subscribers = List.copyOf(subscribers);
        seeds = List.copyOf(seeds);
        modes = List.copyOf(modes);
        latencyCheckpoints = List.copyOf(latencyCheckpoints);
        campaigns = List.copyOf(campaigns);
        latencyDeliveries = List.copyOf(latencyDeliveries);
        if (latencyDeliveries.isEmpty()) {
            throw new IllegalArgumentException("latency deliveries must name exactly-once, at-least-once or both");
        }
        latencyDeliveries.forEach(d -> AlertDelivery.requireOffered(d, "a latency delivery"));
        if (campaigns.stream().anyMatch(c -> c < 1 || c > WorldConfig.MAX_CAMPAIGNS)) {
            throw new IllegalArgumentException("campaigns must be in 1.." + WorldConfig.MAX_CAMPAIGNS + " each");
        }
        if (subscribers.isEmpty() || subscribers.stream().anyMatch(s -> s < 1_000)) {
            throw new IllegalArgumentException("subscribers must be >= 1000 each");
        }
        if (days < 1) {
            throw new IllegalArgumentException("days must be >= 1");
        }
        if (seeds.isEmpty() || modes.isEmpty()) {
            throw new IllegalArgumentException("at least one seed and one mode");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1");
        }
        if (latencyRate <= 0) {
            throw new IllegalArgumentException("latency rate must be > 0");
        }
        if (latencyCheckpoints.isEmpty() || latencyCheckpoints.stream().anyMatch(c -> c < 10)) {
            throw new IllegalArgumentException("latency checkpoint intervals must be >= 10 ms");
        }
        if (kafkaCheckpointMillis < 10) {
            throw new IllegalArgumentException("kafka checkpoint interval must be >= 10 ms");
        }
        if (managedMemory != null && managedMemory.compareTo(MIN_MANAGED_MEMORY) < 0) {
            throw new IllegalArgumentException(
                    "managed memory must be >= " + MIN_MANAGED_MEMORY.toHumanReadableString());
        }
    }

    /** Settings with Flink's local default of managed memory. */
    public BenchConfig(List<Integer> subscribers, int days, List<Long> seeds, List<BenchMode> modes, Path out,
            int parallelism, double latencyRate, List<Long> latencyCheckpoints, long kafkaCheckpointMillis,
            boolean warmup, List<Integer> campaigns, boolean latencyWatermarks,
            List<DeliveryGuarantee> latencyDeliveries) {
        this(subscribers, days, seeds, modes, out, parallelism, latencyRate, latencyCheckpoints, kafkaCheckpointMillis,
                warmup, campaigns, latencyWatermarks, latencyDeliveries, null);
    }

    /** Settings without the latency run's watermark sampling, measuring both alert deliveries. */
    public BenchConfig(List<Integer> subscribers, int days, List<Long> seeds, List<BenchMode> modes, Path out,
            int parallelism, double latencyRate, List<Long> latencyCheckpoints, long kafkaCheckpointMillis,
            boolean warmup, List<Integer> campaigns) {
        this(subscribers, days, seeds, modes, out, parallelism, latencyRate, latencyCheckpoints, kafkaCheckpointMillis,
                warmup, campaigns, false, BOTH_DELIVERIES);
    }

    /** Settings where each world keeps its own campaign count. */
    public BenchConfig(List<Integer> subscribers, int days, List<Long> seeds, List<BenchMode> modes, Path out,
            int parallelism, double latencyRate, List<Long> latencyCheckpoints, long kafkaCheckpointMillis,
            boolean warmup) {
        this(subscribers, days, seeds, modes, out, parallelism, latencyRate, latencyCheckpoints, kafkaCheckpointMillis,
                warmup, List.of());
    }

    /** The campaign settings worlds are simulated with: 0 (the world's own) when none was given. */
    public List<Integer> campaignSettings() {
        return campaigns.isEmpty() ? List.of(WorldConfig.AUTOMATIC_CAMPAIGNS) : campaigns;
    }

    public static BenchConfig defaults() {
        return new BenchConfig(List.of(10_000, 20_000), 7, List.of(1L),
                List.of(BenchMode.FLOOR, BenchMode.REPLAY, BenchMode.REPLAY_ROCKSDB, BenchMode.KAFKA, BenchMode.LATENCY),
                Path.of("leaktrace-bench"), Runtime.getRuntime().availableProcessors(), 5000, List.of(1000L, 250L),
                2000, true);
    }

    /** Parses the flags; missing ones keep their defaults. */
    public static BenchConfig fromArgs(Args args) {
        BenchConfig d = defaults();
        try {
            return new BenchConfig(
                    args.get("subscribers").map(v -> longs(v).stream().map(Long::intValue).toList())
                            .orElse(d.subscribers()),
                    args.getInt("days", d.days()),
                    args.get("seeds").map(BenchConfig::longs).orElse(d.seeds()),
                    args.get("modes").map(BenchConfig::modes).orElse(d.modes()),
                    args.get("out").map(Path::of).orElse(d.out()),
                    args.getInt("parallelism", d.parallelism()),
                    args.get("latency-rate").map(Double::parseDouble).orElse(d.latencyRate()),
                    args.get("latency-checkpoints").map(BenchConfig::longs).orElse(d.latencyCheckpoints()),
                    args.getLong("kafka-checkpoint", d.kafkaCheckpointMillis()),
                    args.get("warmup").map(v -> bool("--warmup", v)).orElse(d.warmup()),
                    args.get("campaigns").map(v -> longs(v).stream().map(Long::intValue).toList())
                            .orElse(d.campaigns()),
                    args.get("latency-watermarks").map(v -> bool("--latency-watermarks", v))
                            .orElse(d.latencyWatermarks()),
                    args.get("latency-delivery").map(BenchConfig::deliveries).orElse(d.latencyDeliveries()),
                    args.get("managed-memory").map(BenchConfig::memory).orElse(d.managedMemory()));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("bench: " + e.getMessage());
        }
    }

    /** Whether any mode needs a world beyond the latency run's. */
    public boolean has(BenchMode mode) {
        return modes.contains(mode);
    }

    static List<Long> longs(String csv) {
        List<Long> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(Long.parseLong(s.strip().replace("_", "")));
            }
        }
        return out;
    }

    static MemorySize memory(String v) {
        try {
            return MemorySize.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--managed-memory takes a size such as 512m or 4g, got '" + v + "'");
        }
    }

    static boolean bool(String flag, String v) {
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(flag + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    static List<DeliveryGuarantee> deliveries(String csv) {
        List<DeliveryGuarantee> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                try {
                    out.add(AlertDelivery.parse(s));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--latency-delivery takes " + e.getMessage());
                }
            }
        }
        return out;
    }

    static List<BenchMode> modes(String csv) {
        List<BenchMode> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(BenchMode.fromCli(s));
            }
        }
        return out;
    }
}
