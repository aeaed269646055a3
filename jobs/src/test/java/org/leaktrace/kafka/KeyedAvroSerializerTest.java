package org.leaktrace.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.CallRecord;

class KeyedAvroSerializerTest {
    private static final Instant EVENT_TIME = Instant.parse("2026-01-05T09:15:00+08:00");

    private final KeyedAvroSerializer<CallRecord> serializer =
            new KeyedAvroSerializer<>("alerts", SingleObjectCodec.of(CallRecord.class), CallRecord::getRecordId);

    @Test
    void keysByTheRecordAndEncodesTheValue() throws Exception {
        CallRecord call = SingleObjectCodecTest.call();
        ProducerRecord<byte[], byte[]> message = serializer.serialize(call, null, EVENT_TIME.toEpochMilli());
        assertEquals("alerts", message.topic());
        assertEquals("r-1", new String(message.key(), StandardCharsets.UTF_8));
        assertEquals(call, SingleObjectCodec.of(CallRecord.class).decode(message.value()));
    }

    @Test
    void leavesTheTimestampToTheProducerSoRetentionCountsFromTheWrite() {
        ProducerRecord<byte[], byte[]> message =
                serializer.serialize(SingleObjectCodecTest.call(), null, EVENT_TIME.toEpochMilli());
        assertNull(message.timestamp(), "an event-time timestamp months old makes the broker delete the alert");
    }

    @Test
    void writesUnkeyedMessagesWithoutAKeyFunction() {
        KeyedAvroSerializer<CallRecord> unkeyed =
                new KeyedAvroSerializer<>("dead", SingleObjectCodec.of(CallRecord.class), null);
        assertNull(unkeyed.serialize(SingleObjectCodecTest.call(), null, null).key());
    }
}
