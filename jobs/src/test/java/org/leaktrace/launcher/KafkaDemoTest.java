package org.leaktrace.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.leaktrace.job.StreamingConfig;

class KafkaDemoTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void runsBoundedOnPrefixedTopicsWithItsOwnGroupAndTransactions() {
        StreamingConfig cfg = KafkaDemo.config("broker:9092", "leaktrace-demo-1.", 3, SHANGHAI, null, null, null);
        assertEquals("broker:9092", cfg.bootstrapServers());
        assertEquals(new StreamingConfig.Topics("leaktrace-demo-1.cdr", "leaktrace-demo-1.complaints",
                "leaktrace-demo-1.organizations", "leaktrace-demo-1.caller-alerts", "leaktrace-demo-1.suspicions",
                "leaktrace-demo-1.dead-letters"), cfg.topics());
        assertEquals("leaktrace-demo-1.job", cfg.groupId());
        assertEquals("leaktrace-demo-1.job", cfg.transactionalIdPrefix());
        assertTrue(cfg.bounded());
        assertEquals(3, cfg.parallelism());
        assertEquals(SHANGHAI, cfg.zone());
        assertEquals(Duration.ofSeconds(10), cfg.checkpointInterval());
        assertNull(cfg.elasticsearch());
    }

    @Test
    void passesElasticsearchThrough() {
        StreamingConfig cfg = KafkaDemo.config("b:9092", "leaktrace.", 2, SHANGHAI, null, "http://localhost:9200", null);
        assertEquals("http://localhost:9200", cfg.elasticsearch());
        assertEquals("leaktrace.cdr", cfg.topics().cdr());
    }
}
