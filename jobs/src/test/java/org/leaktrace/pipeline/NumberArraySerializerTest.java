package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.StringArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** {@link NumberArraySerializer} under Flink's serializer test suite, the bytes a device's number takes, and its snapshot. */
class NumberArraySerializerTest extends SerializerTestBase<String[]> {
    @Override
    protected TypeSerializer<String[]> createSerializer() {
        return NumberArraySerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<String[]> getTypeClass() {
        return String[].class;
    }

    @Override
    protected String[][] getTestData() {
        return new String[][] {
            {}, {"+8613812345678"}, {"+8613812345678", "+8613812345679", "+4915112345678"},
            {"", "ORG-SCHOOL-1", "007", "记录"},
        };
    }

    @Test
    void oneNumberTakesEightBytes() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        NumberArraySerializer.INSTANCE.serialize(new String[] {"+8613812345678"}, out);
        assertEquals(8, out.length(), "19 with Flink's string array serializer");
    }

    @Test
    void aCorruptCountIsAClearError() {
        byte[] count = {-1, -1, -1, -1, 7};
        assertThrows(IOException.class,
                () -> NumberArraySerializer.INSTANCE.deserialize(new DataInputDeserializer(count)));
    }

    @Test
    void stateOfFlinksStringArraySerializerIsMigrated() {
        assertTrue(NumberArraySerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(StringArraySerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAfterMigration());
        assertTrue(NumberArraySerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(NumberArraySerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAsIs());
    }
}
