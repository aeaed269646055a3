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
