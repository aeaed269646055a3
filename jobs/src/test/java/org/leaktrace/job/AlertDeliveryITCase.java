package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;

/**
 * The two ways of writing the alert topics, on a running (unbounded) job whose first checkpoint
 * is ten minutes away: at-least-once alerts are readable by a read_committed consumer as soon as
 * they are raised; exactly-once alerts sit in the open transaction until a checkpoint commits it.
 *
 * <p>Flink starts periodic checkpoints after a random delay between the minimum pause and the
 * interval, so both are set to ten minutes: no checkpoint can complete while the test reads.
 */
class AlertDeliveryITCase {
    private static final Duration NO_CHECKPOINT = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static Path worldDir;

    @BeforeAll
    static void startBrokerAndSimulate() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), Map.of());
        worldDir = dir.resolve("world");
        WorldSimulator.write(WorldConfig.defaults().withSeed(11).withSize(5_000, 14), worldDir);
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
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<CallerAlert> callerAlerts = List.of();
            List<LeakSuspicion> suspicions = List.of();
            while ((callerAlerts.isEmpty() || suspicions.isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                callerAlerts = readCommitted(cfg, cfg.topics().callerAlerts(), CallerAlert.class);
                suspicions = readCommitted(cfg, cfg.topics().suspicions(), LeakSuspicion.class);
            }
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
            long deadline = System.nanoTime() + WAIT.toNanos();
            long written = 0;
            while (written == 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                written = endOffset(cfg, cfg.topics().suspicions(), "read_uncommitted");
            }
            assertTrue(written > 0, "suspicions were written into the open transaction");
            assertEquals(0, completedCheckpoints(cfg), "no checkpoint completed");
            assertEquals(0, endOffset(cfg, cfg.topics().suspicions(), "read_committed"),
                    "no suspicion is readable read_committed before its checkpoint");
            assertEquals(0, endOffset(cfg, cfg.topics().callerAlerts(), "read_committed"),
                    "no caller alert is readable read_committed before its checkpoint");
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    /** A live job's settings with its own topics and the given {@code alerts.delivery}. */
    private static StreamingConfig config(String prefix, String delivery) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        StreamingConfig.putNamespace(p, prefix);
        p.setProperty("checkpoint.interval", NO_CHECKPOINT.toMinutes() + " min");
        p.setProperty("checkpoint.dir", Files.createDirectories(dir.resolve("checkpoints-" + prefix)).toUri().toString());
        p.setProperty("parallelism", "2");
        p.setProperty("alerts.delivery", delivery);
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
