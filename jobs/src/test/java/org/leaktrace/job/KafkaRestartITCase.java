package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.job.LineageRecorder.countById;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.kafka.KafkaBrokerProcess;
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
 * The Kafka broker (a separate process) is stopped mid-stream and started again 10 s later while
 * the streaming job reads a simulated world: the job recovers (its own restarts from the last
 * checkpoint, resuming from the offsets that checkpoint committed), every call is processed
 * exactly once (checkpointed lineage of call ids), and the alert topics hold exactly what was
 * sent, every id as often. Prints the time from the broker's return to the next committed offset.
 */
class KafkaRestartITCase {
    private static final Duration DOWN = Duration.ofSeconds(10);
    /** The calls are slowed so the run lasts about this long and the restart falls mid-stream. */
    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    @Test
    void brokerRestartMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("broker"))) {
            Properties p = BoundedJobProperties.of(broker.bootstrapServers());
            p.setProperty("checkpoint.dir", dir.resolve("checkpoints").toUri().toString());
            p.setProperty("group.id", "leaktrace-restart");
            p.setProperty("transactional-id.prefix", "leaktrace-restart");
            StreamingConfig cfg = StreamingConfig.fromProperties(p);
            StreamingJob.createTopics(cfg, 2);
            Path worldDir = dir.resolve("world");
            WorldSummary world = WorldSimulator.write(WorldConfig.defaults().withSeed(5).withSize(3_000, 10), worldDir);
            try (TopicFeeder feeder = new TopicFeeder(cfg.kafkaProperties(), 0, System.err)) {
                feeder.organizations(worldDir.resolve(WorldSimulator.ORGANIZATIONS), cfg.topics().organizations(), "CN");
                feeder.calls(worldDir.resolve(WorldSimulator.CDR), cfg.topics().cdr(), "CN");
                feeder.complaints(worldDir.resolve(WorldSimulator.COMPLAINTS), cfg.topics().complaints(), "CN");
            }

            Configuration restarts = new Configuration();
            restarts.setString("restart-strategy.type", "fixed-delay");
            restarts.setString("restart-strategy.fixed-delay.attempts", "50");
            restarts.setString("restart-strategy.fixed-delay.delay", "2 s");
            long nanosPerCall = RUN.toNanos() / Math.max(1, world.cdrRows() / 2);
            StreamingJob.Taps taps = new StreamingJob.Taps(
                    calls -> calls.map(new Throttle<CallRecord>(nanosPerCall)).returns(CallRecord.class).name("throttle")
                            .map(new LineageRecorder<>("restart-calls", CallRecord::getRecordId))
                            .returns(CallRecord.class).name("record-calls"),
                    alerts -> alerts.map(new LineageRecorder<>("restart-caller-alerts", CallerAlert::getAlertId))
                            .returns(CallerAlert.class).name("record-caller-alerts"),
                    suspicions -> suspicions.map(new LineageRecorder<>("restart-suspicions",
                            LeakSuspicion::getSuspicionId)).returns(LeakSuspicion.class).name("record-suspicions"));
            CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return StreamingJob.run(cfg, ProgressReporter.silent(), taps, restarts);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            long before = waitForCommitted(cfg, world.cdrRows() / 5, Duration.ofMinutes(5));
            broker.stop();
            long stoppedAt = System.nanoTime();
            Thread.sleep(DOWN.toMillis());
            broker.startAgain();
            long upAt = System.nanoTime();
            long after = waitForCommitted(cfg, before + 1, Duration.ofMinutes(10));
            double recovery = (System.nanoTime() - upAt) / 1e9;
            run.get(20, TimeUnit.MINUTES);

            List<String> calls = LineageRecorder.lineage("restart-calls");
            assertEquals(world.cdrRows(), new HashSet<>(calls).size(), "every call processed");
            assertEquals(world.cdrRows(), calls.size(), "no call processed twice");
            Map<String, Long> sentAlerts = countById(LineageRecorder.lineage("restart-caller-alerts"));
            Map<String, Long> sentSuspicions = countById(LineageRecorder.lineage("restart-suspicions"));
            Map<String, Long> committedAlerts = countById(read(cfg, cfg.topics().callerAlerts(), CallerAlert.class)
                    .stream().map(CallerAlert::getAlertId).toList());
            Map<String, Long> committedSuspicions = countById(read(cfg, cfg.topics().suspicions(), LeakSuspicion.class)
                    .stream().map(LeakSuspicion::getSuspicionId).toList());
            assertTrue(!sentAlerts.isEmpty(), "alerts were sent");
            assertEquals(sentAlerts, committedAlerts, "caller alerts committed exactly as sent");
            assertEquals(sentSuspicions, committedSuspicions, "suspicion updates committed exactly as sent");
            System.err.printf("kafka-restart: %d calls, broker down %.1f s after %d of them were committed;"
                            + " offsets committed again %.1f s after it returned (%d then); job restarts from"
                            + " checkpoints %s; %d caller alerts and %d suspicion updates committed, 0 lost, 0 twice%n",
                    world.cdrRows(), (upAt - stoppedAt) / 1e9, before, recovery, after,
                    LineageRecorder.RESTORED.getOrDefault("restart-calls", List.of()),
                    sum(committedAlerts), sum(committedSuspicions));
        }
    }

    /** Offsets of the cdr topic the job's group has committed (at completed checkpoints). */
    private static long waitForCommitted(StreamingConfig cfg, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long committed = 0;
            try (Admin admin = Admin.create(cfg.kafkaProperties())) {
                Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin
                        .listConsumerGroupOffsets(cfg.groupId()).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                for (var e : offsets.entrySet()) {
                    if (e.getKey().topic().equals(cfg.topics().cdr()) && e.getValue() != null) {
                        committed += e.getValue().offset();
                    }
                }
            } catch (Exception e) {
                // The broker may still be coming back.
            }
            if (committed >= atLeast) {
                return committed;
            }
            assertTrue(System.nanoTime() < deadline, "committed cdr offsets stayed below " + atLeast);
            Thread.sleep(500);
        }
    }

    private static <T extends SpecificRecordBase> List<T> read(StreamingConfig cfg, String topic, Class<T> type)
            throws Exception {
        return TopicReader.readCommitted(cfg.kafkaProperties(), topic, SingleObjectCodec.of(type), Duration.ofMinutes(2));
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Slows each record down, so that a fault can be injected while the job is mid-stream. */
    static final class Throttle<T> implements MapFunction<T, T> {
        private static final long serialVersionUID = 1L;
        private final long nanos;

        Throttle(long nanos) {
            this.nanos = nanos;
        }

        @Override
        public T map(T value) {
            LockSupport.parkNanos(nanos);
            return value;
        }
    }
}
