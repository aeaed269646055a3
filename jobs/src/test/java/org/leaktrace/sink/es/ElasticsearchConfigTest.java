package org.leaktrace.sink.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ElasticsearchConfigTest {
    @Test
    void defaults() {
        ElasticsearchConfig c = ElasticsearchConfig.defaults("http://localhost:9200");
        assertEquals("http://localhost:9200", c.url());
        assertNull(c.apiKey());
        assertEquals("leaktrace", c.indexPrefix());
        assertEquals(500, c.bulkActions());
        assertEquals(Duration.ofSeconds(5), c.flushInterval());
        assertEquals(11, c.maxRetries());
        assertEquals(Duration.ofMillis(200), c.initialBackoff());
    }

    @Test
    void backoffDoublesUpToItsCap() {
        ElasticsearchConfig c = ElasticsearchConfig.defaults("http://es:9200");
        assertEquals(Duration.ofMillis(200), c.backoff(1));
        assertEquals(Duration.ofMillis(400), c.backoff(2));
        assertEquals(Duration.ofMillis(800), c.backoff(3));
        assertEquals(ElasticsearchConfig.MAX_BACKOFF, c.backoff(12));
        assertEquals(ElasticsearchConfig.MAX_BACKOFF, c.backoff(500));
    }

    @Test
    void theApiKeyIsNeverPrinted() {
        ElasticsearchConfig c = ElasticsearchConfig.defaults("https://es:9243").withApiKey("c2VjcmV0OmtleQ==");
        assertFalse(c.toString().contains("c2VjcmV0OmtleQ=="), c.toString());
        assertTrue(c.toString().contains("apiKey=hidden"));
        assertFalse(new ElasticsearchSink<String>(c, s -> java.util.List.of()).toString().contains("c2VjcmV0"));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ElasticsearchConfig.defaults("localhost:9200"));
        assertThrows(IllegalArgumentException.class,
                () -> ElasticsearchConfig.defaults("http://es:9200").withIndexPrefix("LeakTrace"));
        assertThrows(IllegalArgumentException.class,
                () -> ElasticsearchConfig.defaults("http://es:9200").withBulkActions(0));
        assertThrows(IllegalArgumentException.class,
                () -> ElasticsearchConfig.defaults("http://es:9200").withRetries(-1, Duration.ZERO));
    }

    @Test
    void retriableStatuses() {
        assertTrue(BulkSender.retriable(429));
        assertTrue(BulkSender.retriable(500));
        assertTrue(BulkSender.retriable(503));
        assertFalse(BulkSender.retriable(400));
        assertFalse(BulkSender.retriable(401));
        assertFalse(BulkSender.retriable(404));
        assertFalse(BulkSender.retriable(409));
    }
}
