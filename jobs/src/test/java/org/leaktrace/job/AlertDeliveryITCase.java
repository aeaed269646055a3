package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.job.LineageRecorder.countById;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.kafka.EmbeddedKafka;
import org.leaktrace.kafka.SingleObjectCodec;
import org.leaktrace.kafka.TopicFeeder;
import org.leaktrace.kafka.TopicReader;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;
import org.leaktrace.sim.WorldSummary;

/**
 * The two ways of writing the alert topics, on a running (unbounded) job whose first checkpoint
 * is ten minutes away: at-least-once alerts are readable by a read_committed consumer as soon as
 * they are raised; exactly-once alerts sit in the open transaction until a checkpoint commits it.
 *
 * <p>Flink starts periodic checkpoints after a random delay between the minimum pause and the
 * interval, so both are set to ten minutes: no checkpoint can complete while the test reads. A
 * third job, bounded, fails once mid-stream: at least once, nothing it sent is lost.
 */
class AlertDeliveryITCase {
    private static final Duration NO_CHECKPOINT = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static Path worldDir;
    static WorldSummary world;

    @BeforeAll
    static void startBrokerAndSimulate() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), Map.of());
        worldDir = dir.resolve("world");
        world = WorldSimulator.write(WorldConfig.defaults().withSeed(11).withSize(5_000, 14), worldDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void atLeastOnceAlertsAreReadableBeforeAnyCheckpoint() throws Exception {
        StreamingConfig cfg = config("alo.", "at-least-once");
        JobClient job = start(cfg);
        try {
            awaitUntil(() -> !readCommitted(cfg, cfg.topics().callerAlerts(), CallerAlert.class).isEmpty()
                    && !readCommitted(cfg, cfg.topics().suspicions(), LeakSuspicion.class).isEmpty());
            List<CallerAlert> callerAlerts = readCommitted(cfg, cfg.topics().callerAlerts(), CallerAlert.class);
            List<LeakSuspicion> suspicions = readCommitted(cfg, cfg.topics().suspicions(), LeakSuspicion.class);
            assertEquals(0, completedCheckpoints(cfg), "no checkpoint completed while the alerts were read");
            assertTrue(!callerAlerts.isEmpty(), "caller alerts readable read_committed before any checkpoint");
            assertTrue(!suspicions.isEmpty(), "suspicions readable read_committed before any checkpoint");
            System.err.println("at-least-once: " + callerAlerts.size() + " caller alerts and " + suspicions.size()
                    + " suspicions readable with no checkpoint taken");
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void exactlyOnceAlertsWaitForTheCheckpointThatCommitsThem() throws Exception {
        StreamingConfig cfg = config("eo.", "exactly-once");
        JobClient job = start(cfg);
        try {
            awaitUntil(() -> endOffset(cfg, cfg.topics().suspicions(), "read_uncommitted") > 0);
            assertTrue(endOffset(cfg, cfg.topics().suspicions(), "read_uncommitted") > 0,
                    "suspicions were written into the open transaction");
            assertEquals(0, completedCheckpoints(cfg), "no checkpoint completed");
            assertEquals(0, endOffset(cfg, cfg.topics().suspicions(), "read_committed"),
                    "no suspicion is readable read_committed before its checkpoint");
            assertEquals(0, endOffset(cfg, cfg.topics().callerAlerts(), "read_committed"),
                    "no caller alert is readable read_committed before its checkpoint");
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    /**
     * A bounded job at least once that fails mid-stream and restarts from its last checkpoint:
     * every alert the restarted job's checkpointed lineage says was sent is in the topics, none
     * lost; alerts raised between that checkpoint and the failure may be there twice.
     */
    @Test
    void atLeastOnceAFailureMidStreamLosesNoAlert() throws Exception {
        List<String> recorders = List.of("alo-caller-alerts", "alo-suspicions");
        Properties p = BoundedJobProperties.of(kafka.bootstrapServers());
        p.setProperty("alerts.delivery", "at-least-once");
        StreamingConfig cfg = feed(p, "alo-failover.");
        Configuration restartOnce = new Configuration();
        restartOnce.setString("restart-strategy.type", "fixed-delay");
        restartOnce.setString("restart-strategy.fixed-delay.attempts", "1");
        restartOnce.setString("restart-strategy.fixed-delay.delay", "1 s");
        StreamingJob.Taps taps = new StreamingJob.Taps(
                calls -> calls.map(new FailOnce<CallRecord>(world.cdrRows() / 4, recorders)).returns(CallRecord.class)
                        .name("fail-once"),
                alerts -> alerts.map(new LineageRecorder<>(recorders.get(0), CallerAlert::getAlertId))
                        .returns(CallerAlert.class).name("record-caller-alerts"),
                suspicions -> suspicions.map(new LineageRecorder<>(recorders.get(1), LeakSuspicion::getSuspicionId))
                        .returns(LeakSuspicion.class).name("record-suspicions"));

        StreamingJob.run(cfg, ProgressReporter.silent(), taps, restartOnce);

        assertTrue(FailOnce.failed(recorders), "the injected failure happened");
        assertTrue(!LineageRecorder.RESTORED.getOrDefault(recorders.get(0), List.of()).isEmpty(),
                "the job restarted from a checkpoint");
        Map<String, Long> sentCallerAlerts = countById(LineageRecorder.lineage(recorders.get(0)));
        Map<String, Long> sentSuspicions = countById(LineageRecorder.lineage(recorders.get(1)));
        assertTrue(!sentCallerAlerts.isEmpty() && !sentSuspicions.isEmpty(), "alerts were sent");
        Map<String, Long> inCallerAlerts = countById(readCommitted(cfg, cfg.topics().callerAlerts(), CallerAlert.class)
                .stream().map(CallerAlert::getAlertId).toList());
        Map<String, Long> inSuspicions = countById(readCommitted(cfg, cfg.topics().suspicions(), LeakSuspicion.class)
                .stream().map(LeakSuspicion::getSuspicionId).toList());
        assertEquals(Map.of(), missing(sentCallerAlerts, inCallerAlerts), "caller alerts sent but not in the topic");
        assertEquals(Map.of(), missing(sentSuspicions, inSuspicions), "suspicion updates sent but not in the topic");
        System.err.println("at-least-once failover: " + total(sentCallerAlerts) + " caller alerts and "
                + total(sentSuspicions) + " suspicion updates sent, all in the topics; the topics hold "
                + (total(inCallerAlerts) - total(sentCallerAlerts)) + " and "
                + (total(inSuspicions) - total(sentSuspicions)) + " repeats");
    }

    /** For each id, how many of its sends are not in the topic. */
    private static Map<String, Long> missing(Map<String, Long> sent, Map<String, Long> inTopic) {
        Map<String, Long> out = new TreeMap<>();
        sent.forEach((id, n) -> {
            long short_ = n - inTopic.getOrDefault(id, 0L);
            if (short_ > 0) {
                out.put(id, short_);
            }
        });
        return out;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A check of the topics that can fail on a broker hiccup, as a test step can. */
    private interface Probe {
        boolean holds() throws Exception;
    }

    /** Polls {@code probe} every half second until it holds or {@link #WAIT} has passed. */
    private static void awaitUntil(Probe probe) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!probe.holds() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }

    /** A live job's settings with its own topics and the given {@code alerts.delivery}. */
    private static StreamingConfig config(String prefix, String delivery) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("checkpoint.interval", NO_CHECKPOINT.toMinutes() + " min");
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints-" + prefix));
        p.setProperty("checkpoint.dir", checkpoints.toUri().toString());
        p.setProperty("parallelism", "2");
        p.setProperty("alerts.delivery", delivery);
        return feed(p, prefix);
    }

    /** The settings {@code p} with topics under {@code prefix}, created and fed with the world. */
    private static StreamingConfig feed(Properties p, String prefix) throws Exception {
        StreamingConfig.putNamespace(p, prefix);
        StreamingConfig cfg = StreamingConfig.fromProperties(p);
        StreamingJob.createTopics(cfg, 2);
        try (TopicFeeder feeder = new TopicFeeder(cfg.kafkaProperties(), 0, System.err)) {
            feeder.organizations(worldDir.resolve(WorldSimulator.ORGANIZATIONS), cfg.topics().organizations(), "CN");
            feeder.calls(worldDir.resolve(WorldSimulator.CDR), cfg.topics().cdr(), "CN");
            feeder.complaints(worldDir.resolve(WorldSimulator.COMPLAINTS), cfg.topics().complaints(), "CN");
        }
        return cfg;
    }

    private static JobClient start(StreamingConfig cfg) throws Exception {
        Configuration conf = StreamingJob.flinkConfiguration(cfg);
        conf.setString("restart-strategy.type", "none");
        conf.setString("execution.checkpointing.min-pause", NO_CHECKPOINT.toMinutes() + " min");
        StreamExecutionEnvironment env = Environments.create(cfg.parallelism(), conf);
        StreamingJob.build(env, cfg);
        return env.executeAsync("alert-delivery-" + cfg.alertDelivery());
    }

    private static <T extends org.apache.avro.specific.SpecificRecordBase> List<T> readCommitted(
            StreamingConfig cfg, String topic, Class<T> type) throws Exception {
        return TopicReader.readCommitted(cfg.kafkaProperties(), topic, SingleObjectCodec.of(type),
                Duration.ofSeconds(30));
    }

    /** The end offset of a one-partition topic as a consumer with {@code isolation} sees it. */
    private static long endOffset(StreamingConfig cfg, String topic, String isolation) {
        Properties props = cfg.kafkaProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        }
    }

    /** Completed checkpoints in the job's checkpoint directory (a {@code chk-N} with its metadata). */
    private static long completedCheckpoints(StreamingConfig cfg) throws Exception {
        try (Stream<Path> files = Files.walk(Path.of(java.net.URI.create(cfg.checkpointDir())))) {
            return files.filter(f -> f.getFileName().toString().equals("_metadata")).count();
        }
    }
}
