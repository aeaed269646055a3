package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** {@link HubCallersSerializer} under Flink's serializer test suite, the bytes it saves, and its snapshot. */
class HubCallersSerializerTest extends SerializerTestBase<long[]> {
    /** The minute of 2026-01-04 00:00 UTC, as a number's first kept call. */
    private static final long MINUTE = 29_460_960L;

    @Override
    protected TypeSerializer<long[]> createSerializer() {
        return HubCallersSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<long[]> getTypeClass() {
        return long[].class;
    }

    @Override
    protected long[][] getTestData() {
        return new long[][] {
            {}, {MINUTE}, {MINUTE, 8_613_812_345_678L << 20 | 1_439, 8_613_812_345_679L << 20},
            {-1L, Long.MIN_VALUE, Long.MAX_VALUE, 0L}, {Long.MIN_VALUE},
        };
    }

    @Test
    void theCountAndTheMinuteTakeFiveBytesNotTwelve() throws IOException {
        long[] kept = {MINUTE, 8_613_812_345_678L << 20 | 15, 8_613_812_345_679L << 20 | 2_000};
        DataOutputSerializer out = new DataOutputSerializer(32);
        HubCallersSerializer.INSTANCE.serialize(kept, out);
        DataOutputSerializer flink = new DataOutputSerializer(32);
        LongPrimitiveArraySerializer.INSTANCE.serialize(kept, flink);
        assertEquals(1 + 4 + 2 * 8, out.length());
        assertEquals(flink.length() - 7, out.length());
    }

    @Test
    void aCorruptCountIsAClearError() {
        byte[] count = {-1, -1, -1, -1, 7};
        assertThrows(IOException.class,
                () -> HubCallersSerializer.INSTANCE.deserialize(new DataInputDeserializer(count)));
    }

    @Test
    void stateOfFlinksLongArraySerializerIsMigrated() {
        assertTrue(HubCallersSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(LongPrimitiveArraySerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAfterMigration());
        assertTrue(HubCallersSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(HubCallersSerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAsIs());
    }
}
