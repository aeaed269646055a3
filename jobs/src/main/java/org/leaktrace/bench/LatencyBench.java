package org.leaktrace.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.leaktrace.ingest.CdrRowParser;
import org.leaktrace.ingest.ComplaintRowParser;
import org.leaktrace.job.Environments;
import org.leaktrace.job.ReplayJob;
import org.leaktrace.job.StreamingConfig;
import org.leaktrace.job.StreamingJob;
import org.leaktrace.kafka.CsvRecords;
import org.leaktrace.kafka.EmbeddedKafka;
import org.leaktrace.kafka.SingleObjectCodec;
import org.leaktrace.kafka.TopicFeeder;
import org.leaktrace.kafka.UndecodableException;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.sim.WorldSimulator;

/**
 * Ingest-to-alert latency of the exactly-once streaming job.
 *
 * <p>The job runs first (unbounded); once its first checkpoint completes (every task is up), the
 * world's calls and complaints, in event-time order, are produced at a fixed rate while a
 * read_committed consumer follows the alert topics. An alert names the event time of the record
 * that raised it; latency is the moment the consumer saw the alert minus the moment the first
 * record with that event time was handed to the producer. Exactly-once alerts are visible only
 * when the checkpoint after them commits, so latency includes up to one checkpoint interval.
 *
 * <p>Heap per subscriber: heap in use after full collections once every record is read (state
 * loaded), minus the same before the job started. The broker, the records to send and the
 * consumer are in the heap both times, so they cancel; Flink's own task objects do not, so this
 * overstates state a little.
 */
final class LatencyBench {
    private static final Duration CATCH_UP = Duration.ofMinutes(3);

    private LatencyBench() {}

    /** One record to send: its event time and encoded message. */
    record Outgoing(long eventMillis, String topic, byte[] key, byte[] value) {}

    static LatencyResult run(WorldInfo world, long checkpointMillis, double rate, int parallelism, Path workDir,
            PrintStream out) throws Exception {
        Path checkpoints = KafkaBench.freshDir(workDir.resolve("checkpoints-latency-" + checkpointMillis));
        Path logDir = Files.createTempDirectory("leaktrace-bench-kafka");
        try (EmbeddedKafka broker = EmbeddedKafka.start(logDir, Map.of())) {
            StreamingConfig cfg = KafkaBench.config(broker.bootstrapServers(), parallelism, checkpointMillis,
                    "hashmap", checkpoints.toUri().toString(), false);
            StreamingJob.createTopics(cfg, parallelism);
            try (TopicFeeder feeder = new TopicFeeder(cfg.kafkaProperties(), 0, System.err)) {
                feeder.organizations(world.dir().resolve(WorldSimulator.ORGANIZATIONS), cfg.topics().organizations(),
                        cfg.region());
            }
            List<Outgoing> records = load(world.dir(), cfg);
            Map<Long, Integer> firstByEventTime = new HashMap<>();
            for (int i = 0; i < records.size(); i++) {
                firstByEventTime.putIfAbsent(records.get(i).eventMillis(), i);
            }
            long[] sentAt = new long[records.size()];
            long heapBefore = JobRuns.heapUsedAfterGc();

            StreamExecutionEnvironment env = Environments.create(parallelism, StreamingJob.flinkConfiguration(cfg));
            StreamingJob.build(env, cfg);
            JobClient client = env.executeAsync("leaktrace-bench-latency");
            AlertWatcher watcher = null;
            try (CheckpointSizer sizer = CheckpointSizer.watch(checkpoints, 100)) {
                awaitFirstCheckpoint(sizer, client);
                watcher = AlertWatcher.start(cfg);
                send(cfg, records, rate, sentAt);
                awaitRead(client, records.size());
                // The last alerts commit with the next checkpoint; give it a few.
                Thread.sleep(Math.max(3_000, 3 * checkpointMillis));
                long heapAfter = JobRuns.heapUsedAfterGc();
                watcher.stop();
                client.cancel().get(1, TimeUnit.MINUTES);
                sizer.close();
                long[] samples = latencies(watcher.seen(), firstByEventTime, sentAt);
                out.printf(Locale.ROOT, "  latency run: checkpoint %d ms, %,d records at %.0f/s, %,d alerts seen,"
                        + " %,d matched%n", checkpointMillis, records.size(), rate, watcher.seen().size(), samples.length);
                return new LatencyResult(world, checkpointMillis, rate, records.size(), watcher.seen().size(),
                        samples.length, Percentiles.of(samples), sizer.largestBytes(),
                        Math.max(0, heapAfter - heapBefore));
            } finally {
                if (watcher != null) {
                    watcher.stop();
                }
                if (!client.getJobStatus().get().isGloballyTerminalState()) {
                    client.cancel().get(1, TimeUnit.MINUTES);
                }
            }
        } finally {
            KafkaBench.deleteRecursively(logDir);
        }
    }

    /** Latency samples in ms: for each alert whose event time names a sent record. */
    static long[] latencies(List<long[]> seen, Map<Long, Integer> firstByEventTime, long[] sentAt) {
        long[] samples = new long[seen.size()];
        int n = 0;
        for (long[] alert : seen) {
            Integer i = firstByEventTime.get(alert[0]);
            if (i != null && sentAt[i] > 0) {
                samples[n++] = alert[1] - sentAt[i];
            }
        }
        return java.util.Arrays.copyOf(samples, n);
    }

    /** The world's calls and complaints, parsed, encoded and sorted by event time. */
    static List<Outgoing> load(Path worldDir, StreamingConfig cfg) throws Exception {
        List<Outgoing> out = new ArrayList<>();
        SingleObjectCodec<CallRecord> calls = SingleObjectCodec.of(CallRecord.class);
        SingleObjectCodec<Complaint> complaints = SingleObjectCodec.of(Complaint.class);
        CsvRecords.read(worldDir.resolve(WorldSimulator.CDR), new CdrRowParser(cfg.region()),
                c -> out.add(new Outgoing(c.getStartTime().toEpochMilli(), cfg.topics().cdr(),
                        c.getCaller().getBytes(StandardCharsets.UTF_8), calls.encode(c))),
                bad -> { });
        CsvRecords.read(worldDir.resolve(WorldSimulator.COMPLAINTS), new ComplaintRowParser(cfg.region()),
                c -> out.add(new Outgoing(c.getReportedAt().toEpochMilli(), cfg.topics().complaints(),
                        c.getReportedNumber().getBytes(StandardCharsets.UTF_8), complaints.encode(c))),
                bad -> { });
        out.sort(Comparator.comparingLong(Outgoing::eventMillis));
        return out;
    }

    /** Sends every record at {@code rate}/s, noting when each was handed to the producer. */
    static void send(StreamingConfig cfg, List<Outgoing> records, double rate, long[] sentAt) {
        Properties props = cfg.kafkaProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            long start = System.nanoTime();
            for (int i = 0; i < records.size(); i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    sleep(wait / 1_000_000);
                }
                Outgoing o = records.get(i);
                sentAt[i] = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(o.topic(), null, sentAt[i], o.key(), o.value()));
            }
            producer.flush();
        }
    }

    private static void awaitFirstCheckpoint(CheckpointSizer sizer, JobClient client) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (sizer.largestBytes() < 0) {
            if (System.nanoTime() > deadline || client.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the streaming job completed no checkpoint within " + CATCH_UP);
            }
            sleep(100);
        }
    }

    private static void awaitRead(JobClient client, long expected) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (true) {
            Object v = client.getAccumulators().get(1, TimeUnit.MINUTES).get(ReplayJob.RECORDS_READ);
            long read = v instanceof Number n ? n.longValue() : 0;
            if (read >= expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job read " + read + " of " + expected + " records within "
                        + CATCH_UP);
            }
            sleep(250);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Follows the alert topics read_committed and notes (event time, wall-clock ms seen) of each alert. */
    static final class AlertWatcher implements Runnable {
        private final Properties props;
        private final StreamingConfig.Topics topics;
        private final List<long[]> seen = new ArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile RuntimeException failure;

        private AlertWatcher(StreamingConfig cfg) {
            this.props = cfg.kafkaProperties();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            this.topics = cfg.topics();
            this.thread = new Thread(this, "alert-watcher");
            this.thread.setDaemon(true);
        }

        static AlertWatcher start(StreamingConfig cfg) {
            AlertWatcher w = new AlertWatcher(cfg);
            w.thread.start();
            return w;
        }

        @Override
        public void run() {
            SingleObjectCodec<CallerAlert> callerAlerts = SingleObjectCodec.of(CallerAlert.class);
            SingleObjectCodec<LeakSuspicion> suspicions = SingleObjectCodec.of(LeakSuspicion.class);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> parts = List.of(new TopicPartition(topics.callerAlerts(), 0),
                        new TopicPartition(topics.suspicions(), 0));
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> m : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.currentTimeMillis();
                        long eventTime = m.topic().equals(topics.callerAlerts())
                                ? callerAlerts.decode(m.value()).getEventTime().toEpochMilli()
                                : suspicions.decode(m.value()).getEventTime().toEpochMilli();
                        synchronized (seen) {
                            seen.add(new long[] {eventTime, now});
                        }
                    }
                }
            } catch (UndecodableException | RuntimeException e) {
                failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
            if (failure != null) {
                throw new IllegalStateException("alert watcher failed: " + failure.getMessage(), failure);
            }
        }

        List<long[]> seen() {
            synchronized (seen) {
                return List.copyOf(seen);
            }
        }
    }
}
