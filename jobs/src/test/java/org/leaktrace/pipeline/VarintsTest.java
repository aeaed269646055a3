package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class VarintsTest {

    private static byte[] written(long v) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1);
        Varints.writeUnsigned(out, v);
        return out.getCopyOfBuffer();
    }

    @Test
    void sevenBitsAByteLowBitsFirstAndBack() throws IOException {
        long[] values = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, 0xFFFF_FFFFL, Long.MAX_VALUE, -1L};
        int[] sizes = {1, 1, 1, 2, 2, 3, 5, 5, 9, 10};
        for (int i = 0; i < values.length; i++) {
            byte[] raw = written(values[i]);
            assertEquals(sizes[i], raw.length, "size of " + values[i]);
            assertEquals(values[i], Varints.readUnsigned(new DataInputDeserializer(raw)));
        }
        assertArrayEquals(new byte[] {(byte) 0xAC, 0x02}, written(300));
    }

    @Test
    void aVarintThatNeverEndsOrIsCutShortIsAnError() {
        byte[] eleven = new byte[11];
        Arrays.fill(eleven, (byte) 0x80);
        assertThrows(IOException.class, () -> Varints.readUnsigned(new DataInputDeserializer(eleven)));
        assertThrows(EOFException.class, () -> Varints.readUnsigned(new DataInputDeserializer(new byte[] {(byte) 0x80})));
    }

    @Test
    void aCountUpToItsBoundReadsAndOneBeyondOrNegativeIsAnError() throws IOException {
        assertEquals(300, Varints.readCount(new DataInputDeserializer(written(300)), 300, "things"));
        IOException beyond = assertThrows(IOException.class,
                () -> Varints.readCount(new DataInputDeserializer(written(301)), 300, "things"));
        assertEquals("things of 301, beyond 300", beyond.getMessage());
        assertThrows(IOException.class, () -> Varints.readCount(new DataInputDeserializer(written(-1)), 300, "things"));
    }

    @Test
    void signedValuesTakeBytesByMagnitude() throws IOException {
        long[] values = {0, -1, 1, -64, 63, 64, -65, Long.MIN_VALUE, Long.MAX_VALUE};
        int[] sizes = {1, 1, 1, 1, 1, 2, 2, 10, 10};
        for (int i = 0; i < values.length; i++) {
            DataOutputSerializer out = new DataOutputSerializer(10);
            Varints.writeSigned(out, values[i]);
            assertEquals(sizes[i], out.length(), "size of " + values[i]);
            assertEquals(values[i], Varints.readSigned(new DataInputDeserializer(out.getCopyOfBuffer())));
        }
    }
}
