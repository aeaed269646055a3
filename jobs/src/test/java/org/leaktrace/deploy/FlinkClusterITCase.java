package org.leaktrace.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.job.StreamingConfig;
import org.leaktrace.kafka.SingleObjectCodec;
import org.leaktrace.kafka.TopicFeeder;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;

/**
 * The slim job jar on a real Flink session cluster (JobManager and TaskManager processes) over
 * a real Kafka broker: a TaskManager is killed mid-stream and replaced, then the job is stopped
 * with a savepoint and started again from it, as an upgrade to the next build would be.
 *
 * <p>The simulated world is fed in three slices of its call records and complaints: the first
 * before the failure, the second while the job recovers, the third after the savepoint restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkClusterITCase {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String GROUP = "leaktrace-cluster-it";

    @TempDir
    static Path dir;

    static KafkaClusterTestKit kafka;
    static StreamingConfig cfg;
    static Path properties;
    static List<Path[]> slices;
    static FlinkSessionCluster cluster;
    static Process firstTaskManager;
    static RestClusterClient<StandaloneClusterId> client;
    static JobID job;

    @BeforeAll
    static void startKafkaAndCluster() throws Exception {
        kafka = startBroker(dir.resolve("kafka"));
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("group.id", GROUP);
        p.setProperty("checkpoint.interval", "2 s");
        p.setProperty("parallelism", "2");
        p.setProperty("transaction.timeout", "2 min");
        p.setProperty("transactional-id.prefix", "leaktrace-cluster-it");
        p.setProperty("checkpoint.dir", Path.of("target", "flink-cluster-it", "checkpoints").toAbsolutePath().toUri().toString());
        Path keyFile = Files.writeString(dir.resolve("pseudonym.key"), "cluster-it-pseudonym-key");
        p.setProperty("pseudonym.key-file", keyFile.toString());
        properties = dir.resolve("leaktrace-streaming.properties");
        try (var out = Files.newBufferedWriter(properties)) {
            p.store(out, "FlinkClusterITCase");
        }
        cfg = StreamingConfig.load(properties);
        createTopics();

        Path world = dir.resolve("world");
        WorldSimulator.write(WorldConfig.defaults().withSeed(11).withSize(5_000, 14), world);
        try (TopicFeeder feeder = new TopicFeeder(cfg.kafkaProperties(), 0, System.err)) {
            feeder.organizations(world.resolve(WorldSimulator.ORGANIZATIONS), cfg.topics().organizations(), "CN");
        }
        List<Path> cdr = split(world.resolve(WorldSimulator.CDR), 3);
        List<Path> complaints = split(world.resolve(WorldSimulator.COMPLAINTS), 3);
        slices = List.of(new Path[] {cdr.get(0), complaints.get(0)}, new Path[] {cdr.get(1), complaints.get(1)},
                new Path[] {cdr.get(2), complaints.get(2)});

        // Under target/, not the temporary directory, so the process logs outlive a failed run.
        Path clusterDir = Path.of("target", "flink-cluster-it").toAbsolutePath();
        deleteRecursively(clusterDir);
        cluster = FlinkSessionCluster.start(clusterDir, Map.of());
        firstTaskManager = cluster.startTaskManager();
        client = cluster.client();
        cluster.awaitTaskManagers(client, 1, Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (client != null && job != null) {
            try {
                client.cancel(job).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Already stopped.
            }
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void recoversFromALostTaskManagerWithoutDuplicateAlerts() throws Exception {
        job = client.submitJob(jobGraph(null)).get(2, TimeUnit.MINUTES);
        awaitStatus(job, JobStatus.RUNNING);
        feed(slices.get(0));
        await("first committed alerts", () -> committedAlerts() > 0);
        long beforeFailure = committedAlerts();

        Process spare = cluster.startTaskManager();
        cluster.awaitTaskManagers(client, 2, Duration.ofMinutes(2));
        // The job's tasks run on the first TaskManager (2 slots = parallelism 2); kill the one
        // that holds them and keep the spare, like a machine lost while the stream goes on.
        cluster.killTaskManager(firstTaskManager);
        feed(slices.get(1));
        cluster.awaitTaskManagers(client, 1, Duration.ofMinutes(1));
        assertTrue(spare.isAlive());

        awaitStatus(job, JobStatus.RUNNING);
        await("all input of slices 1 and 2 consumed and committed", this::inputFullyConsumed);
        await("alerts after recovery", () -> committedAlerts() > beforeFailure);
        // A transaction of the killed TaskManager that nobody aborts holds read_committed readers
        // at its first offset until the broker times it out (transaction.timeout): measure it.
        long recovered = System.nanoTime();
        await("caller alerts visible to read_committed readers",
                () -> !readCommitted(cfg.topics().callerAlerts(), CallerAlert.class, Map.of()).isEmpty());
        System.err.printf("FlinkClusterITCase: caller alerts readable %.1f s after the suspicions; high watermark %d"
                        + " in the caller-alerts topic%n", (System.nanoTime() - recovered) / 1e9,
                endOffsets(cfg.topics().callerAlerts()).values().stream().mapToLong(Long::longValue).sum());

        assertNoDuplicateAlerts(readCommitted(cfg.topics().suspicions(), LeakSuspicion.class, Map.of()),
                readCommitted(cfg.topics().callerAlerts(), CallerAlert.class, Map.of()));
        assertTrue(failuresRecorded(job) >= 1, "the lost TaskManager shows in the job's exception history");
    }

    @Test
    @Order(2)
    void upgradeFromASavepointCarriesTheSuspicionsOn() throws Exception {
        assertNotNull(job, "runs after the recovery test");
        List<LeakSuspicion> before = readCommitted(cfg.topics().suspicions(), LeakSuspicion.class, Map.of());
        Map<String, Integer> lastUpdate = new HashMap<>();
        before.forEach(s -> lastUpdate.merge(s.getSuspicionId(), s.getUpdate(), Math::max));
        Map<TopicPartition, Long> endBefore = endOffsets(cfg.topics().suspicions());

        String savepoint = client.stopWithSavepoint(job, false, null, SavepointFormatType.CANONICAL)
                .get(3, TimeUnit.MINUTES);
        awaitStatus(job, JobStatus.FINISHED);

        // The same jar stands in for the next build: operator uids are what carries state over.
        job = client.submitJob(jobGraph(savepoint)).get(2, TimeUnit.MINUTES);
        awaitStatus(job, JobStatus.RUNNING);
        assertEquals(savepoint, restoredFrom(job), "the upgraded job started from the savepoint");
        feed(slices.get(2));
        await("all input consumed after the upgrade", this::inputFullyConsumed);

        await("suspicions after the upgrade", () ->
                !readCommitted(cfg.topics().suspicions(), LeakSuspicion.class, endBefore).isEmpty());
        List<LeakSuspicion> after = readCommitted(cfg.topics().suspicions(), LeakSuspicion.class, endBefore);
        List<LeakSuspicion> continued = after.stream()
                .filter(s -> lastUpdate.containsKey(s.getSuspicionId())).collect(Collectors.toList());
        assertTrue(!continued.isEmpty(), "no suspicion continued after the upgrade (" + after.size() + " emitted)");
        for (LeakSuspicion s : continued) {
            assertTrue(s.getUpdate() > lastUpdate.get(s.getSuspicionId()),
                    s.getSuspicionId() + " restarted at update " + s.getUpdate() + " after "
                            + lastUpdate.get(s.getSuspicionId()) + ": its state was lost");
        }
        assertNoDuplicateAlerts(readCommitted(cfg.topics().suspicions(), LeakSuspicion.class, Map.of()),
                readCommitted(cfg.topics().callerAlerts(), CallerAlert.class, Map.of()));
        System.err.println("FlinkClusterITCase upgrade: " + before.size() + " suspicion emissions before, " + after.size()
                + " after, of which " + continued.size() + " continue an earlier suspicion");
    }

    /** The job graph of the slim jar's {@code run --config}, as {@code flink run} builds it. */
    private static JobGraph jobGraph(String savepoint) throws Exception {
        Path jar = RepoFiles.path("jobs/target/leaktrace-job.jar");
        assertTrue(Files.isRegularFile(jar), jar + " missing: run mvn package first");
        Configuration conf = cluster.clientConfiguration();
        // The client runs main in this JVM, whose classpath already holds the jar's dependencies:
        // parent-first keeps one copy of each (the cluster loads the jar child-first as usual).
        conf.set(org.apache.flink.configuration.CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
        PackagedProgram program = PackagedProgram.newBuilder()
                .setJarFile(jar.toFile())
                .setEntryPointClassName("org.leaktrace.launcher.Launcher")
                .setArguments("run", "--config", properties.toString())
                .setConfiguration(conf)
                // What `flink run -s <savepoint>` sets; unclaimed state must fail the restore.
                .setSavepointRestoreSettings(savepoint == null ? SavepointRestoreSettings.none()
                        : SavepointRestoreSettings.forPath(savepoint, false))
                .build();
        JobGraph graph = PackagedProgramUtils.createJobGraph(program, conf, 2, false);
        // An endless job leaves the restart strategy to the cluster (whose config.yaml the client
        // reads, as `flink run` does): recovery depends on it, and fail-fast would end the job.
        assertEquals("fixed-delay", graph.getJobConfiguration().getString("restart-strategy.type", null),
                "the job must follow the cluster's restart strategy");
        return graph;
    }

    private void feed(Path[] slice) throws IOException {
        try (TopicFeeder feeder = new TopicFeeder(cfg.kafkaProperties(), 0, System.err)) {
            feeder.calls(slice[0], cfg.topics().cdr(), "CN");
            feeder.complaints(slice[1], cfg.topics().complaints(), "CN");
        }
    }

    /** The group's committed offsets (committed with each checkpoint) reached the inputs' ends. */
    private boolean inputFullyConsumed() {
        try (Admin admin = Admin.create(cfg.kafkaProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
            for (String topic : List.of(cfg.topics().cdr(), cfg.topics().complaints())) {
                for (Map.Entry<TopicPartition, Long> end : endOffsets(topic).entrySet()) {
                    OffsetAndMetadata c = committed.get(end.getKey());
                    if (end.getValue() > 0 && (c == null || c.offset() < end.getValue())) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static long committedAlerts() {
        return readCommitted(cfg.topics().suspicions(), LeakSuspicion.class, Map.of()).size()
                + readCommitted(cfg.topics().callerAlerts(), CallerAlert.class, Map.of()).size();
    }

    /**
     * Exactly once: no suspicion update reaches a read_committed reader twice. Each emission of a
     * suspicion has its own (suspicion_id, update), so a repeat can only be a duplicate. Caller
     * alerts carry no such number, and the pipeline re-emits identical caller alerts even without
     * failures (the demo's alerts.jsonl has some), so they only have to be there.
     */
    private static void assertNoDuplicateAlerts(List<LeakSuspicion> suspicions, List<CallerAlert> callerAlerts) {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (LeakSuspicion s : suspicions) {
            String key = s.getSuspicionId() + "#" + s.getUpdate();
            if (!seen.add(key)) {
                duplicates.add(key);
            }
        }
        assertEquals(List.of(), duplicates, "suspicion updates committed twice");
        assertTrue(!suspicions.isEmpty() && !callerAlerts.isEmpty(),
                suspicions.size() + " suspicions, " + callerAlerts.size() + " caller alerts");
    }

    /** The external path of the savepoint or checkpoint the job was started from, or null. */
    private static String restoredFrom(JobID id) throws Exception {
        var params = new org.apache.flink.runtime.rest.messages.JobMessageParameters();
        params.jobPathParameter.resolve(id);
        var stats = client.sendRequest(org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders
                        .getInstance(), params, org.apache.flink.runtime.rest.messages.EmptyRequestBody.getInstance())
                .get(30, TimeUnit.SECONDS);
        var restored = stats.getLatestCheckpoints().getRestoredCheckpointStatistics();
        return restored == null ? null : restored.getExternalPath();
    }

    /** Failures in the job's exception history: each one was followed by a restart or the end. */
    private static int failuresRecorded(JobID id) throws Exception {
        var params = new org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters();
        params.jobPathParameter.resolve(id);
        var info = client.sendRequest(org.apache.flink.runtime.rest.messages.JobExceptionsHeaders.getInstance(),
                params, org.apache.flink.runtime.rest.messages.EmptyRequestBody.getInstance()).get(30, TimeUnit.SECONDS);
        return info.getExceptionHistory().getEntries().size();
    }

    private static void awaitStatus(JobID id, JobStatus status) throws Exception {
        await("job " + id + " " + status, () -> {
            try {
                return client.getJobStatus(id).get(30, TimeUnit.SECONDS) == status;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            cluster.assertAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + "; cluster logs in " + cluster.logDir());
            }
            Thread.sleep(1000);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Splits a CSV file into {@code parts} files of consecutive rows, each with the header. */
    private static List<Path> split(Path csv, int parts) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String header = lines.get(0);
        List<String> rows = lines.subList(1, lines.size());
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            List<String> part = new ArrayList<>();
            part.add(header);
            part.addAll(rows.subList(rows.size() * i / parts, rows.size() * (i + 1) / parts));
            Path file = csv.resolveSibling(csv.getFileName() + "." + (i + 1) + ".csv");
            Files.write(file, part, StandardCharsets.UTF_8);
            out.add(file);
        }
        return out;
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (Admin admin = Admin.create(cfg.kafkaProperties())) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Committed messages of a topic from the given offsets (default: the beginning), decoded. */
    private static <T extends SpecificRecordBase> List<T> readCommitted(String topic, Class<T> type,
            Map<TopicPartition, Long> from) {
        Properties props = cfg.kafkaProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        SingleObjectCodec<T> codec = SingleObjectCodec.of(type);
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, from.getOrDefault(tp, 0L));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> m : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        out.add(codec.decode(m.value()));
                    } catch (org.leaktrace.kafka.UndecodableException e) {
                        throw new AssertionError(topic + "@" + m.offset() + ": " + e.reason());
                    }
                }
            }
        }
        return out;
    }

    private static void createTopics() throws Exception {
        try (Admin admin = Admin.create(cfg.kafkaProperties())) {
            StreamingConfig.Topics t = cfg.topics();
            admin.createTopics(List.of(
                    new NewTopic(t.cdr(), 2, (short) 1),
                    new NewTopic(t.complaints(), 2, (short) 1),
                    new NewTopic(t.organizations(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    // Not compacted: the test counts every emission.
                    new NewTopic(t.callerAlerts(), 1, (short) 1),
                    new NewTopic(t.suspicions(), 1, (short) 1),
                    new NewTopic(t.deadLetters(), 1, (short) 1))).all().get();
        }
    }

    private static KafkaClusterTestKit startBroker(Path logDir) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(logDir)
                .build();
        KafkaClusterTestKit broker = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        broker.format();
        broker.startup();
        broker.waitForReadyBrokers();
        return broker;
    }
}
