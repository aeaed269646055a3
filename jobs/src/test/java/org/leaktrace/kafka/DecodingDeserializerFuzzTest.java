package org.leaktrace.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.leaktrace.kafka.AdversarialMessages.Kind;
import org.leaktrace.kafka.AdversarialMessages.Message;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.DeadLetter;

/**
 * Property test of the cdr-topic decoder: thousands of seeded good and adversarial messages
 * (truncated, foreign schema, random, empty, huge, absurd values) each give exactly the record or
 * the dead letter they must, and never an exception. A failure names its seed and message index.
 */
class DecodingDeserializerFuzzTest {
    private static final int SEEDS = 40;
    private static final int MESSAGES_PER_SEED = 250;

    private final DecodingDeserializer<CallRecord> deserializer =
            new DecodingDeserializer<>(SingleObjectCodec.of(CallRecord.class), Normalizers.calls("CN"));

    @Test
    void everyMessageGivesItsRecordOrItsDeadLetter() {
        Map<Kind, Integer> seen = new EnumMap<>(Kind.class);
        for (long seed = 1; seed <= SEEDS; seed++) {
            AdversarialMessages messages = new AdversarialMessages(seed, false);
            for (int i = 0; i < MESSAGES_PER_SEED; i++) {
                Message m = messages.next();
                seen.merge(m.kind(), 1, Integer::sum);
                check(m, "seed " + seed + " message " + i + " (" + m.kind() + ")", i);
            }
        }
        for (Kind k : Kind.values()) {
            assertTrue(seen.getOrDefault(k, 0) > 0, "kind never generated: " + k);
        }
    }

    @Test
    void everyKindAtLeastOnceWithItsOwnSeed() {
        AdversarialMessages messages = new AdversarialMessages(4242, false);
        for (Kind k : Kind.values()) {
            for (int i = 0; i < 20; i++) {
                check(messages.next(k), "seed 4242 kind " + k + " #" + i, i);
            }
        }
    }

    private void check(Message m, String where, long offset) {
        Decoded<CallRecord> out = deserializer.decode(new ConsumerRecord<>("cdr", 1, offset, null, m.bytes()));
        assertNotNull(out, where);
        assertTrue(out.record == null ^ out.deadLetter == null, where + ": exactly one of record and dead letter");
        if (m.kind() == Kind.MUTATED) {
            // A mutated body may still decode; whatever comes out must then be a sound record.
            if (out.record != null) {
                assertSound(out.record, where);
            } else {
                assertDeadLetter(out.deadLetter, m, offset, where);
            }
            return;
        }
        if (m.good()) {
            assertNull(out.deadLetter, () -> where + ": rejected " + out.deadLetter.getReason());
            assertEquals(m.expected(), out.record, where);
            return;
        }
        assertNull(out.record, where + ": accepted a bad message");
        assertDeadLetter(out.deadLetter, m, offset, where);
        assertTrue(out.deadLetter.getReason().startsWith(m.reasonPrefix())
                        || out.deadLetter.getReason().contains(m.reasonPrefix()),
                where + ": reason '" + out.deadLetter.getReason() + "', expected '" + m.reasonPrefix() + "'");
    }

    private static void assertDeadLetter(DeadLetter d, Message m, long offset, String where) {
        assertEquals("cdr", d.getSource(), where);
        assertEquals(1, d.getPartition(), where);
        assertEquals(offset, d.getOffset(), where);
        assertTrue(d.getReason() != null && !d.getReason().isBlank(), where + ": a reason");
        assertTrue(d.getRaw().length() <= PrintableBytes.MAX_BYTES * 4 + 40, where + ": raw text is cut");
        if (m.bytes().length == 0) {
            return;
        }
        ByteBuffer raw = d.getRawBytes().duplicate();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        assertArrayEquals(m.bytes(), bytes, where + ": original bytes kept");
    }

    private static void assertSound(CallRecord r, String where) {
        assertTrue(r.getCaller().startsWith("+") && r.getCallee().startsWith("+"), where + ": numbers normalized");
        assertTrue(r.getDurationS() >= 0, where + ": duration not negative");
        Instant t = r.getStartTime();
        assertTrue(!t.isBefore(Instant.parse("1970-01-01T00:00:00Z"))
                && t.isBefore(Instant.parse("2101-01-01T00:00:00Z")), where + ": time in range " + t);
    }
}
