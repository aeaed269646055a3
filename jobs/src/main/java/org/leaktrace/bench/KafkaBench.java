package org.leaktrace.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.leaktrace.job.AlertDelivery;
import org.leaktrace.job.Environments;
import org.leaktrace.job.ReplayJob;
import org.leaktrace.job.StreamingConfig;
import org.leaktrace.job.StreamingJob;
import org.leaktrace.kafka.EmbeddedKafka;
import org.leaktrace.kafka.TopicFeeder;
import org.leaktrace.sim.WorldSimulator;

/**
 * Throughput of the exactly-once streaming job on an in-process Kafka broker.
 *
 * <p>The world is produced into the input topics first (timed separately), then the bounded job
 * consumes them to the end offsets found at start: the time is the job's alone. The broker runs
 * in the same JVM and on the same cores as the job, as in {@code demo --kafka embedded}, so its
 * work (fetches, transaction commits at each checkpoint) is counted against the job.
 */
final class KafkaBench {
    static final String TOPIC_PREFIX = "bench.";

    private KafkaBench() {}

    /** The run's measurement, with the CPU each task (and the broker's threads) spent, as a replay's. */
    static StateResult run(WorldInfo world, BenchMode mode, int parallelism, long checkpointMillis, Path workDir,
            PrintStream out) throws Exception {
        String backend = mode == BenchMode.KAFKA_ROCKSDB ? "rocksdb" : "hashmap";
        Path checkpoints = freshDir(workDir.resolve("checkpoints-" + mode.cliName()));
        Path logDir = Files.createTempDirectory("leaktrace-bench-kafka");
        try (EmbeddedKafka broker = EmbeddedKafka.start(logDir, Map.of())) {
            StreamingConfig cfg = config(broker.bootstrapServers(), parallelism, checkpointMillis, backend,
                    checkpoints.toUri().toString(), true);
            StreamingJob.createTopics(cfg, parallelism);
            feed(cfg, world.dir(), out);
            double load = JobRuns.loadAverage();
            StreamExecutionEnvironment env =
                    Environments.create(parallelism, StreamingJob.flinkConfiguration(cfg));
            StreamingJob.build(env, cfg);
            JobExecutionResult r;
            long stateBytes;
            double cpu = JobRuns.processCpuSeconds();
            Map<String, Double> cpuByTask;
            try (TaskCpu tasks = TaskCpu.watch(ReplayBench.TASK_CPU_PERIOD_MS);
                    CheckpointSizer sizer = CheckpointSizer.watch(checkpoints, 200)) {
                r = env.execute("leaktrace-bench-" + mode.cliName());
                sizer.close();
                stateBytes = sizer.largestBytes();
                tasks.close();
                cpuByTask = tasks.secondsByTask();
            }
            cpu = JobRuns.cpuSince(cpu);
            Measurement m = new Measurement(mode, world, JobRuns.count(r, ReplayJob.RECORDS_READ), JobRuns.seconds(r),
                    Runtime.getRuntime().availableProcessors(), JobRuns.count(r, ReplayJob.ALERTS_WRITTEN),
                    stateBytes, load, cpu);
            return new StateResult(m, null, List.of(), cpuByTask);
        } finally {
            deleteRecursively(logDir);
        }
    }

    /** A streaming configuration for the bench's topics on {@code bootstrap}. */
    static StreamingConfig config(String bootstrap, int parallelism, long checkpointMillis, String backend,
            String checkpointDir, boolean bounded) {
        return config(bootstrap, parallelism, checkpointMillis, backend, checkpointDir, bounded,
                DeliveryGuarantee.EXACTLY_ONCE);
    }

    /** Like the above, with the alert topics written as {@code delivery} says. */
    static StreamingConfig config(String bootstrap, int parallelism, long checkpointMillis, String backend,
            String checkpointDir, boolean bounded, DeliveryGuarantee delivery) {
        Properties p = new Properties();
        p.setProperty("alerts.delivery", AlertDelivery.name(delivery));
        p.setProperty("bootstrap.servers", bootstrap);
        StreamingConfig.putNamespace(p, TOPIC_PREFIX);
        p.setProperty("checkpoint.interval", checkpointMillis + " ms");
        p.setProperty("transaction.timeout", "2 min");
        p.setProperty("parallelism", Integer.toString(parallelism));
        p.setProperty("bounded", Boolean.toString(bounded));
        p.setProperty("state.backend", backend);
        p.setProperty("checkpoint.dir", checkpointDir);
        return StreamingConfig.fromProperties(p);
    }

    /** Produces organizations, calls and complaints, as fast as the broker takes them. */
    static void feed(StreamingConfig cfg, Path worldDir, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        StreamingConfig.Topics t = cfg.topics();
        try (TopicFeeder feeder = new TopicFeeder(cfg.kafkaProperties(), 0, System.err)) {
            feeder.organizations(worldDir.resolve(WorldSimulator.ORGANIZATIONS), t.organizations(), cfg.region());
            TopicFeeder.Fed calls = feeder.calls(worldDir.resolve(WorldSimulator.CDR), t.cdr(), cfg.region());
            TopicFeeder.Fed complaints =
                    feeder.complaints(worldDir.resolve(WorldSimulator.COMPLAINTS), t.complaints(), cfg.region());
            double s = (System.nanoTime() - t0) / 1e9;
            long sent = calls.sent() + complaints.sent();
            out.printf(Locale.ROOT, "  produced %,d records in %.1f s (%,.0f/s: CSV parse + Avro encode + send)%n",
                    sent, s, sent / s);
        }
    }

    static Path freshDir(Path dir) throws IOException {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        return dir;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
