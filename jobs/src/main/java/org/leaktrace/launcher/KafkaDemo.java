package org.leaktrace.launcher;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.leaktrace.job.ProgressReporter;
import org.leaktrace.job.RunSummary;
import org.leaktrace.job.StreamingConfig;
import org.leaktrace.job.StreamingJob;
import org.leaktrace.kafka.EmbeddedKafka;
import org.leaktrace.kafka.SingleObjectCodec;
import org.leaktrace.kafka.TopicFeeder;
import org.leaktrace.kafka.TopicReader;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.sim.WorldSimulator;
import org.leaktrace.sink.AlertJson;

/**
 * The demo's Kafka mode: the simulated world goes into topics, through the streaming job
 * (bounded, exactly-once sinks) and back out of the alert topics into {@code alerts.jsonl}, which
 * is scored like the file demo's.
 *
 * <p>{@code embedded} starts a single-node KRaft broker in this JVM (data in a temporary
 * directory, deleted afterwards); any other value is the {@code bootstrap.servers} of an existing
 * cluster, where the demo creates topics under a fresh prefix so that runs never mix.
 */
final class KafkaDemo {
    static final String EMBEDDED = "embedded";
    /** The {@code --kafka} value that bypasses Kafka: the replay job reads the files. */
    static final String OFF = "off";
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private KafkaDemo() {}

    /**
     * Streams the world in {@code worldDir} through Kafka and writes the alerts and dead letters
     * read back from the topics as JSON lines.
     */
    static RunSummary run(String kafka, Path worldDir, Path alerts, Path deadLetters, int parallelism,
            ZoneId zone, String keyFile, String elasticsearch, PrintStream out) throws Exception {
        Path logDir = null;
        EmbeddedKafka broker = null;
        try {
            String bootstrap = kafka;
            String topicPrefix = "leaktrace-demo-" + System.currentTimeMillis() + ".";
            if (kafka.equals(EMBEDDED)) {
                logDir = Files.createTempDirectory("leaktrace-kafka");
                long t0 = System.nanoTime();
                broker = EmbeddedKafka.start(logDir, Map.of());
                bootstrap = broker.bootstrapServers();
                topicPrefix = "leaktrace.";
                out.printf(Locale.ROOT, "Kafka broker (KRaft, in-process) on %s in %.1fs, data in %s%n",
                        bootstrap, (System.nanoTime() - t0) / 1e9, logDir);
            }
            // Checkpoints of a default world outgrow the JobManager's in-memory storage: keep them on disk.
            String checkpoints = alerts.toAbsolutePath().resolveSibling("checkpoints").toUri().toString();
            StreamingConfig cfg = config(bootstrap, topicPrefix, parallelism, zone, keyFile, elasticsearch, checkpoints);
            StreamingJob.createTopics(cfg, parallelism);
            feed(cfg, worldDir, out);

            out.println("Streaming the topics through the pipeline (embedded Flink MiniCluster, exactly-once sinks):");
            RunSummary run = StreamingJob.run(cfg, new ProgressReporter(out, 3_000));
            long lines = readBack(cfg, alerts, deadLetters);
            out.printf(Locale.ROOT, "Read %d committed alerts back from %s and %s%n",
                    lines, cfg.topics().callerAlerts(), cfg.topics().suspicions());
            return run;
        } finally {
            if (broker != null) {
                broker.close();
            }
            // The broker deletes its directory on close; this is for a broker that never started.
            if (logDir != null && Files.exists(logDir)) {
                deleteRecursively(logDir);
            }
        }
    }

    /** A bounded streaming configuration for the demo's topics: checkpoints (and commits) every 10 s. */
    static StreamingConfig config(String bootstrap, String topicPrefix, int parallelism, ZoneId zone,
            String keyFile, String elasticsearch, String checkpointDir) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        StreamingConfig.putNamespace(p, topicPrefix);
        // Alerts are read back only at the end; each checkpoint copies all state (heap backend).
        p.setProperty("checkpoint.interval", "10 s");
        p.setProperty("transaction.timeout", "2 min");
        p.setProperty("parallelism", Integer.toString(parallelism));
        p.setProperty("bounded", "true");
        p.setProperty("region", "CN");
        p.setProperty("zone", zone.getId());
        if (keyFile != null) {
            p.setProperty("pseudonym.key-file", keyFile);
        }
        if (elasticsearch != null) {
            p.setProperty("elasticsearch.url", elasticsearch);
        }
        if (checkpointDir != null) {
            p.setProperty("checkpoint.dir", checkpointDir);
        }
        return StreamingConfig.fromProperties(p);
    }

    private static void feed(StreamingConfig cfg, Path worldDir, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        StreamingConfig.Topics t = cfg.topics();
        try (TopicFeeder feeder = new TopicFeeder(cfg.kafkaProperties(), 0, System.err)) {
            TopicFeeder.Fed orgs = feeder.organizations(worldDir.resolve(WorldSimulator.ORGANIZATIONS),
                    t.organizations(), cfg.region());
            TopicFeeder.Fed calls = feeder.calls(worldDir.resolve(WorldSimulator.CDR), t.cdr(), cfg.region());
            TopicFeeder.Fed complaints = feeder.complaints(worldDir.resolve(WorldSimulator.COMPLAINTS),
                    t.complaints(), cfg.region());
            out.printf(Locale.ROOT, "Produced in %.1fs: %,d organizations, %,d calls, %,d complaints"
                            + " (%,d unreadable rows skipped)%n",
                    (System.nanoTime() - t0) / 1e9, orgs.sent(), calls.sent(), complaints.sent(),
                    orgs.badRows() + calls.badRows() + complaints.badRows());
        }
    }

    /** Writes the committed alerts (suspicions, then caller alerts) and dead letters as JSON lines. */
    private static long readBack(StreamingConfig cfg, Path alerts, Path deadLetters) throws Exception {
        Properties props = cfg.kafkaProperties();
        StreamingConfig.Topics t = cfg.topics();
        List<LeakSuspicion> suspicions =
                TopicReader.readCommitted(props, t.suspicions(), SingleObjectCodec.of(LeakSuspicion.class), READ_TIMEOUT);
        List<CallerAlert> callerAlerts =
                TopicReader.readCommitted(props, t.callerAlerts(), SingleObjectCodec.of(CallerAlert.class), READ_TIMEOUT);
        List<DeadLetter> dead =
                TopicReader.readCommitted(props, t.deadLetters(), SingleObjectCodec.of(DeadLetter.class), READ_TIMEOUT);
        try (BufferedWriter w = Files.newBufferedWriter(alerts, StandardCharsets.UTF_8)) {
            for (LeakSuspicion s : suspicions) {
                w.write(AlertJson.suspicion(s, cfg.zone()));
                w.newLine();
            }
            for (CallerAlert a : callerAlerts) {
                w.write(AlertJson.callerAlert(a, cfg.zone()));
                w.newLine();
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(deadLetters, StandardCharsets.UTF_8)) {
            for (DeadLetter d : dead) {
                w.write(AlertJson.deadLetter(d));
                w.newLine();
            }
        }
        return suspicions.size() + callerAlerts.size();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
