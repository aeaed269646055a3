package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** {@link StateBytesSerializer} under Flink's serializer test suite, its length's bytes, and its snapshot. */
class StateBytesSerializerTest extends SerializerTestBase<byte[]> {
    @Override
    protected TypeSerializer<byte[]> createSerializer() {
        return StateBytesSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<byte[]> getTypeClass() {
        return byte[].class;
    }

    @Override
    protected byte[][] getTestData() {
        byte[] profile = new byte[127];
        byte[] large = new byte[70_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        return new byte[][] {new byte[0], {2, 15, -1}, profile, new byte[128], large};
    }

    @Test
    void aLengthBelow128TakesOneByte() throws IOException {
        assertEquals(1 + 127, written(new byte[127]), "4 + 127 with Flink's byte array serializer");
        assertEquals(2 + 200, written(new byte[200]));
    }

    private static int written(byte[] value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        StateBytesSerializer.INSTANCE.serialize(value, out);
        return out.length();
    }

    @Test
    void aCorruptLengthIsAClearError() {
        byte[] negative = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        assertThrows(IOException.class,
                () -> StateBytesSerializer.INSTANCE.deserialize(new DataInputDeserializer(negative)));
    }

    @Test
    void stateOfFlinksByteArraySerializerIsMigrated() {
        assertTrue(StateBytesSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(BytePrimitiveArraySerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAfterMigration());
        assertTrue(StateBytesSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(StateBytesSerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAsIs());
    }
}
