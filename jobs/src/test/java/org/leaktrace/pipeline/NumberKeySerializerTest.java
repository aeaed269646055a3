package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link NumberKeySerializer} under Flink's serializer test suite, the bytes a number key takes,
 * and how its snapshot answers state that Flink's string serializer wrote.
 */
class NumberKeySerializerTest extends SerializerTestBase<String> {
    @Override
    protected TypeSerializer<String> createSerializer() {
        return NumberKeySerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<String> getTypeClass() {
        return String.class;
    }

    @Override
    protected String[] getTestData() {
        return new String[] {
            "+8613812345678", "358991104482920", "+0", "0", "007", "+00861", "999999999999999999",
            "+999999999999999999", "1000000000000000000", "+12345678901234567890", "", "+", "++1", "1+",
            "106900", "HLT-009", "460-00-4114-70", "记录-é-\uD83D\uDCDE", "\uD800", "x".repeat(126),
            "x".repeat(127), "号".repeat(300),
        };
    }

    private static byte[] bytes(String key) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(32);
        NumberKeySerializer.INSTANCE.serialize(key, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void aNumberTakesAHeaderAndItsDigitsValue() throws IOException {
        assertEquals(7, bytes("+8613812345678").length, "15 bytes in Flink's string form");
        assertEquals(8, bytes("358991104482920").length, "an IMEI: 16 in Flink's string form");
        assertEquals(2, bytes("+1").length);
        assertEquals(9, bytes("+999999999999999999").length, "18 digits, the most written as a number");
        for (int digits = 1; digits <= NumberKeySerializer.MAX_DIGITS; digits++) {
            String nines = "9".repeat(digits);
            assertEquals(1 + NumberKeySerializer.valueBytes(digits), bytes(nines).length, nines);
            assertTrue(Math.pow(256, NumberKeySerializer.valueBytes(digits)) > Math.pow(10, digits) - 1, nines);
            assertTrue(Math.pow(256, NumberKeySerializer.valueBytes(digits) - 1) < Math.pow(10, digits) - 1, nines);
        }
    }

    @Test
    void otherStringsAreWrittenInFlinksFormAndALongOneAfterAByte() throws IOException {
        for (String other : new String[] {"HLT-009", "", "+12345678901234567890", "记录", "x".repeat(126)}) {
            assertArrayEquals(flinksForm(other), bytes(other), other);
        }
        for (String longer : new String[] {"x".repeat(127), "号".repeat(300)}) {
            assertEquals(flinksForm(longer).length + 1, bytes(longer).length, longer);
        }
    }

    /** Timers in RocksDB are read with the operator's key serializer, whatever the backend restored. */
    @Test
    void flinksFormOfAStringShorterThan127CharsIsRead() throws IOException {
        for (String key : getTestData()) {
            if (key.length() < 127) {
                assertEquals(key, read(flinksForm(key)), key);
            }
        }
    }

    private static byte[] flinksForm(String s) throws IOException {
        DataOutputSerializer flink = new DataOutputSerializer(32);
        StringSerializer.INSTANCE.serialize(s, flink);
        return flink.getCopyOfBuffer();
    }

    @Test
    void corruptBytesAreAClearError() {
        assertThrows(IOException.class, () -> read(new byte[] {0}), "Flink's null");
        assertThrows(IOException.class, () -> read(new byte[] {(byte) 0x80}), "no digits");
        assertThrows(IOException.class, () -> read(new byte[] {(byte) (0x80 | 2 * 19)}), "19 digits");
        assertThrows(IOException.class, () -> read(new byte[] {(byte) 0xFE}), "not a first byte");
        assertThrows(IOException.class, () -> read(new byte[] {(byte) (0x80 | 2), (byte) 10}), "10 is not one digit");
        assertThrows(IOException.class,
                () -> read(new byte[] {(byte) (0x80 | 2 * 18), -1, -1, -1, -1, -1, -1, -1, -1}), "a negative value");
        assertThrows(IOException.class, () -> read(new byte[] {(byte) 3, '1'}), "a string cut short");
    }

    private static String read(byte[] raw) throws IOException {
        return NumberKeySerializer.INSTANCE.deserialize(new DataInputDeserializer(raw));
    }

    @Test
    void stateWrittenByFlinksStringSerializerKeepsIt() {
        TypeSerializerSchemaCompatibility<String> strings = NumberKeySerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(StringSerializer.INSTANCE.snapshotConfiguration());
        assertTrue(strings.isCompatibleWithReconfiguredSerializer(), strings.toString());
        assertSame(StringSerializer.INSTANCE, strings.getReconfiguredSerializer());
        assertTrue(NumberKeySerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(NumberKeySerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAsIs());
    }

    @Test
    void theKeyTypeUsesThisSerializer() {
        assertSame(NumberKeySerializer.INSTANCE,
                NumberKeySerializer.TYPE.createSerializer(new SerializerConfigImpl()));
        assertTrue(NumberKeySerializer.TYPE.isKeyType());
        assertEquals(String.class, NumberKeySerializer.TYPE.getTypeClass());
    }

    @Test
    void anotherTypesStateIsIncompatible() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSchemaCompatibility<String> longs = NumberKeySerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility((org.apache.flink.api.common.typeutils.TypeSerializerSnapshot)
                        LongSerializer.INSTANCE.snapshotConfiguration());
        assertTrue(longs.isIncompatible());
    }
}
