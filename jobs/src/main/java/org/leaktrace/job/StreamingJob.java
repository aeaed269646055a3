package org.leaktrace.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.leaktrace.ingest.CallRecordSerializer;
import org.leaktrace.ingest.DeadLetters;
import org.leaktrace.ingest.DirectoryLoad;
import org.leaktrace.ingest.LeakTraceWatermarks;
import org.leaktrace.kafka.DecodedWatermarks;
import org.leaktrace.kafka.DecodingDeserializer;
import org.leaktrace.kafka.DirectorySnapshot;
import org.leaktrace.kafka.KeyedAvroSerializer;
import org.leaktrace.kafka.Normalizers;
import org.leaktrace.kafka.RecordNormalizer;
import org.leaktrace.kafka.SingleObjectCodec;
import org.leaktrace.kafka.SplitDecoded;
import org.leaktrace.pipeline.CountingMap;
import org.leaktrace.pipeline.DetectionConfig;
import org.leaktrace.pipeline.LeakTracePipeline;
import org.leaktrace.pipeline.PipelineInputs;
import org.leaktrace.pipeline.PipelineOutputs;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.schema.Organization;
import org.leaktrace.sink.DeadLetterPseudonyms;
import org.leaktrace.sink.Pseudonymizer;
import org.leaktrace.sink.es.ElasticsearchConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection pipeline on Kafka: the same dataflow as {@link ReplayJob}, reading the input
 * topics and writing alerts and dead letters to topics.
 *
 * <p>Alerts are written exactly once by default: the alert sinks write in Kafka transactions
 * committed with each checkpoint, so a read_committed consumer sees every alert once across
 * failures and restarts, and sees it one checkpoint interval late. With {@code
 * alerts.delivery=at-least-once} they are sent as they are raised, visible within the pipeline's
 * own latency, and repeated after a restore (same keys, see {@link StreamingConfig}). Dead letters
 * are written at least once, as they are diagnostics. Inputs are decoded inside the sources, so
 * watermarks are generated per Kafka partition (with idleness), and a message that cannot be
 * read becomes a dead letter rather than failing the job. The directory is read from its compacted topic in the client
 * first, then followed as a stream of updates from the earliest offset. Calls and complaints
 * behind the watermark are counted ({@link LateRecordCounter}) and reported in the summary.
 *
 * <p>Each sink has its own transactional id prefix ({@code transactional-id.prefix} plus the
 * sink's name). Alert messages carry the time they were written, not the event time of their
 * evidence, so the brokers' time-based retention counts from the write (see
 * {@link KeyedAvroSerializer}).
 */
public final class StreamingJob {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);

    /**
     * Checkpoints in a row a bounded run may fail before it fails: a failed checkpoint loses
     * nothing there, as the transactions it would have committed are committed by the next one,
     * at the latest by the final checkpoint at the end of the input.
     */
    static final int BOUNDED_TOLERABLE_CHECKPOINT_FAILURES = 3;

    private StreamingJob() {}

    /**
     * The Flink settings the configuration implies: state backend and checkpoint storage, and for
     * an unbounded run the watermark interval and network buffer timeout of {@link LiveLatency}.
     * Checkpointing itself is enabled by {@link #build}.
     */
    public static Configuration flinkConfiguration(StreamingConfig cfg) {
        // Bounded runs (tests, backfills, the demo) fail fast; an endless job follows the
        // cluster's restart strategy and recovers from its last checkpoint.
        Configuration conf = cfg.bounded() ? Environments.failFast() : new Configuration();
        if (cfg.bounded()) {
            // Without a restart strategy, Flink's default of no tolerated failure ended a bounded
            // run on the first checkpoint whose asynchronous part failed while its sources were
            // finishing (StreamingJobITCase, once in about a dozen clean-clone runs).
            conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, BOUNDED_TOLERABLE_CHECKPOINT_FAILURES);
        } else {
            cfg.latency().applyTo(conf);
        }
        conf.setString("state.backend.type", cfg.stateBackend());
        if (cfg.checkpointDir() != null) {
            conf.setString("execution.checkpointing.storage", "filesystem");
            conf.setString("execution.checkpointing.dir", cfg.checkpointDir());
        }
        return conf;
    }

    /**
     * Adds the streaming job to {@code env} and enables exactly-once checkpointing.
     *
     * <p>Reads the organizations topic to its end first (in this client), so this needs the
     * brokers to be reachable.
     */
    public static void build(StreamExecutionEnvironment env, StreamingConfig cfg) throws IOException {
        build(env, cfg, Taps.NONE);
    }

    /**
     * Where tests splice operators into the job: around the calls before detection (to inject a
     * failure) and around each alert stream just before its sink (to record what is sent).
     */
    record Taps(
            UnaryOperator<DataStream<CallRecord>> calls,
            UnaryOperator<DataStream<CallerAlert>> callerAlerts,
            UnaryOperator<DataStream<LeakSuspicion>> suspicions) {
        static final Taps NONE = new Taps(UnaryOperator.identity(), UnaryOperator.identity(), UnaryOperator.identity());
    }

    static void build(StreamExecutionEnvironment env, StreamingConfig cfg, Taps taps) throws IOException {
        env.enableCheckpointing(cfg.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        List<Schema> writerSchemas = writerSchemas(cfg.writerSchemaFiles());
        String region = cfg.region();

        DecodingDeserializer<Organization> organizations =
                decoder(Organization.class, writerSchemas, Normalizers.organizations(region));
        DirectoryLoad directory = DirectorySnapshot.read(
                cfg.kafkaProperties(), cfg.topics().organizations(), organizations, cfg.directoryTimeout());
        LOG.info("Directory read from {}: {} numbers, {} unreadable messages",
                cfg.topics().organizations(), directory.organizations().size(), directory.deadLetters().size());

        OffsetsInitializer resume = OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        SingleOutputStreamOperator<CallRecord> calls = decodedInput(env, cfg, "cdr", cfg.topics().cdr(),
                decoder(CallRecord.class, writerSchemas, Normalizers.calls(region)), resume,
                LeakTraceWatermarks.calls(cfg.detection().outOfOrderness(), cfg.detection().idleness()),
                CallRecord.class);
        SingleOutputStreamOperator<Complaint> complaints = decodedInput(env, cfg, "complaints",
                cfg.topics().complaints(),
                decoder(Complaint.class, writerSchemas, Normalizers.complaints(region)), resume,
                LeakTraceWatermarks.complaints(cfg.detection().outOfOrderness(), complaintsIdleness(cfg)),
                Complaint.class);
        // From the earliest offset: the whole compacted topic replays into broadcast state, which
        // is idempotent, and later messages update it.
        SingleOutputStreamOperator<Organization> directoryUpdates = decodedInput(env, cfg, "organizations",
                cfg.topics().organizations(), organizations, OffsetsInitializer.earliest(),
                LeakTraceWatermarks.organizations(), Organization.class);

        // One key for the alerts and the dead letters: a run without a configured key draws one.
        Pseudonymizer pseudonymizer = cfg.keys().pseudonymizer();
        DataStream<DeadLetter> deadLetters = calls.getSideOutput(DeadLetters.TAG)
                .union(complaints.getSideOutput(DeadLetters.TAG))
                .map(new DeadLetterPseudonyms(pseudonymizer, region)).returns(DeadLetter.class)
                .name("dead-letter-pseudonyms")
                .union(directoryUpdates.getSideOutput(DeadLetters.TAG));

        DataStream<CallRecord> countedCalls = taps.calls().apply(calls
                .map(new CountingMap<CallRecord>(ReplayJob.RECORDS_READ)).returns(CallRecordSerializer.TYPE)
                .name("count-cdr")
                .process(new LateRecordCounter<>(CallRecordSerializer.TYPE)).name("count-late-cdr"));
        DataStream<Complaint> countedComplaints = complaints
                .map(new CountingMap<Complaint>(ReplayJob.RECORDS_READ)).returns(Complaint.class)
                .name("count-complaints")
                .process(new LateRecordCounter<>(TypeInformation.of(Complaint.class))).name("count-late-complaints");

        PipelineOutputs out = LeakTracePipeline.build(
                new PipelineInputs(countedCalls, countedComplaints, directoryUpdates, directory.organizations()),
                detection(cfg),
                pseudonymizer);

        taps.suspicions().apply(out.suspicions())
                .map(new CountingMap<LeakSuspicion>(ReplayJob.SUSPICIONS_WRITTEN)).returns(LeakSuspicion.class)
                .name("count-suspicions")
                .map(new CountingMap<LeakSuspicion>(ReplayJob.ALERTS_WRITTEN)).returns(LeakSuspicion.class)
                .name("count-suspicion-alerts")
                .sinkTo(alertSink(cfg, cfg.topics().suspicions(), "suspicions", LeakSuspicion.class,
                        LeakSuspicion::getSuspicionId))
                .uid("suspicions-kafka-sink").name("suspicions-kafka-sink");
        taps.callerAlerts().apply(out.callerAlerts())
                .map(new CountingMap<CallerAlert>(ReplayJob.ALERTS_WRITTEN)).returns(CallerAlert.class)
                .name("count-caller-alerts")
                .sinkTo(alertSink(cfg, cfg.topics().callerAlerts(), "caller-alerts", CallerAlert.class,
                        CallerAlert::getAlertId))
                .uid("caller-alerts-kafka-sink").name("caller-alerts-kafka-sink");
        if (cfg.elasticsearch() != null) {
            ReplayJob.addElasticsearchSinks(out, elasticsearchConfig(cfg, System::getenv), cfg.zone());
        }
        deadLetters
                .map(new CountingMap<DeadLetter>(ReplayJob.DEAD_LETTERS)).returns(DeadLetter.class)
                .name("count-dead-letters")
                .sinkTo(KafkaSink.<DeadLetter>builder()
                        .setKafkaProducerConfig(cfg.kafkaProperties())
                        .setBootstrapServers(cfg.bootstrapServers())
                        .setRecordSerializer(new KeyedAvroSerializer<>(cfg.topics().deadLetters(),
                                SingleObjectCodec.of(DeadLetter.class), null))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build())
                .uid("dead-letters-kafka-sink").name("dead-letters-kafka-sink");
    }

    /** The Elasticsearch sink's settings: cluster, credentials (from files or {@code env}), flush interval. */
    static ElasticsearchConfig elasticsearchConfig(StreamingConfig cfg, UnaryOperator<String> env) {
        return cfg.elasticsearchAccess().configFor(cfg.elasticsearch(), env)
                .withFlushInterval(cfg.elasticsearchFlushInterval());
    }

    /** Runs the job (until cancelled, or to the end offsets when bounded) and returns its summary. */
    public static RunSummary run(StreamingConfig cfg, ProgressReporter progress) throws Exception {
        return run(cfg, progress, Taps.NONE, new Configuration());
    }

    /** Like {@link #run(StreamingConfig, ProgressReporter)} with test taps and Flink settings (restart strategy). */
    static RunSummary run(StreamingConfig cfg, ProgressReporter progress, Taps taps, Configuration extra)
            throws Exception {
        Configuration conf = flinkConfiguration(cfg);
        conf.addAll(extra);
        StreamExecutionEnvironment env = Environments.create(cfg.parallelism(), conf);
        String warning = checkpointStorageWarning(cfg, env.getConfiguration());
        if (warning != null) {
            LOG.warn(warning);
        }
        build(env, cfg, taps);
        long started = System.nanoTime();
        JobClient client = env.executeAsync("leaktrace-streaming");
        return progress.await(client, started);
    }

    /**
     * What an endless job is told when nothing names a checkpoint directory, or null. Its
     * checkpoints then go to the JobManager's memory, which fails a checkpoint with any state
     * handle over 5 MB (one subtask of one operator) and loses them with the JobManager: a live
     * job on real traffic would fail its first checkpoints. A bounded run (tests, the demo) may
     * do without.
     *
     * @param effective the environment's configuration, with the cluster's under {@code flink run}
     */
    static String checkpointStorageWarning(StreamingConfig cfg, ReadableConfig effective) {
        if (cfg.bounded() || effective.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isPresent()) {
            return null;
        }
        return "No checkpoint directory (checkpoint.dir, or execution.checkpointing.dir in Flink's"
                + " configuration): checkpoints go to the JobManager's memory, which refuses any state"
                + " handle over 5 MB and loses them with the JobManager. Set checkpoint.dir to durable"
                + " storage for a live job.";
    }

    /**
     * Creates the job's topics for a demo or a test on one broker: the inputs with
     * {@code inputPartitions} partitions, the organizations compacted, the outputs with one
     * partition and not compacted, so every emission stays readable. A production cluster creates
     * its topics with its own replication and compacts the alert topics.
     */
    public static void createTopics(StreamingConfig cfg, int inputPartitions) throws Exception {
        StreamingConfig.Topics t = cfg.topics();
        try (Admin admin = Admin.create(cfg.kafkaProperties())) {
            admin.createTopics(List.of(
                    new NewTopic(t.cdr(), inputPartitions, (short) 1),
                    new NewTopic(t.complaints(), inputPartitions, (short) 1),
                    new NewTopic(t.organizations(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(t.callerAlerts(), 1, (short) 1),
                    new NewTopic(t.suspicions(), 1, (short) 1),
                    new NewTopic(t.deadLetters(), 1, (short) 1))).all().get();
        }
    }

    /**
     * The detection settings of this run: a live (unbounded) stream takes the inputs of
     * attribution and of the caller stages as they come instead of waiting for the watermark,
     * which a quiet complaints feed or a pattern's branch holds back; a bounded run (a backfill,
     * the demo) keeps the event-time order, and with it the same alerts on every run.
     */
    static DetectionConfig detection(StreamingConfig cfg) {
        DetectionConfig d = cfg.detection();
        return cfg.bounded() ? d : d.withAttribution(d.attribution().withEventTimeOrder(false));
    }

    /**
     * How long a quiet complaints partition holds back event time: in a live stream only briefly,
     * since the caller profile's complaint matching and the complaint-after-call pattern wait for
     * it (a quiet feed would hold them until its next complaint); a bounded run keeps the
     * detection idleness, so a complaints partition read later than the calls is never late.
     */
    static java.time.Duration complaintsIdleness(StreamingConfig cfg) {
        return cfg.bounded() ? cfg.detection().idleness() : cfg.latency().complaintsIdleness();
    }

    /** A Kafka source of one input topic, decoded, with per-partition watermarks, split from its dead letters. */
    private static <T extends SpecificRecordBase> SingleOutputStreamOperator<T> decodedInput(
            StreamExecutionEnvironment env, StreamingConfig cfg, String name, String topic,
            DecodingDeserializer<T> decoder, OffsetsInitializer start, WatermarkStrategy<T> watermarks,
            Class<T> type) {
        Properties props = cfg.kafkaProperties();
        props.putIfAbsent("isolation.level", "read_committed");
        KafkaSourceBuilder<org.leaktrace.kafka.Decoded<T>> builder = KafkaSource.<org.leaktrace.kafka.Decoded<T>>builder()
                .setProperties(props)
                .setBootstrapServers(cfg.bootstrapServers())
                .setTopics(topic)
                .setGroupId(cfg.groupId())
                .setStartingOffsets(start)
                .setDeserializer(decoder);
        if (cfg.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(builder.build(), DecodedWatermarks.of(watermarks), name + "-kafka-source")
                .uid(name + "-kafka-source")
                .process(new SplitDecoded<>(type))
                .uid(name + "-decode").name(name + "-decode");
    }

    private static <T extends SpecificRecordBase> DecodingDeserializer<T> decoder(
            Class<T> type, List<Schema> writerSchemas, RecordNormalizer<T> normalizer) {
        return new DecodingDeserializer<>(SingleObjectCodec.of(type).withWriterSchemas(writerSchemas), normalizer);
    }

    private static <T extends SpecificRecordBase> KafkaSink<T> alertSink(
            StreamingConfig cfg, String topic, String name, Class<T> type, SerializableFunction<T, String> key) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setKafkaProducerConfig(cfg.kafkaProperties())
                .setBootstrapServers(cfg.bootstrapServers())
                .setRecordSerializer(new KeyedAvroSerializer<>(topic, SingleObjectCodec.of(type), key))
                .setDeliveryGuarantee(cfg.alertDelivery());
        if (cfg.alertDelivery() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(cfg.transactionalIdPrefix() + "-" + name)
                    .setProperty("transaction.timeout.ms", Long.toString(cfg.transactionTimeout().toMillis()));
        }
        return builder.build();
    }

    private static List<Schema> writerSchemas(List<String> files) throws IOException {
        List<Schema> schemas = new ArrayList<>();
        for (String f : files) {
            schemas.add(new Schema.Parser().parse(Path.of(f).toFile()));
        }
        return schemas;
    }
}
