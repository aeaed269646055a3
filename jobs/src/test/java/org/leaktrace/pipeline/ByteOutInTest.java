package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ByteOut writes fixed-width numbers as DataOutputStream wrote them, and ByteIn reads everything
 * back; the codecs' own tests pin whole states against bytes the stream-based build wrote.
 */
class ByteOutInTest {

    @Test
    void writesTheBytesDataOutputStreamWroteAndReadsThemBack() throws IOException {
        Random random = new Random(20261204L);
        ByteOut out = new ByteOut(1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(expected);
        int[] ints = new int[2000];
        long[] longs = new long[2000];
        double[] doubles = new double[2000];
        int[] bytes = new int[2000];
        for (int i = 0; i < 2000; i++) {
            bytes[i] = random.nextInt(256);
            ints[i] = i % 3 == 0 ? random.nextInt(300) : random.nextInt();
            longs[i] = i % 5 == 0 ? Long.MIN_VALUE + i : random.nextLong();
            doubles[i] = random.nextGaussian();
            out.writeByte(bytes[i]);
            out.writeInt(ints[i]);
            out.writeLong(longs[i]);
            out.writeDouble(doubles[i]);
            data.writeByte(bytes[i]);
            data.writeInt(ints[i]);
            data.writeLong(longs[i]);
            data.writeDouble(doubles[i]);
        }
        data.flush();
        assertArrayEquals(expected.toByteArray(), out.toByteArray());
        assertEquals(expected.size(), out.size());

        ByteIn in = new ByteIn(out.toByteArray());
        for (int i = 0; i < 2000; i++) {
            assertEquals(bytes[i], in.readUnsignedByte());
            assertEquals(ints[i], in.readInt());
            assertEquals(longs[i], in.readLong());
            assertEquals(doubles[i], in.readDouble());
        }
        assertEquals(0, in.remaining());
    }

    @Test
    void unsignedVarintsTakeSevenBitsAByteAndRoundTrip() throws IOException {
        long[] values = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, 0xFFFF_FFFFL, Long.MAX_VALUE, -1L};
        int[] sizes = {1, 1, 1, 2, 2, 3, 5, 5, 9, 10};
        for (int i = 0; i < values.length; i++) {
            ByteOut out = new ByteOut(1);
            out.writeUnsigned(values[i]);
            assertEquals(sizes[i], out.size(), "size of " + values[i]);
            assertEquals(values[i], new ByteIn(out.toByteArray()).readUnsigned());
        }
        byte[] eleven = new byte[11];
        java.util.Arrays.fill(eleven, (byte) 0x80);
        assertThrows(IOException.class, () -> new ByteIn(eleven).readUnsigned(), "a varint never ends");
    }

    @Test
    void readingPastTheEndIsAnEofNotAnIndexError() {
        byte[] three = {1, 2, 3};
        assertThrows(EOFException.class, () -> new ByteIn(three).readInt());
        assertThrows(EOFException.class, () -> new ByteIn(three, 3).readUnsignedByte());
        assertThrows(EOFException.class, () -> new ByteIn(three).readBytes(4));
        assertThrows(EOFException.class, () -> new ByteIn(three).readBytes(-1));
        assertThrows(EOFException.class, () -> new ByteIn(new byte[] {(byte) 0x80}).readUnsigned());
    }

    @Test
    void readsFromAnOffsetAndCopiesWhatItHandsOut() throws IOException {
        byte[] raw = {9, 0, 0, 1, 0, 5, 6};
        ByteIn in = new ByteIn(raw, 1);
        assertEquals(256, in.readInt());
        byte[] two = in.readBytes(2);
        assertArrayEquals(new byte[] {5, 6}, two);
        two[0] = 42;
        assertEquals(5, raw[5]);
        assertEquals(0, in.remaining());
    }
}
