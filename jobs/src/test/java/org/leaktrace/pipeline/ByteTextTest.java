package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

class ByteTextTest {
    @Test
    void stringsOfEveryKindComeBackInSequence() throws IOException {
        String longDigits = "9".repeat(70_000);
        List<String> texts = Arrays.asList(
                "+8613800000001", null, "", "CDR-000000017", "café", "记录", "\uD83D\uDCDE call", longDigits, "ÿ",
                "lone \uD83D surrogate", "7".repeat(32), "8".repeat(33),
                // A question mark is what the one-byte encoder puts for a char it cannot hold.
                "why?", "?", "\uD83D?", "?\uDCDE", "记?", "\uD83D\uDCDE?");
        // A small initial buffer, so that writing grows it, as on the network path.
        DataOutputSerializer out = new DataOutputSerializer(4);
        for (String s : texts) {
            ByteText.write(out, s);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String s : texts) {
            assertEquals(s, ByteText.read(in));
        }
        assertEquals(0, in.available());
    }

    @Test
    void textsOfEveryShortLengthComeBackAfterAnyOffset() throws IOException {
        // Every length from empty to past a record id's, each after 0 to 7 bytes of something
        // else and before a byte of its neighbour's: a read that takes too few or too many bytes,
        // or puts them out of order, shows at some length or alignment.
        for (int offset = 0; offset < 8; offset++) {
            DataOutputSerializer out = new DataOutputSerializer(8);
            out.write(new byte[offset]);
            for (int n = 0; n <= 40; n++) {
                ByteText.write(out, text(n));
                out.writeByte(n);
            }
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            in.skipBytesToRead(offset);
            for (int n = 0; n <= 40; n++) {
                assertEquals(text(n), ByteText.read(in), "length " + n + " after " + offset);
                assertEquals(n, in.readByte());
            }
            assertEquals(0, in.available());
        }
    }

    @Test
    void textsAroundTheThreadsOwnArrayComeBackLongOrShortInAnyOrder() throws IOException {
        // Short texts pass through one array per thread, longer ones get their own: each length
        // on either side of that, a long one before a short one, and the strings read first
        // still hold their own text once later ones are read.
        int[] lengths = {ByteText.SCRATCH_BYTES + 1, 3, ByteText.SCRATCH_BYTES, 0, ByteText.SCRATCH_BYTES - 1,
            1_000, ByteText.SCRATCH_BYTES, 14, 2 * ByteText.SCRATCH_BYTES, 1};
        DataOutputSerializer out = new DataOutputSerializer(8);
        for (int n : lengths) {
            ByteText.write(out, text(n));
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        String[] read = new String[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            read[i] = ByteText.read(in);
            assertEquals(text(lengths[i]), read[i], "length " + lengths[i]);
        }
        for (int i = 0; i < lengths.length; i++) {
            assertEquals(text(lengths[i]), read[i], "length " + lengths[i] + " after the others");
        }
        assertEquals(0, in.available());
    }

    /** Distinct bytes in every position, the high bit set in some, so a misplaced one shows. */
    private static String text(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) (i % 2 == 0 ? '0' + i % 10 : 0xC0 + i));
        }
        return s.toString();
    }

    @Test
    void layoutIsATagThenTheBytes() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        ByteText.write(out, null);
        ByteText.write(out, "+86");
        ByteText.write(out, "é");
        ByteText.write(out, "?");
        ByteText.write(out, "记");
        DataOutputSerializer flinkForm = new DataOutputSerializer(8);
        StringValue.writeString("记", flinkForm);
        byte[] expected = new byte[] {
            0,                      // null
            7, '+', '8', '6',       // 2*3+1, one byte per char
            3, (byte) 0xE9,         // 2*1+1, ISO-8859-1
            3, '?',                 // a question mark is a char like any other
            2,                      // Flink's string form follows
        };
        byte[] written = out.getCopyOfBuffer();
        assertArrayEquals(expected, Arrays.copyOf(written, expected.length));
        assertArrayEquals(flinkForm.getCopyOfBuffer(), Arrays.copyOfRange(written, expected.length, written.length));
    }

    @Test
    void corruptTagsAreErrors() {
        byte[] evenTag = {4, 'a', 'b'};
        assertThrows(IOException.class, () -> ByteText.read(new DataInputDeserializer(evenTag)));
        // A varint of ten bytes whose last carries more than the 64th bit.
        byte[] beyond64Bits = {(byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x02};
        assertThrows(IOException.class, () -> ByteText.read(new DataInputDeserializer(beyond64Bits)));
        // 2^63 + 1: odd, but no length.
        byte[] hugeOdd = {(byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        assertThrows(IOException.class, () -> ByteText.read(new DataInputDeserializer(hugeOdd)));
    }

    @Test
    void aTruncatedTextIsAnError() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        ByteText.write(out, "+8613800000001");
        byte[] bytes = Arrays.copyOf(out.getCopyOfBuffer(), 6);
        assertThrows(EOFException.class, () -> ByteText.read(new DataInputDeserializer(bytes)));
    }
}
