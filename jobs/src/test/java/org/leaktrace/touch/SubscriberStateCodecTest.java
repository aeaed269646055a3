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
import org.leaktrace.pipeline.CompactBytes;
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
    void typicalAndFullSubscribersStaySmall() {
        int size = codec.encode(typical(config)).length;
        System.out.println("subscriber state bytes (5 touches, 20 contacts): " + size);
        assertTrue(size <= 110, "typical subscriber state took " + size + " bytes");
        SubscriberState full = SubscriberState.empty(config);
        for (int i = 0; i < 8; i++) {
            full.touch(String.format("+86106%010d", i), T0 + i * HOUR);
        }
        int fullSize = codec.encode(full).length;
        System.out.println("subscriber state bytes (8 number touches): " + fullSize);
        assertTrue(fullSize <= 120, "full subscriber state took " + fullSize + " bytes");
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

    /** Version 1 as the stream-based build wrote it ({@code b880d3c}), fixed-width generations and minutes. */
    private static final String TYPICAL_V1 =
            "01041000e0a0801402100802200208800014001004910000a024201840d0012100000000000000000000000000000000"
            + "0000000000000000000000000000000000001405075343482d30343701c2b9ebc0d1020842414e4b2d30303301c2bf8b"
            + "c0d102074355522d31313201c2c52bc0d10208484f53502d30313901c2cacbc0d1020d2b383631303632333435363738"
            + "01c2d06bc0d102";

    /** Version 3 of the same subscriber: as version 2, the number among its sources packed two digits a byte. */
    private static final String TYPICAL_V3 =
            "03101000e0a0801402100802200208800014001004910000a024201840d001210000120014050c045343482d2fd6e795"
            + "1cc0d1020c0542414e4b2d03c016c0d1020c044355522d70c016c0d1020c05484f53502d13c016c0d10236a8610623456780c016c0d102";

    /** Version 2 of the same subscriber: sparse generations, compact source keys, first minutes as steps. */
    private static final String TYPICAL_V2 =
            "02101000e0a0801402100802200208800014001004910000a024201840d001210000120014050c045343482d2fd6e795"
            + "1cc0d1020c0542414e4b2d03c016c0d1020c044355522d70c016c0d1020c05484f53502d13c016c0d10230012bcee7c2da8719c016c0d102";

    @Test
    void theTypicalSubscriberIsWrittenInTheCompactForm() {
        byte[] bytes = codec.encode(typical(config));
        assertEquals(TYPICAL_V3, HexFormat.of().formatHex(bytes));
        assertArrayEquals(bytes, codec.encode(codec.decode(bytes)));
    }

    /** A savepoint's subscriber of version 2 reads the same and is written on in version 3, a byte shorter. */
    @Test
    void aSubscriberWrittenInVersionTwoReadsTheSameAndIsWrittenOnInVersionThree() {
        byte[] v2 = HexFormat.of().parseHex(TYPICAL_V2);
        assertEquals(TYPICAL_V3, HexFormat.of().formatHex(codec.encode(codec.decode(v2))));
        assertEquals(v2.length - 1, HexFormat.of().parseHex(TYPICAL_V3).length);
    }

    /** State written before the compact form reads back the same subscriber and is written on in it. */
    @Test
    void aSubscriberWrittenInVersionOneReadsTheSameAndIsWrittenOnCompact() {
        byte[] stored = HexFormat.of().parseHex(TYPICAL_V1);
        SubscriberState back = codec.decode(stored);
        SubscriberState typical = typical(config);

        assertEquals(typical.touchesBefore(Long.MAX_VALUE), back.touchesBefore(Long.MAX_VALUE));
        assertArrayEquals(typical.memory().current(), back.memory().current());
        assertArrayEquals(typical.memory().previous(), back.memory().previous());
        assertEquals(typical.memory().currentCount(), back.memory().currentCount());
        assertArrayEquals(codec.encode(typical), codec.encode(back));
    }

    /** A version 1 source key's length that reads as negative (the 64th bit set) is corrupt state, not an array size. */
    @Test
    void aNegativeKeyLengthIsAnError() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(32);
        out.writeByte(SubscriberStateCodec.VERSION_FIXED_WIDTH);
        out.writeByte(0);
        Varints.writeUnsigned(out, 0);
        out.writeByte(1);
        Varints.writeUnsigned(out, -1L);
        byte[] corrupt = out.getCopyOfBuffer();
        assertThrows(UncheckedIOException.class, () -> codec.decode(corrupt));
    }

    /** A compact touch whose first minute steps outside an int is corrupt state. */
    @Test
    void aFirstMinuteOutsideAnIntIsAnError() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(32);
        out.writeByte(SubscriberStateCodec.VERSION);
        CompactBytes.writeBits(out, new long[4]);
        CompactBytes.writeBits(out, new long[4]);
        Varints.writeUnsigned(out, 0);
        out.writeByte(1);
        CompactBytes.writeText(out, "SCH-047");
        CompactBytes.writeLong(out, 1L << 40);
        Varints.writeUnsigned(out, 0);
        byte[] corrupt = out.getCopyOfBuffer();
        assertThrows(UncheckedIOException.class, () -> codec.decode(corrupt));
    }

    /** A memory written with another word count (a changed configuration) starts afresh; the touches stay. */
    @Test
    void aMemoryOfAnotherSizeStartsAfreshAndKeepsTheTouches() {
        TouchConfig wider = new TouchConfig(config.maxTouches(), config.serviceWindow(), config.subscriberTtl(),
                512, config.contactBloomHashes(), config.contactBloomCapacity(), config.sourceKinds(),
                config.sourceSizeFlushShare(), config.sourceSizeFlushMinDelta(), config.sourceSizeFlushInterval(),
                config.hubMinCallers(), config.hubMinCallSeconds());
        SubscriberState back = new SubscriberStateCodec(wider).decode(codec.encode(typical(config)));

        assertEquals(typical(config).touchesBefore(Long.MAX_VALUE), back.touchesBefore(Long.MAX_VALUE));
        assertEquals(8, back.memory().current().length);
        assertFalse(back.memory().contains(ContactMemory.OUT, CallBuilder.mobile(4)));
    }
}
