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
        assertNull(cfg.elasticsearch());
        assertEquals(new ElasticsearchAccess(null, null, null), cfg.elasticsearchAccess());
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
        assertThrows(Args.UsageException.class, () -> parse("transaction.timeout", "10 s"));
    }

    private static StreamingConfig parse(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return StreamingConfig.fromProperties(p);
    }
}
