package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

class CompactBytesTest {

    private interface Writer {
        void write(DataOutputSerializer out) throws IOException;
    }

    private static byte[] bytes(Writer w) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4);
        w.write(out);
        return out.getCopyOfBuffer();
    }

    private static DataInputDeserializer in(byte[] raw) {
        return new DataInputDeserializer(raw);
    }

    @Test
    void longsRoundTripAndSmallMagnitudesTakeOneByte() throws IOException {
        long[] values = {0, 1, -1, 63, -64, 64, 1_772_330_100_000L, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE};
        for (long v : values) {
            byte[] raw = bytes(out -> CompactBytes.writeLong(out, v));
            assertEquals(v, CompactBytes.readLong(in(raw)));
        }
        assertEquals(1, bytes(out -> CompactBytes.writeLong(out, -64)).length);
        assertEquals(2, bytes(out -> CompactBytes.writeLong(out, 64)).length);
        assertEquals(10, bytes(out -> CompactBytes.writeLong(out, Long.MIN_VALUE)).length);
    }

    @Test
    void intSizeIsWhatWriteIntTakes() throws IOException {
        for (int v : new int[] {0, 1, -1, 63, 64, -65, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertEquals(bytes(out -> CompactBytes.writeInt(out, v)).length, CompactBytes.intSize(v), "v=" + v);
        }
    }

    @Test
    void intOutOfRangeIsAnError() throws IOException {
        byte[] raw = bytes(out -> CompactBytes.writeLong(out, 1L << 40));
        assertThrows(IOException.class, () -> CompactBytes.readInt(in(raw)));
    }

    /** A ten-byte varint can carry the 64th bit: a length that reads as negative is corrupt, not an array size. */
    @Test
    void aLengthWithTheTopBitSetIsAnError() throws IOException {
        byte[] plainText = bytes(out -> {
            CompactBytes.writeInt(out, 1);
            Varints.writeUnsigned(out, -1L);
        });
        assertThrows(IOException.class, () -> CompactBytes.readText(in(plainText)));
        byte[] prefix = bytes(out -> {
            CompactBytes.writeInt(out, 2);
            Varints.writeUnsigned(out, -2L);
        });
        assertThrows(IOException.class, () -> CompactBytes.readText(in(prefix)));
    }

    /** A numeric tail with more digits than its tag says, or read as negative, is corrupt; with a wide prefix too. */
    @Test
    void aTailLongerThanItsDigitsIsAnError() throws IOException {
        byte[] narrow = bytes(out -> {
            CompactBytes.writeInt(out, 2 * 2);
            Varints.writeUnsigned(out, 1);
            Varints.writeUnsigned(out, 'x');
            Varints.writeUnsigned(out, 123);
        });
        assertThrows(IOException.class, () -> CompactBytes.readText(in(narrow)));
        byte[] wide = bytes(out -> {
            CompactBytes.writeInt(out, 2 * 2);
            Varints.writeUnsigned(out, 1);
            Varints.writeUnsigned(out, '号');
            Varints.writeUnsigned(out, 123);
        });
        assertThrows(IOException.class, () -> CompactBytes.readText(in(wide)));
        byte[] negative = bytes(out -> {
            CompactBytes.writeInt(out, 2 * 18);
            Varints.writeUnsigned(out, 0);
            Varints.writeUnsigned(out, -5L);
        });
        assertThrows(IOException.class, () -> CompactBytes.readText(in(negative)));
    }

    @Test
    void textsRoundTripExactly() throws IOException {
        String[] texts = {"", "+8613800138000", "CDR0000000001", "008613256864311", "352050115648833", "0", "007",
            "460-00-4100-100", "SCH-047", "1234567890123456789012", "plain", "é+1", "+", "9223372036854775807",
            "号码123", "a号07", "ÿ-0000", "-", "_/:.", "12.5", "+86 1380"};
        for (String t : texts) {
            byte[] raw = bytes(out -> CompactBytes.writeText(out, t));
            assertEquals(t, CompactBytes.readText(in(raw)), t);
        }
        assertNull(CompactBytes.readText(in(bytes(out -> CompactBytes.writeText(out, null)))));
    }

    @Test
    void textsReadOneAfterAnotherKeepTheirOwnCharsAcrossTheThreadsArray() throws IOException {
        // A text with a numeric tail is built in the thread's array when short, in its own when
        // long; a long text before short ones, and every text read keeps its chars afterwards.
        String[] texts = {"SCH-" + "7".repeat(18), "+" + "1".repeat(13), "x".repeat(ByteText.SCRATCH_BYTES) + "12",
            "460-" + "0".repeat(ByteText.SCRATCH_BYTES), "460-00-1",
            "ab" + "c".repeat(ByteText.SCRATCH_BYTES - 3) + "4", "SCH-047", "9", "é" + "e".repeat(300) + "5", "+86"};
        DataOutputSerializer out = new DataOutputSerializer(8);
        for (String t : texts) {
            CompactBytes.writeText(out, t);
        }
        DataInputDeserializer in = in(out.getCopyOfBuffer());
        String[] read = new String[texts.length];
        for (int i = 0; i < texts.length; i++) {
            read[i] = CompactBytes.readText(in);
            assertEquals(texts[i], read[i]);
        }
        assertArrayEquals(texts, read);
        assertEquals(0, in.available());
    }

    /** A record id is whatever the feed sent: BadMessagesITCase's 200 kB one stopped the job. */
    @Test
    void textsLongerThanWriteUtfAllowsRoundTrip() throws IOException {
        String huge = "id-" + "x".repeat(200_000);
        String hugeWithDigits = "id-" + "é".repeat(100_000) + "123";
        for (String t : new String[] {huge, hugeWithDigits}) {
            byte[] raw = bytes(out -> CompactBytes.writeText(out, t));
            assertEquals(t, CompactBytes.readText(in(raw)));
        }
    }

    @Test
    void digitTailsAreWrittenAsNumbers() throws IOException {
        assertEquals(6, bytes(out -> CompactBytes.writeText(out, "CDR0000000001")).length, "15 as UTF");
        assertEquals(7, bytes(out -> CompactBytes.writeText(out, "HLT-009")).length, "9 as UTF");
    }

    @Test
    void numbersAndCellIdsArePackedTwoCharsAByte() throws IOException {
        assertEquals(8, bytes(out -> CompactBytes.writeText(out, "+8613800138000")).length, "10 as a tail, 16 as UTF");
        assertEquals(9, bytes(out -> CompactBytes.writeText(out, "352050115648833")).length, "17 as UTF");
        assertEquals(9, bytes(out -> CompactBytes.writeText(out, "460-00-4100-100")).length, "17 as UTF");
        assertEquals(2, bytes(out -> CompactBytes.writeText(out, "7")).length);
        String longest = "0123456789+-.:/_".repeat(62) + "12345678";
        assertEquals(1_000, longest.length());
        byte[] raw = bytes(out -> CompactBytes.writeText(out, longest));
        assertEquals(2 + 500, raw.length, "a tag of two bytes");
        assertEquals(longest, CompactBytes.readText(in(raw)));
        String tooLong = longest + "9";
        assertEquals(tooLong, CompactBytes.readText(in(bytes(out -> CompactBytes.writeText(out, tooLong)))));
    }

    @Test
    void aPackedTextWithACharAfterItsEndOrTooLongIsAnError() throws IOException {
        byte[] odd = bytes(out -> {
            CompactBytes.writeInt(out, 2 * 3 + 1);
            out.writeByte(0x12);
            out.writeByte(0x34);
        });
        assertThrows(IOException.class, () -> CompactBytes.readText(in(odd)));
        byte[] even = bytes(out -> {
            CompactBytes.writeInt(out, 2 * 3 + 1);
            out.writeByte(0x12);
            out.writeByte(0x30);
        });
        assertEquals("123", CompactBytes.readText(in(even)));
        byte[] huge = bytes(out -> CompactBytes.writeInt(out, 2 * 1_001 + 1));
        assertThrows(IOException.class, () -> CompactBytes.readText(in(huge)));
    }

    @Test
    void bitmapsRoundTripSparseOrDense() throws IOException {
        long[] sparse = new long[8];
        sparse[0] = 1L;
        sparse[3] = 1L << 63;
        sparse[7] = 0x30L;
        long[] dense = new long[8];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = 0x5555_5555_5555_5555L;
        }
        long[][] cases = {sparse, dense, new long[8], new long[0]};
        for (long[] words : cases) {
            byte[] raw = bytes(out -> CompactBytes.writeBits(out, words));
            assertArrayEquals(words, CompactBytes.readBits(in(raw)));
        }
        assertNull(CompactBytes.readBits(in(bytes(out -> CompactBytes.writeBits(out, null)))));
        assertTrue(bytes(out -> CompactBytes.writeBits(out, sparse)).length <= 8, "four bits, a few bytes");
        assertEquals(1 + 64, bytes(out -> CompactBytes.writeBits(out, dense)).length, "half set: dense");
    }
}
