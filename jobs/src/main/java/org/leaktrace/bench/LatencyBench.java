package org.leaktrace.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
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
import org.leaktrace.job.AlertDelivery;
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
 * Ingest-to-alert latency of the streaming job, its alerts written exactly once or at least once.
 *
 * <p>The job runs first (unbounded); once its first checkpoint completes (every task is up), the
 * world's calls and complaints, in event-time order, are produced at a fixed rate while a
 * read_committed consumer follows the alert topics. An alert names the event time of the record
 * that raised it; latency is the moment the consumer saw the alert minus the moment the first
 * record with that event time was handed to the producer. Exactly-once alerts are visible only
 * when the checkpoint after them commits, so latency includes up to one checkpoint interval;
 * at-least-once alerts are visible once the sink's producer has sent them.
 *
 * <p>Each alert's latency is also split at the moment the sink wrote it (the message's
 * CreateTime; into the open transaction when exactly-once): pipeline (ingest, event-time waits,
 * detection) and commit (the checkpoint that makes it visible), by alert kind and by whether its event time is
 * a call's or a complaint's; one line per alert goes to {@code latency-alerts-<interval>ms-<delivery>.csv}
 * with the event time of the newest record sent when it was written, so an alert carrying an
 * older event time than the record that raised it would stand out. With watermark sampling on,
 * every task's input watermark is reported as wall-clock lag behind the records sent, and
 * Flink's checkpoint statistics are printed ({@link WatermarkProbe}).
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

    static LatencyResult run(WorldInfo world, long checkpointMillis, DeliveryGuarantee delivery, double rate,
            int parallelism, Path workDir, boolean probeWatermarks, PrintStream out) throws Exception {
        String runName = checkpointMillis + "ms-" + AlertDelivery.name(delivery);
        Path checkpoints = KafkaBench.freshDir(workDir.resolve("checkpoints-latency-" + runName));
        Path logDir = Files.createTempDirectory("leaktrace-bench-kafka");
        try (EmbeddedKafka broker = EmbeddedKafka.start(logDir, Map.of())) {
            StreamingConfig cfg = KafkaBench.config(broker.bootstrapServers(), parallelism, checkpointMillis,
                    "hashmap", checkpoints.toUri().toString(), false, delivery);
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

            Configuration flinkConf = StreamingJob.flinkConfiguration(cfg);
            int restPort = probeWatermarks ? freePort() : -1;
            if (probeWatermarks) {
                flinkConf.setString("rest.port", Integer.toString(restPort));
                flinkConf.setString("rest.bind-port", Integer.toString(restPort));
                flinkConf.setString("metrics.fetcher.update-interval", "100 ms");
            }
            StreamExecutionEnvironment env = Environments.create(parallelism, flinkConf);
            StreamingJob.build(env, cfg);
            JobClient client = env.executeAsync("leaktrace-bench-latency");
            AlertWatcher watcher = null;
            WatermarkProbe probe = null;
            try (CheckpointSizer sizer = CheckpointSizer.watch(checkpoints, 100)) {
                awaitFirstCheckpoint(sizer, client);
                watcher = AlertWatcher.start(cfg);
                if (probeWatermarks) {
                    probe = WatermarkProbe.start(restPort, client.getJobID(),
                            records.stream().mapToLong(Outgoing::eventMillis).toArray(), sentAt, 250);
                }
                send(cfg, records, rate, sentAt);
                if (probe != null) {
                    probe.close();
                }
                awaitRead(client, records.size());
                // The last alerts commit with the next checkpoint; give it a few.
                Thread.sleep(Math.max(3_000, 3 * checkpointMillis));
                long heapAfter = JobRuns.heapUsedAfterGc();
                watcher.stop();
                // Before the cancel: the MiniCluster (and its REST API) shuts down with the job.
                StringWriter checkpointStats = new StringWriter();
                if (probe != null) {
                    probe.checkpoints(new PrintWriter(checkpointStats));
                }
                client.cancel().get(1, TimeUnit.MINUTES);
                sizer.close();
                List<AlertTrace> seen = watcher.seen();
                long[] samples = latencies(seen, firstByEventTime, sentAt);
                out.printf(Locale.ROOT, "  latency run: checkpoint %d ms, %s, %,d records at %.0f/s, %,d alerts seen,"
                        + " %,d matched%n", checkpointMillis, AlertDelivery.name(delivery), records.size(), rate,
                        seen.size(), samples.length);
                breakdown(seen, records, firstByEventTime, sentAt, out,
                        workDir.resolve("latency-alerts-" + runName + ".csv"));
                if (probe != null) {
                    out.print(checkpointStats);
                    probe.summarize(out, workDir.resolve("latency-watermarks-" + runName + ".csv"));
                }
                return new LatencyResult(world, checkpointMillis, delivery, rate, records.size(),
                        watcher.seen().size(), samples.length, Percentiles.of(samples), sizer.largestBytes(),
                        Math.max(0, heapAfter - heapBefore));
            } finally {
                if (watcher != null) {
                    watcher.stop();
                }
                if (probe != null) {
                    probe.close();
                }
                cancelIfRunning(client);
            }
        } finally {
            KafkaBench.deleteRecursively(logDir);
        }
    }

    /** Latency samples in ms: for each alert whose event time names a sent record. */
    static long[] latencies(List<AlertTrace> seen, Map<Long, Integer> firstByEventTime, long[] sentAt) {
        long[] samples = new long[seen.size()];
        int n = 0;
        for (AlertTrace alert : seen) {
            Integer i = firstByEventTime.get(alert.eventMillis());
            if (i != null && sentAt[i] > 0) {
                samples[n++] = alert.seenAt() - sentAt[i];
            }
        }
        return Arrays.copyOf(samples, n);
    }

    /**
     * Splits latency into the pipeline's share (sent to written into the transaction) and the
     * commit's (written to seen read_committed), by alert kind and by the kind of record matched,
     * and writes one line per alert to {@code csv} for closer reading.
     */
    static void breakdown(List<AlertTrace> seen, List<Outgoing> records, Map<Long, Integer> firstByEventTime,
            long[] sentAt, PrintStream out, Path csv) throws java.io.IOException {
        StringBuilder lines = new StringBuilder(
                "kind,label,event_time,matched_topic,sent_at,written_at,seen_at,frontier_event_time\n");
        Map<String, List<long[]>> groups = new TreeMap<>();
        for (AlertTrace a : seen) {
            Integer i = firstByEventTime.get(a.eventMillis());
            if (i == null || sentAt[i] == 0) {
                continue;
            }
            String topic = records.get(i).topic();
            long[] split = {a.writtenAt() - sentAt[i], a.seenAt() - a.writtenAt(), a.seenAt() - sentAt[i]};
            groups.computeIfAbsent("all", k -> new ArrayList<>()).add(split);
            groups.computeIfAbsent(a.kind() + " / " + topic, k -> new ArrayList<>()).add(split);
            int frontier = lastSentBy(sentAt, a.writtenAt());
            lines.append(a.kind()).append(",\"").append(a.label()).append("\",").append(a.eventMillis()).append(',')
                    .append(topic).append(',').append(sentAt[i]).append(',').append(a.writtenAt()).append(',')
                    .append(a.seenAt()).append(',')
                    .append(frontier < 0 ? "" : Long.toString(records.get(frontier).eventMillis())).append('\n');
        }
        Files.writeString(csv, lines, StandardCharsets.UTF_8);
        out.println("  latency split, ms (p50 / p99): pipeline = sent → written by the sink (into the transaction"
                + " when exactly-once), commit = written → seen read_committed");
        groups.forEach((group, splits) -> out.printf(Locale.ROOT,
                "    %-34s n=%4d  pipeline %6d / %6d  commit %6d / %6d  total %6d / %6d%n", group, splits.size(),
                pct(splits, 0, 50), pct(splits, 0, 99), pct(splits, 1, 50), pct(splits, 1, 99),
                pct(splits, 2, 50), pct(splits, 2, 99)));
    }

    private static long pct(List<long[]> splits, int column, double p) {
        return Percentiles.of(splits.stream().mapToLong(s -> s[column]).toArray()).percentile(p);
    }

    /** Index of the last record handed to the producer at or before {@code wallMillis}, or -1. */
    static int lastSentBy(long[] sentAt, long wallMillis) {
        int lo = 0;
        int hi = sentAt.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sentAt[mid] != 0 && sentAt[mid] <= wallMillis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
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

    /** Cancels the job unless it already ended; a per-job MiniCluster is gone once its job is. */
    private static void cancelIfRunning(JobClient client) throws Exception {
        boolean ended;
        try {
            ended = client.getJobStatus().get().isGloballyTerminalState();
        } catch (IllegalStateException | java.util.concurrent.ExecutionException e) {
            ended = true;
        }
        if (!ended) {
            client.cancel().get(1, TimeUnit.MINUTES);
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
        private final List<AlertTrace> seen = new ArrayList<>();
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
                        AlertTrace trace;
                        if (m.topic().equals(topics.callerAlerts())) {
                            CallerAlert a = callerAlerts.decode(m.value());
                            trace = new AlertTrace("caller_alert", String.join(" ", a.getReasons()),
                                    a.getEventTime().toEpochMilli(), m.timestamp(), now);
                        } else {
                            LeakSuspicion s = suspicions.decode(m.value());
                            trace = new AlertTrace("leak_suspicion", "update " + s.getUpdate(),
                                    s.getEventTime().toEpochMilli(), m.timestamp(), now);
                        }
                        synchronized (seen) {
                            seen.add(trace);
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

        List<AlertTrace> seen() {
            synchronized (seen) {
                return List.copyOf(seen);
            }
        }
    }
}
