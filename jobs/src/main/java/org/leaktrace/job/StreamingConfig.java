package org.leaktrace.job;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.TimeUtils;
import org.leaktrace.ingest.PhoneNumbers;
import org.leaktrace.launcher.Args;
import org.leaktrace.pipeline.DetectionConfig;
import org.leaktrace.sink.es.ElasticsearchAccess;

/**
 * Configuration of the Kafka streaming job, read from one {@code .properties} file.
 *
 * <p>Every key is optional and documented with its default in
 * {@code leaktrace-streaming.example.properties}; an unknown key is an error, so a misspelt
 * setting never silently falls back to its default. Keys starting with {@code kafka.} are passed,
 * without the prefix, to every Kafka client (source, sink, directory reader, producer), which is
 * where security settings go. Their values are redacted by {@link #toString()} when the key looks
 * secret; better still, they name the secret instead of holding it, through Kafka's config
 * providers ({@code kafka.config.providers=env,file} and values such as
 * {@code ${file:/run/secrets/kafka.properties:password}}), which every client resolves itself.
 *
 * @param bootstrapServers Kafka brokers (default {@code localhost:9092})
 * @param topics topic names (defaults {@code leaktrace.cdr}, ...; see {@link Topics#defaults()})
 * @param groupId consumer group of the job's sources (default {@code leaktrace})
 * @param kafka pass-through Kafka client properties, prefix removed (default none)
 * @param checkpointInterval how often state and Kafka transactions are committed: alerts become
 *     visible to read_committed consumers at this pace (default 30 s)
 * @param stateBackend {@code hashmap} (state on the heap) or {@code rocksdb} (state on disk, for
 *     state larger than memory) (default hashmap); rocksdb comes with
 *     {@link Environments.RocksDb#defaults()} (heap timers, incremental checkpoints, managed
 *     memory, FLASH_SSD_OPTIMIZED) where the cluster does not set them
 * @param checkpointDir where checkpoints go, e.g. {@code file:///var/lib/leaktrace/checkpoints} or
 *     {@code s3://...}; null keeps them in the JobManager's memory, which only survives task
 *     failures (default null)
 * @param parallelism operator parallelism (default: the machine's cores)
 * @param region default region for numbers without a country code (default CN)
 * @param zone zone of times in logs (default: the region's)
 * @param keys where the pseudonym key comes from (default: env LEAKTRACE_PSEUDONYM_KEY_FILE or
 *     LEAKTRACE_PSEUDONYM_KEY, else random)
 * @param transactionalIdPrefix prefix of the alert sinks' Kafka transactional ids; must be unique
 *     per job on a cluster (default {@code leaktrace})
 * @param transactionTimeout Kafka transaction timeout of the alert sinks; must exceed the
 *     checkpoint interval and not exceed the brokers' {@code transaction.max.timeout.ms}
 *     (default 15 min, the brokers' default maximum)
 * @param writerSchemaFiles {@code .avsc} files of other versions of the input records that
 *     producers write, so their messages decode instead of becoming dead letters (default none)
 * @param bounded stop at the end offsets found at start instead of running forever: for tests and
 *     backfills (default false)
 * @param directoryTimeout how long the client may take to read the organizations topic before
 *     submitting (default 2 min)
 * @param elasticsearch URL of an Elasticsearch 8.x cluster that also receives the alerts; null
 *     writes to Kafka only (default null)
 * @param elasticsearchAccess where its API key and trusted CA come from: files named by
 *     {@code elasticsearch.api-key-file}, {@code elasticsearch.ca-cert}, a fingerprint in
 *     {@code elasticsearch.ca-fingerprint}, else the environment (see {@link ElasticsearchAccess})
 * @param elasticsearchFlushInterval longest time an alert waits in the Elasticsearch sink's buffer
 *     before a bulk request, key {@code elasticsearch.flush-interval} (default 5 s); a full buffer
 *     and every checkpoint flush sooner. Analysts see an alert in Kibana this long (plus the index
 *     refresh, 1 s) after it is raised at most, so with {@code alerts.delivery=at-least-once} a
 *     second keeps the two outputs in step
 * @param detection detection settings (defaults of {@link DetectionConfig#defaults()})
 * @param latency how an unbounded run keeps ingest-to-alert latency low: {@code complaints.idleness},
 *     {@code watermark.interval}, {@code buffer.timeout} (defaults of {@link LiveLatency#defaults()})
 * @param alertDelivery how the alert topics are written, key {@code alerts.delivery}:
 *     {@code exactly-once} (default) writes in Kafka transactions committed with each checkpoint, so
 *     a read_committed consumer sees every alert once but one checkpoint interval late;
 *     {@code at-least-once} sends each alert when it is raised and flushes at each checkpoint, so
 *     it is visible within the pipeline's own latency, and after a restore from a checkpoint the
 *     alerts raised since it are sent again. Both alert topics are keyed ({@code alert_id},
 *     {@code suspicion_id}) and Elasticsearch writes by the same ids, so a repeat replaces its
 *     first copy in a compacted topic or an index; a consumer that reads the topic as a log sees it
 *     twice.
 */
public record StreamingConfig(
        String bootstrapServers,
        Topics topics,
        String groupId,
        Map<String, String> kafka,
        Duration checkpointInterval,
        String stateBackend,
        String checkpointDir,
        int parallelism,
        String region,
        ZoneId zone,
        PseudonymKeySource keys,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        List<String> writerSchemaFiles,
        boolean bounded,
        Duration directoryTimeout,
        String elasticsearch,
        ElasticsearchAccess elasticsearchAccess,
        Duration elasticsearchFlushInterval,
        DetectionConfig detection,
        LiveLatency latency,
        DeliveryGuarantee alertDelivery) {

    /** Prefix of pass-through Kafka client properties. */
    public static final String KAFKA_PREFIX = "kafka.";

    static final Set<String> KEYS = Set.of(
            "bootstrap.servers", "group.id",
            "topic.cdr", "topic.complaints", "topic.organizations",
            "topic.caller-alerts", "topic.suspicions", "topic.dead-letters",
            "checkpoint.interval", "state.backend", "checkpoint.dir", "parallelism",
            "region", "zone", "pseudonym.key-file", "transactional-id.prefix", "transaction.timeout",
            "schemas.writer-files", "bounded", "directory.timeout", "elasticsearch.url",
            "elasticsearch.api-key-file", "elasticsearch.ca-cert", "elasticsearch.ca-fingerprint",
            "elasticsearch.flush-interval", "complaints.idleness", "watermark.interval", "buffer.timeout",
            "alerts.delivery");

    private static final String ENV_PROVIDER = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";

    private static final List<String> SECRET_HINTS = List.of("password", "jaas", "secret", "key");

    /**
     * The topics the job reads and writes.
     *
     * @param cdr call records (input)
     * @param complaints complaints (input)
     * @param organizations the directory, compacted, keyed by number (input)
     * @param callerAlerts caller alerts, keyed by alert_id (output; compaction keeps the latest)
     * @param suspicions leak suspicions, keyed by suspicion_id (output; compaction keeps the latest)
     * @param deadLetters input messages that could not be read (output)
     */
    public record Topics(
            String cdr, String complaints, String organizations,
            String callerAlerts, String suspicions, String deadLetters) {

        public static Topics defaults() {
            return new Topics("leaktrace.cdr", "leaktrace.complaints", "leaktrace.organizations",
                    "leaktrace.caller-alerts", "leaktrace.suspicions", "leaktrace.dead-letters");
        }
    }

    public StreamingConfig {
        kafka = Map.copyOf(kafka);
        writerSchemaFiles = List.copyOf(writerSchemaFiles);
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            throw new IllegalArgumentException("state.backend must be hashmap or rocksdb, got '" + stateBackend + "'");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
        }
        if (elasticsearchFlushInterval.isNegative() || elasticsearchFlushInterval.isZero()) {
            throw new IllegalArgumentException("elasticsearch.flush-interval must be positive");
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("checkpoint.interval must be positive");
        }
        AlertDelivery.requireOffered(alertDelivery, "alerts.delivery");
        if (transactionTimeout.compareTo(checkpointInterval) <= 0) {
            throw new IllegalArgumentException("transaction.timeout (" + transactionTimeout
                    + ") must exceed checkpoint.interval (" + checkpointInterval + ")");
        }
    }

    /**
     * Sets every topic, the group id and the transactional-id prefix to names under {@code prefix}
     * (e.g. {@code leaktrace-demo-1.cdr}), so that runs sharing brokers never read or commit each
     * other's data.
     */
    public static void putNamespace(Properties p, String prefix) {
        for (String topic : new String[] {"cdr", "complaints", "organizations", "caller-alerts", "suspicions",
                "dead-letters"}) {
            p.setProperty("topic." + topic, prefix + topic);
        }
        p.setProperty("group.id", prefix + "job");
        p.setProperty("transactional-id.prefix", prefix + "job");
    }

    /** Every setting at its default. */
    public static StreamingConfig defaults() {
        return fromProperties(new Properties());
    }

    /** Reads a {@code .properties} file (UTF-8). */
    public static StreamingConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return fromProperties(p);
    }

    /**
     * Builds the configuration from properties.
     *
     * @throws Args.UsageException naming the key, for an unknown key or a bad value
     */
    public static StreamingConfig fromProperties(Properties p) {
        Map<String, String> kafka = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(KAFKA_PREFIX)) {
                kafka.put(name.substring(KAFKA_PREFIX.length()), p.getProperty(name).strip());
            } else if (!KEYS.contains(name)) {
                throw new Args.UsageException("config: unknown key '" + name + "'");
            }
        }
        Topics d = Topics.defaults();
        LiveLatency l = LiveLatency.defaults();
        String region;
        try {
            region = PhoneNumbers.region(get(p, "region", "CN"));
            return new StreamingConfig(
                    get(p, "bootstrap.servers", "localhost:9092"),
                    new Topics(
                            get(p, "topic.cdr", d.cdr()),
                            get(p, "topic.complaints", d.complaints()),
                            get(p, "topic.organizations", d.organizations()),
                            get(p, "topic.caller-alerts", d.callerAlerts()),
                            get(p, "topic.suspicions", d.suspicions()),
                            get(p, "topic.dead-letters", d.deadLetters())),
                    get(p, "group.id", "leaktrace"),
                    kafka,
                    duration(p, "checkpoint.interval", "30 s"),
                    get(p, "state.backend", "hashmap").toLowerCase(Locale.ROOT),
                    p.containsKey("checkpoint.dir") ? get(p, "checkpoint.dir", null) : null,
                    integer(p, "parallelism", Runtime.getRuntime().availableProcessors()),
                    region,
                    p.containsKey("zone") ? ZoneId.of(get(p, "zone", null)) : ReplayConfig.zoneOf(region),
                    PseudonymKeySource.from(p.containsKey("pseudonym.key-file") ? get(p, "pseudonym.key-file", null) : null),
                    get(p, "transactional-id.prefix", "leaktrace"),
                    duration(p, "transaction.timeout", "15 min"),
                    list(get(p, "schemas.writer-files", "")),
                    bool(p, "bounded", false),
                    duration(p, "directory.timeout", "2 min"),
                    get(p, "elasticsearch.url", null),
                    new ElasticsearchAccess(get(p, "elasticsearch.api-key-file", null),
                            get(p, "elasticsearch.ca-cert", null), get(p, "elasticsearch.ca-fingerprint", null)),
                    duration(p, "elasticsearch.flush-interval", "5 s"),
                    DetectionConfig.defaults().forRegion(region),
                    new LiveLatency(
                            duration(p, "complaints.idleness", l.complaintsIdleness().toMillis() + " ms"),
                            duration(p, "watermark.interval", l.watermarkInterval().toMillis() + " ms"),
                            duration(p, "buffer.timeout", l.bufferTimeout().toMillis() + " ms")),
                    delivery(get(p, "alerts.delivery", "exactly-once")));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new Args.UsageException("config: " + e.getMessage());
        }
    }

    /** The same configuration with {@code bounded} set (tests and backfills). */
    public StreamingConfig withBounded(boolean newBounded) {
        return new StreamingConfig(bootstrapServers, topics, groupId, kafka, checkpointInterval, stateBackend,
                checkpointDir, parallelism, region, zone, keys, transactionalIdPrefix, transactionTimeout,
                writerSchemaFiles, newBounded, directoryTimeout, elasticsearch, elasticsearchAccess,
                elasticsearchFlushInterval, detection, latency, alertDelivery);
    }

    /** Connection properties for any Kafka client: bootstrap servers plus the pass-through ones. */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        props.putAll(kafka);
        props.setProperty("bootstrap.servers", bootstrapServers);
        return props;
    }

    /** Like the record's, but pass-through values whose keys look secret are redacted. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        kafka.forEach((k, v) -> shown.put(k, looksSecret(k) ? "<redacted>" : v));
        return "StreamingConfig[bootstrapServers=" + bootstrapServers + ", topics=" + topics + ", groupId=" + groupId
                + ", kafka=" + shown + ", checkpointInterval=" + checkpointInterval + ", stateBackend=" + stateBackend
                + ", checkpointDir=" + checkpointDir + ", parallelism=" + parallelism + ", region=" + region
                + ", zone=" + zone + ", keys=" + keys + ", transactionalIdPrefix=" + transactionalIdPrefix
                + ", transactionTimeout=" + transactionTimeout + ", writerSchemaFiles=" + writerSchemaFiles
                + ", bounded=" + bounded + ", directoryTimeout=" + directoryTimeout
                + ", elasticsearch=" + elasticsearch + ", elasticsearchAccess=" + elasticsearchAccess
                + ", elasticsearchFlushInterval=" + elasticsearchFlushInterval
                + ", detection=" + detection + ", latency=" + latency + ", alertDelivery=" + alertDelivery + "]";
    }

    /**
     * The environment variables that pass-through Kafka values name through an
     * {@code EnvVarConfigProvider} ({@code ${env:NAME}}) and that {@code env} lacks.
     *
     * <p>Kafka leaves an unresolvable variable in place, so a missing password would otherwise
     * surface as an authentication failure far from its cause.
     */
    public List<String> missingKafkaEnvironment(UnaryOperator<String> env) {
        List<String> missing = new ArrayList<>();
        for (String provider : list(kafka.getOrDefault("config.providers", ""))) {
            if (!ENV_PROVIDER.equals(kafka.get("config.providers." + provider + ".class"))) {
                continue;
            }
            Pattern reference = Pattern.compile("\\$\\{" + Pattern.quote(provider) + ":([^}:]+)}");
            for (String value : kafka.values()) {
                Matcher m = reference.matcher(value);
                while (m.find()) {
                    if (env.apply(m.group(1)) == null && !missing.contains(m.group(1))) {
                        missing.add(m.group(1));
                    }
                }
            }
        }
        return missing;
    }

    static boolean looksSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_HINTS.stream().anyMatch(k::contains);
    }

    private static String get(Properties p, String key, String fallback) {
        String v = p.getProperty(key);
        return v == null ? fallback : v.strip();
    }

    private static Duration duration(Properties p, String key, String fallback) {
        String v = get(p, key, fallback);
        try {
            return TimeUtils.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("config: " + key + " must be a duration such as '30 s' or '5 min', got '" + v + "'");
        }
    }

    private static DeliveryGuarantee delivery(String v) {
        try {
            return AlertDelivery.parse(v);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("config: alerts.delivery must be " + e.getMessage());
        }
    }

    private static int integer(Properties p, String key, int fallback) {
        String v = get(p, key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new Args.UsageException("config: " + key + " must be a whole number, got '" + v + "'");
        }
    }

    private static boolean bool(Properties p, String key, boolean fallback) {
        String v = get(p, key, null);
        if (v == null) {
            return fallback;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new Args.UsageException("config: " + key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String s : Arrays.asList(v.split(","))) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }
}
