package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.leaktrace.pipeline.Varints;
import org.leaktrace.schema.internal.Touch;

class SubscriberStateCodecTest {
    private static final long T0 = CallBuilder.T0.toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final TouchConfig config = TouchConfig.defaults();
    private final SubscriberStateCodec codec = new SubscriberStateCodec(config);

    /** A subscriber with five touches and 20 remembered contacts. */
    static SubscriberState typical(TouchConfig config) {
        SubscriberState s = SubscriberState.empty(config);
        String[] sources = {"SCH-047", "BANK-003", "CUR-112", "HOSP-019", "+861062345678"};
        for (int i = 0; i < sources.length; i++) {
            s.touch(sources[i], T0 + i * 24 * HOUR);
            s.touch(sources[i], T0 + i * 24 * HOUR + 30 * 24 * HOUR);
        }
        for (int i = 0; i < 20; i++) {
            s.memory().add(i % 2 == 0 ? ContactMemory.OUT : ContactMemory.IN, CallBuilder.mobile(i),
                    config.contactBloomCapacity());
        }
        return s;
    }

    @Test
    void roundTripKeepsTouchesAndContacts() {
        SubscriberState s = typical(config);
        byte[] bytes = codec.encode(s);
        SubscriberState back = codec.decode(bytes);

        assertEquals(s.touchesBefore(Long.MAX_VALUE), back.touchesBefore(Long.MAX_VALUE));
        assertTrue(back.memory().contains(ContactMemory.OUT, CallBuilder.mobile(4)));
        assertTrue(back.memory().contains(ContactMemory.IN, CallBuilder.mobile(5)));
        assertFalse(back.memory().contains(ContactMemory.OUT, CallBuilder.mobile(5)));
        assertArrayEquals(bytes, codec.encode(back));
    }

    @Test
    void typicalSubscriberIsWellUnder300Bytes() {
        int size = codec.encode(typical(config)).length;
        System.out.println("subscriber state bytes (5 touches, 20 contacts): " + size);
        assertTrue(size <= 160, "typical subscriber state took " + size + " bytes");
        SubscriberState full = SubscriberState.empty(config);
        for (int i = 0; i < 8; i++) {
            full.touch(String.format("+86106%010d", i), T0 + i * HOUR);
        }
        int fullSize = codec.encode(full).length;
        System.out.println("subscriber state bytes (8 number touches): " + fullSize);
        assertTrue(fullSize < 300, "full subscriber state took " + fullSize + " bytes");
    }

    @Test
    void evictsLeastRecentlyTouched() {
        SubscriberState s = SubscriberState.empty(config);
        for (int i = 0; i < 8; i++) {
            assertTrue(s.touch("ORG-" + i, T0 + i * HOUR));
        }
        assertFalse(s.touch("ORG-0", T0 + 10 * HOUR), "ORG-0 touched again becomes the most recent");
        assertTrue(s.touch("ORG-8", T0 + 11 * HOUR));

        SubscriberState back = codec.decode(codec.encode(s));
        List<String> sources = back.touchesBefore(Long.MAX_VALUE).stream()
                .map(Touch::getSource)
                .collect(Collectors.toList());
        assertEquals(8, sources.size());
        assertTrue(sources.contains("ORG-0"));
        assertTrue(sources.contains("ORG-8"));
        assertFalse(sources.contains("ORG-1"), "ORG-1 was the least recently touched");
    }

    @Test
    void touchesBeforeKeepsFirstAndLastAtMinuteResolution() {
        SubscriberState s = SubscriberState.empty(config);
        s.touch("SCH-047", T0 + 5 * HOUR + 42_000);
        s.touch("SCH-047", T0 + 2 * HOUR);
        s.touch("CUR-112", T0 + 9 * HOUR);

        List<Touch> before = codec.decode(codec.encode(s)).touchesBefore(T0 + 3 * HOUR);
        assertEquals(List.of(new Touch("SCH-047", T0 + 2 * HOUR, T0 + 5 * HOUR)), before);
    }

    @Test
    void contactMemoryForgetsOldestGenerationInsteadOfSaturating() {
        ContactMemory memory = new ContactMemory(256, 2);
        for (int i = 0; i < 24; i++) {
            memory.add(ContactMemory.OUT, CallBuilder.mobile(i), 24);
        }
        for (int i = 24; i < 72; i++) {
            memory.add(ContactMemory.OUT, CallBuilder.mobile(i), 24);
        }
        for (int i = 48; i < 72; i++) {
            assertTrue(memory.contains(ContactMemory.OUT, CallBuilder.mobile(i)));
        }
        int falsePositives = 0;
        for (int i = 1000; i < 2000; i++) {
            if (memory.contains(ContactMemory.OUT, CallBuilder.mobile(i))) {
                falsePositives++;
            }
        }
        assertTrue(falsePositives < 100, "false positive rate " + falsePositives / 10.0 + "%");
        long forgotten = java.util.stream.IntStream.range(0, 24)
                .filter(i -> !memory.contains(ContactMemory.OUT, CallBuilder.mobile(i)))
                .count();
        assertTrue(forgotten > 12, "two rotations later most of the first generation is forgotten");
    }

    /** A subscriber as the stream-based build wrote it ({@code b880d3c}): read and written back the same. */
    @Test
    void aSubscriberWrittenBeforeReadsAndIsWrittenBackTheSame() {
        byte[] stored = HexFormat.of().parseHex(
            "01041000e0a0801402100802200208800014001004910000a024201840d0012100000000000000000000000000000000"
            + "0000000000000000000000000000000000001405075343482d30343701c2b9ebc0d1020842414e4b2d30303301c2bf8b"
            + "c0d102074355522d31313201c2c52bc0d10208484f53502d30313901c2cacbc0d1020d2b383631303632333435363738"
            + "01c2d06bc0d102");
        assertArrayEquals(stored, codec.encode(typical(config)));
        assertArrayEquals(stored, codec.encode(codec.decode(stored)));
    }

    /** A source key's length that reads as negative (the 64th bit set) is corrupt state, not an array size. */
    @Test
    void aNegativeKeyLengthIsAnError() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(32);
        out.writeByte(SubscriberStateCodec.VERSION);
        out.writeByte(0);
        Varints.writeUnsigned(out, 0);
        out.writeByte(1);
        Varints.writeUnsigned(out, -1L);
        byte[] corrupt = out.getCopyOfBuffer();
        assertThrows(UncheckedIOException.class, () -> codec.decode(corrupt));
    }
}
