package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.job.LineageRecorder.countById;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.kafka.EmbeddedKafka;
import org.leaktrace.kafka.SingleObjectCodec;
import org.leaktrace.kafka.TopicFeeder;
import org.leaktrace.kafka.TopicReader;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;
import org.leaktrace.sim.WorldSummary;
import org.leaktrace.sink.AlertJson;
import org.leaktrace.sink.DeadLetterPseudonyms;

/**
 * A simulated world fed through a real Kafka broker (KRaft, in-process, on localhost) and the
 * streaming job on a MiniCluster, in bounded mode so the job ends at the offsets it found.
 */
class StreamingJobITCase {
    private static final Pattern NUMBER = Pattern.compile("\\+\\d{6,20}");
    private static final byte[] MALFORMED = "r-x,VOICE,13800000001,13900000002,not avro".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static StreamingConfig cfg;
    static WorldSummary world;
    static RunSummary run;
    static RecordMetadata malformed;

    @BeforeAll
    static void streamASimulatedWorld() throws Exception {
        // Retention checked every second (default: 5 min after 30 s): alerts must survive it.
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), Map.of(
                "log.retention.check.interval.ms", "1000", "log.initial.task.delay.ms", "0"));
        Properties p = BoundedJobProperties.of(kafka.bootstrapServers());
        cfg = StreamingConfig.fromProperties(p);
        StreamingJob.createTopics(cfg, 2);

        Path worldDir = dir.resolve("world");
        world = WorldSimulator.write(WorldConfig.defaults().withSeed(11).withSize(5_000, 14), worldDir);
        try (TopicFeeder feeder = new TopicFeeder(cfg.kafkaProperties(), 0, System.err)) {
            feeder.organizations(worldDir.resolve(WorldSimulator.ORGANIZATIONS), cfg.topics().organizations(), "CN");
            feeder.calls(worldDir.resolve(WorldSimulator.CDR), cfg.topics().cdr(), "CN");
            feeder.complaints(worldDir.resolve(WorldSimulator.COMPLAINTS), cfg.topics().complaints(), "CN");
        }
        malformed = sendMalformed(cfg);
        sendLateCall(cfg);

        run = StreamingJob.run(cfg, ProgressReporter.silent());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyMessageIsReadOrDeadLettered() {
        assertEquals(world.cdrRows() + world.complaints() + 1, run.recordsRead(), "the world and one late call");
        assertEquals(1, run.deadLetters());
    }

    @Test
    void aCallFromBeforeTheWatermarkIsCountedLate() {
        // The world's own disorder (5 min) is within the bound (10 min): only the extra call is late.
        assertEquals(1, run.lateRecords());
        assertTrue(run.line().contains("late records: 1"), run.line());
    }

    @Test
    void malformedMessageBecomesADeadLetterWithItsNumbersAsPseudonyms() throws Exception {
        List<DeadLetter> dead = readCommitted(cfg.topics().deadLetters(), DeadLetter.class);
        assertEquals(1, dead.size());
        DeadLetter d = dead.get(0);
        assertEquals(cfg.topics().cdr(), d.getSource());
        assertEquals(malformed.partition(), d.getPartition());
        assertEquals(malformed.offset(), d.getOffset());
        assertTrue(d.getReason().startsWith("not Avro single-object encoded"), d.getReason());
        // A CSV row on the Avro topic: its numbers are a subscriber's, so they leave as pseudonyms
        // (this run's key is random), and the bytes stay in the input topic at that offset.
        String pseudonym = DeadLetterPseudonyms.PREFIX + "[0-9a-f]{64}";
        assertTrue(d.getRaw().matches("r-x,VOICE," + pseudonym + "," + pseudonym + ",not avro"), d.getRaw());
        assertNull(d.getRawBytes());
    }

    @Test
    void everyAlertCountedIsCommittedExactlyOnce() throws Exception {
        List<CallerAlert> callerAlerts = readCommitted(cfg.topics().callerAlerts(), CallerAlert.class);
        List<LeakSuspicion> suspicions = readCommitted(cfg.topics().suspicions(), LeakSuspicion.class);
        System.err.println("committed caller alerts " + callerAlerts.size() + ", suspicions " + suspicions.size()
                + "; counted " + run.alertsWritten() + " alerts, " + run.suspicionLines() + " suspicion lines");
        assertTrue(callerAlerts.size() > 0, "a world with campaigns yields caller alerts");
        assertTrue(suspicions.size() > 0, "the replay of this world yields suspicions, so must the stream");
        assertEquals(run.suspicionLines(), suspicions.size(), "suspicions committed vs counted");
        assertEquals(run.alertsWritten() - run.suspicionLines(), callerAlerts.size(), "caller alerts committed vs counted");
        assertEquals(Map.of(new TopicPartition(cfg.topics().callerAlerts(), 0), 0L,
                        new TopicPartition(cfg.topics().suspicions(), 0), 0L),
                logStartOffsets(cfg.topics().callerAlerts(), cfg.topics().suspicions()),
                "retention deleted no alert");
    }

    @Test
    void noVictimNumberAppearsInClear() throws Exception {
        List<String> lines = new ArrayList<>();
        Set<String> allowed = new HashSet<>();
        for (CallerAlert a : readCommitted(cfg.topics().callerAlerts(), CallerAlert.class)) {
            allowed.add(a.getCaller());
            lines.add(AlertJson.callerAlert(a, cfg.zone()));
        }
        for (LeakSuspicion s : readCommitted(cfg.topics().suspicions(), LeakSuspicion.class)) {
            allowed.addAll(s.getCallers());
            if (s.getSourceNumber() != null) {
                allowed.add(s.getSourceNumber());
            }
            lines.add(AlertJson.suspicion(s, cfg.zone()));
        }
        List<String> leaked = new ArrayList<>();
        for (String line : lines) {
            Matcher m = NUMBER.matcher(line);
            while (m.find()) {
                if (!allowed.contains(m.group())) {
                    leaked.add(m.group());
                }
            }
        }
        assertEquals(List.of(), leaked, "numbers in clear that are neither callers nor sources");
    }

    /**
     * The same input through a second job that fails once mid-stream and restarts from its last
     * checkpoint: what the alert topics hold (read_committed) is exactly what the restarted job's
     * checkpointed lineage says was sent to the sinks, every id as often, none lost, none twice.
     */
    @Test
    void aFailureMidStreamNeitherLosesNorDuplicatesAlerts() throws Exception {
        Properties p = BoundedJobProperties.of(kafka.bootstrapServers());
        p.setProperty("group.id", "leaktrace-failover");
        p.setProperty("transactional-id.prefix", "leaktrace-failover");
        p.setProperty("topic.caller-alerts", "failover.caller-alerts");
        p.setProperty("topic.suspicions", "failover.suspicions");
        p.setProperty("topic.dead-letters", "failover.dead-letters");
        StreamingConfig failover = StreamingConfig.fromProperties(p);
        try (Admin admin = Admin.create(failover.kafkaProperties())) {
            admin.createTopics(List.of(new NewTopic("failover.caller-alerts", 1, (short) 1),
                    new NewTopic("failover.suspicions", 1, (short) 1),
                    new NewTopic("failover.dead-letters", 1, (short) 1))).all().get();
        }
        Configuration restartOnce = new Configuration();
        restartOnce.setString("restart-strategy.type", "fixed-delay");
        restartOnce.setString("restart-strategy.fixed-delay.attempts", "1");
        restartOnce.setString("restart-strategy.fixed-delay.delay", "1 s");
        StreamingJob.Taps taps = new StreamingJob.Taps(
                calls -> calls.map(new FailOnce<CallRecord>(world.cdrRows() / 4, List.of("caller-alerts", "suspicions")))
                        .returns(CallRecord.class)
                        .name("fail-once"),
                alerts -> alerts.map(new LineageRecorder<>("caller-alerts", CallerAlert::getAlertId))
                        .returns(CallerAlert.class).name("record-caller-alerts"),
                suspicions -> suspicions.map(new LineageRecorder<>("suspicions", LeakSuspicion::getSuspicionId))
                        .returns(LeakSuspicion.class).name("record-suspicions"));

        StreamingJob.run(failover, ProgressReporter.silent(), taps, restartOnce);

        assertTrue(FailOnce.failed(List.of("caller-alerts", "suspicions")), "the injected failure happened");
        assertTrue(!LineageRecorder.RESTORED.getOrDefault("caller-alerts", List.of()).isEmpty(),
                "the job restarted from a checkpoint");
        long kept = LineageRecorder.RESTORED_IDS.get("caller-alerts").get()
                + LineageRecorder.RESTORED_IDS.get("suspicions").get();
        assertTrue(kept > 0, "alerts were committed before the failure");
        Map<String, Long> sentCallerAlerts = countById(LineageRecorder.lineage("caller-alerts"));
        Map<String, Long> sentSuspicions = countById(LineageRecorder.lineage("suspicions"));
        assertTrue(!sentCallerAlerts.isEmpty() && !sentSuspicions.isEmpty(), "alerts were sent");
        assertEquals(sentCallerAlerts, countById(readCommitted("failover.caller-alerts", CallerAlert.class)
                .stream().map(CallerAlert::getAlertId).collect(Collectors.toList())));
        assertEquals(sentSuspicions, countById(readCommitted("failover.suspicions", LeakSuspicion.class)
                .stream().map(LeakSuspicion::getSuspicionId).collect(Collectors.toList())));
        System.err.println("failover: restored from checkpoints " + LineageRecorder.RESTORED
                + " holding " + kept + " alerts sent before the failure"
                + ", committed " + sentCallerAlerts.values().stream().mapToLong(Long::longValue).sum()
                + " caller alerts and " + sentSuspicions.values().stream().mapToLong(Long::longValue).sum()
                + " suspicion updates, each exactly as sent");
    }

    /** A valid call of a world caller, a day before the world starts, sent after the world: late. */
    private static void sendLateCall(StreamingConfig cfg) throws Exception {
        CallRecord call = CallRecord.newBuilder()
                .setRecordId("late-1").setType(CallType.VOICE)
                .setCaller("+8613800000001").setCallee("+8613900000002")
                .setStartTime(WorldConfig.DEFAULT_START.minusDays(1).atStartOfDay(WorldConfig.DEFAULT_ZONE).toInstant())
                .setDurationS(12).setAnswered(true).setCallerImei(null).setCellId(null)
                .build();
        Properties props = cfg.kafkaProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(cfg.topics().cdr(), call.getCaller().getBytes(StandardCharsets.UTF_8),
                    SingleObjectCodec.of(CallRecord.class).encode(call))).get();
        }
    }

    static Map<TopicPartition, Long> logStartOffsets(String... topics) {
        Properties props = cfg.kafkaProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : topics) {
                partitions.add(new TopicPartition(t, 0));
            }
            return consumer.beginningOffsets(partitions);
        }
    }

    private static RecordMetadata sendMalformed(StreamingConfig cfg) throws Exception {
        Properties props = cfg.kafkaProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            return producer.send(new ProducerRecord<>(cfg.topics().cdr(), null, MALFORMED)).get();
        }
    }

    /** Every committed message of a topic, decoded; fails on a message that does not decode. */
    static <T extends SpecificRecordBase> List<T> readCommitted(String topic, Class<T> type) throws Exception {
        return TopicReader.readCommitted(cfg.kafkaProperties(), topic, SingleObjectCodec.of(type), Duration.ofMinutes(1));
    }
}
