package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.leaktrace.launcher.Args;
import org.leaktrace.sink.es.ElasticsearchAccess;

class StreamingConfigTest {

    @Test
    void defaults() {
        StreamingConfig cfg = StreamingConfig.defaults();
        assertEquals("localhost:9092", cfg.bootstrapServers());
        assertEquals(new StreamingConfig.Topics("leaktrace.cdr", "leaktrace.complaints", "leaktrace.organizations",
                "leaktrace.caller-alerts", "leaktrace.suspicions", "leaktrace.dead-letters"), cfg.topics());
        assertEquals("leaktrace", cfg.groupId());
        assertEquals(Map.of(), cfg.kafka());
        assertEquals(Duration.ofSeconds(30), cfg.checkpointInterval());
        assertEquals("hashmap", cfg.stateBackend());
        assertNull(cfg.checkpointDir());
        assertEquals(Runtime.getRuntime().availableProcessors(), cfg.parallelism());
        assertEquals("CN", cfg.region());
        assertEquals(ZoneId.of("Asia/Shanghai"), cfg.zone());
        assertNull(cfg.keys().file());
        assertEquals("leaktrace", cfg.transactionalIdPrefix());
        assertEquals(Duration.ofMinutes(15), cfg.transactionTimeout());
        assertEquals(List.of(), cfg.writerSchemaFiles());
        assertFalse(cfg.bounded());
        assertEquals(Duration.ofMinutes(2), cfg.directoryTimeout());
        assertEquals(LiveLatency.defaults(), cfg.latency());
        assertNull(cfg.elasticsearch());
        assertEquals(new ElasticsearchAccess(null, null, null), cfg.elasticsearchAccess());
        assertEquals(DeliveryGuarantee.EXACTLY_ONCE, cfg.alertDelivery());
    }

    @Test
    void alertsMayBeWrittenAtLeastOnce() {
        assertEquals(DeliveryGuarantee.AT_LEAST_ONCE, parse("alerts.delivery", "at-least-once").alertDelivery());
        assertEquals(DeliveryGuarantee.EXACTLY_ONCE, parse("alerts.delivery", " Exactly-Once ").alertDelivery());
        Args.UsageException none = assertThrows(Args.UsageException.class, () -> parse("alerts.delivery", "none"));
        assertTrue(none.getMessage().contains("alerts.delivery"), none.getMessage());
    }

    @Test
    void aLiveStreamTakesAttributionInputsAsTheyComeABoundedRunInEventTimeOrder() {
        Properties p = new Properties();
        StreamingConfig live = StreamingConfig.fromProperties(p);
        assertEquals(false, StreamingJob.detection(live).attribution().eventTimeOrder());
        assertEquals(true, StreamingJob.detection(live.withBounded(true)).attribution().eventTimeOrder());
        assertEquals(live.detection().withAttribution(live.detection().attribution().withEventTimeOrder(false)),
                StreamingJob.detection(live));
    }

    @Test
    void exampleFileParsesToItsDocumentedValues() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/leaktrace-streaming.example.properties")) {
            p.load(in);
        }
        StreamingConfig cfg = StreamingConfig.fromProperties(p);
        assertEquals("SASL_SSL", cfg.kafka().get("security.protocol"));
        assertEquals("rocksdb", cfg.stateBackend());
        assertEquals(Duration.ofSeconds(10), cfg.checkpointInterval());
        assertEquals(LiveLatency.defaults(), cfg.latency(), "the example shows the latency defaults");
        assertEquals(DeliveryGuarantee.EXACTLY_ONCE, cfg.alertDelivery(), "the example shows the default delivery");
        assertEquals("SASL_SSL", cfg.kafkaProperties().getProperty("security.protocol"));
        assertEquals(cfg.bootstrapServers(), cfg.kafkaProperties().getProperty("bootstrap.servers"));
        // Secrets are named, not held: the config providers and ${env:...} reach every client untouched.
        assertEquals("env,file", cfg.kafkaProperties().getProperty("config.providers"));
        assertTrue(cfg.kafkaProperties().getProperty("sasl.jaas.config").contains("password=\"${env:LEAKTRACE_KAFKA_PASSWORD}\""));
        assertEquals(List.of("LEAKTRACE_KAFKA_PASSWORD"), cfg.missingKafkaEnvironment(name -> null));
        assertEquals(List.of(), cfg.missingKafkaEnvironment(name -> "set"));
    }

    @Test
    void elasticsearchSecretsAreNamedByFileOrEnvironment() {
        StreamingConfig none = StreamingConfig.defaults();
        assertNull(none.elasticsearch());
        assertEquals(ElasticsearchAccess.FROM_ENVIRONMENT, none.elasticsearchAccess());
        Properties p = new Properties();
        p.setProperty("elasticsearch.url", "https://es:9200");
        p.setProperty("elasticsearch.api-key-file", "/run/secrets/es-api-key");
        p.setProperty("elasticsearch.ca-cert", "/etc/leaktrace/es-ca.pem");
        StreamingConfig cfg = StreamingConfig.fromProperties(p);
        assertEquals("https://es:9200", cfg.elasticsearch());
        assertEquals(new ElasticsearchAccess("/run/secrets/es-api-key", "/etc/leaktrace/es-ca.pem", null),
                cfg.elasticsearchAccess());
        assertEquals("AB12", parse("elasticsearch.ca-fingerprint", "AB12").elasticsearchAccess().caFingerprint());
    }

    @Test
    void elasticsearchFlushIntervalReachesTheSink() {
        assertEquals(Duration.ofSeconds(5), StreamingConfig.defaults().elasticsearchFlushInterval());
        Properties p = new Properties();
        p.setProperty("elasticsearch.url", "http://es:9200");
        p.setProperty("elasticsearch.flush-interval", "1 s");
        StreamingConfig cfg = StreamingConfig.fromProperties(p);
        assertEquals(Duration.ofSeconds(1), StreamingJob.elasticsearchConfig(cfg, name -> null).flushInterval());
        p.setProperty("elasticsearch.flush-interval", "0 s");
        assertThrows(Args.UsageException.class, () -> StreamingConfig.fromProperties(p));
    }

    @Test
    void onlyVariablesOfAnEnvProviderAreChecked() {
        Properties p = new Properties();
        p.setProperty("kafka.config.providers", "secrets");
        p.setProperty("kafka.config.providers.secrets.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        p.setProperty("kafka.ssl.truststore.password", "${secrets:TRUST_PW}");
        p.setProperty("kafka.sasl.jaas.config", "x required password=\"${file:/run/k.properties:pw}\";");
        assertEquals(List.of("TRUST_PW"), StreamingConfig.fromProperties(p).missingKafkaEnvironment(name -> null));
        p.remove("kafka.config.providers");
        assertEquals(List.of(), StreamingConfig.fromProperties(p).missingKafkaEnvironment(name -> null));
    }

    @Test
    void secretsAreRedacted() {
        Properties p = new Properties();
        p.setProperty("kafka.sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"hunter2\";");
        p.setProperty("kafka.ssl.truststore.password", "s3cret-pw");
        p.setProperty("kafka.ssl.key.password", "k3y-pw");
        p.setProperty("kafka.security.protocol", "SASL_SSL");
        String shown = StreamingConfig.fromProperties(p).toString();
        assertFalse(shown.contains("hunter2"), shown);
        assertFalse(shown.contains("s3cret-pw"), shown);
        assertFalse(shown.contains("k3y-pw"), shown);
        assertTrue(shown.contains("security.protocol=SASL_SSL"), shown);
        assertTrue(shown.contains("sasl.jaas.config=<redacted>"), shown);
    }

    @Test
    void rejectsUnknownKeysAndBadValues() {
        assertThrows(Args.UsageException.class, () -> parse("topics.cdr", "x"));
        assertThrows(Args.UsageException.class, () -> parse("state.backend", "memory"));
        assertThrows(Args.UsageException.class, () -> parse("checkpoint.interval", "soon"));
        assertThrows(Args.UsageException.class, () -> parse("bounded", "yes"));
        Args.UsageException region = assertThrows(Args.UsageException.class, () -> parse("region", "XX"));
        assertTrue(region.getMessage().startsWith("config: unknown region 'XX'"), region.getMessage());
        assertThrows(Args.UsageException.class, () -> parse("transaction.timeout", "10 s"));
    }

    private static StreamingConfig parse(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return StreamingConfig.fromProperties(p);
    }

    @Test
    void rocksDbDefaults() {
        Environments.RocksDb d = Environments.RocksDb.defaults();
        assertEquals("HEAP", d.timerService());
        assertTrue(d.incrementalCheckpoints());
        assertTrue(d.managedMemory());
        assertEquals("FLASH_SSD_OPTIMIZED", d.predefinedOptions());
        assertTrue(d.bloomFilter());
        assertEquals(Map.of(
                "state.backend.rocksdb.timer-service.factory", "HEAP",
                "execution.checkpointing.incremental", "true",
                "state.backend.rocksdb.memory.managed", "true",
                "state.backend.rocksdb.predefined-options", "FLASH_SSD_OPTIMIZED",
                "state.backend.rocksdb.use-bloom-filter", "true"), d.toConfiguration().toMap());
        assertThrows(IllegalArgumentException.class, () -> new Environments.RocksDb("DISK", true, true, "DEFAULT", true));
        assertThrows(IllegalArgumentException.class, () -> new Environments.RocksDb("HEAP", true, true, "FAST", true));
    }

    @Test
    void rocksDbBackendGetsTheRocksDbSettingsInTheJobEnvironment() {
        Properties p = new Properties();
        p.setProperty("state.backend", "rocksdb");
        Map<String, String> env = environment(StreamingJob.flinkConfiguration(StreamingConfig.fromProperties(p)));
        assertEquals("rocksdb", env.get("state.backend.type"));
        assertEquals("HEAP", env.get("state.backend.rocksdb.timer-service.factory"));
        assertEquals("true", env.get("execution.checkpointing.incremental"));
        assertEquals("true", env.get("state.backend.rocksdb.memory.managed"));
        assertEquals("FLASH_SSD_OPTIMIZED", env.get("state.backend.rocksdb.predefined-options"));
        assertEquals("true", env.get("state.backend.rocksdb.use-bloom-filter"));
    }

    @Test
    void aBoundedRunSurvivesAFewFailedCheckpointsALiveOneFollowsTheCluster() {
        StreamingConfig live = StreamingConfig.defaults();
        StreamExecutionEnvironment bounded =
                Environments.create(1, StreamingJob.flinkConfiguration(live.withBounded(true)));
        assertEquals(3, bounded.getCheckpointConfig().getTolerableCheckpointFailureNumber());
        assertEquals("none", bounded.getConfiguration().toMap().get("restart-strategy.type"));
        Configuration liveConf = StreamingJob.flinkConfiguration(live);
        assertFalse(liveConf.toMap().containsKey("execution.checkpointing.tolerable-failed-checkpoints"));
        assertFalse(liveConf.toMap().containsKey("restart-strategy.type"));
    }

    @Test
    void aLiveJobWithoutACheckpointDirectoryIsWarnedABoundedRunOrADirectoryIsNot() {
        StreamingConfig live = StreamingConfig.defaults();
        String warning = StreamingJob.checkpointStorageWarning(live, StreamingJob.flinkConfiguration(live));
        assertTrue(warning != null && warning.contains("checkpoint.dir") && warning.contains("5 MB"), warning);
        assertNull(StreamingJob.checkpointStorageWarning(live.withBounded(true),
                StreamingJob.flinkConfiguration(live.withBounded(true))));
        Properties p = new Properties();
        p.setProperty("checkpoint.dir", "file:///var/lib/leaktrace/checkpoints");
        StreamingConfig withDir = StreamingConfig.fromProperties(p);
        assertNull(StreamingJob.checkpointStorageWarning(withDir, StreamingJob.flinkConfiguration(withDir)));
        Configuration cluster = new Configuration();
        cluster.setString("execution.checkpointing.dir", "s3://leaktrace-state/checkpoints");
        assertNull(StreamingJob.checkpointStorageWarning(live, cluster), "set in the cluster's configuration");
    }

    @Test
    void heapBackendGetsNoRocksDbSettings() {
        Map<String, String> env = environment(StreamingJob.flinkConfiguration(StreamingConfig.defaults()));
        assertEquals("hashmap", env.get("state.backend.type"));
        assertFalse(env.keySet().stream().anyMatch(k -> k.startsWith("state.backend.rocksdb.")), env.toString());
        assertNull(env.get("execution.checkpointing.incremental"));
    }

    @Test
    void rocksDbSettingsAlreadyGivenAreKeptIncludingDeprecatedKeys() {
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("state.backend.rocksdb.timer-service.factory", "ROCKSDB");
        conf.setString("state.backend.incremental", "false");
        conf.setString("state.backend.rocksdb.use-bloom-filter", "false");
        Map<String, String> env = environment(conf);
        assertEquals("ROCKSDB", env.get("state.backend.rocksdb.timer-service.factory"));
        assertNull(env.get("execution.checkpointing.incremental"));
        assertEquals("false", env.get("state.backend.incremental"));
        assertEquals("false", env.get("state.backend.rocksdb.use-bloom-filter"));
        assertEquals("FLASH_SSD_OPTIMIZED", env.get("state.backend.rocksdb.predefined-options"));
    }

    @Test
    void jobsHandRecordsToChainedOperatorsWithoutCopiesUnlessToldOtherwise() {
        assertTrue(Environments.create(1, new Configuration()).getConfig().isObjectReuseEnabled());
        Configuration copies = new Configuration();
        copies.setString(Environments.OBJECT_REUSE, "false");
        assertFalse(Environments.create(1, copies).getConfig().isObjectReuseEnabled());
    }

    private static Map<String, String> environment(Configuration overrides) {
        StreamExecutionEnvironment env = Environments.create(1, overrides);
        return env.getConfiguration().toMap();
    }
}
