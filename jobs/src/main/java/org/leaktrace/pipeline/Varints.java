package org.leaktrace.pipeline;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Unsigned varints on Flink's data views: seven bits a byte, low bits first, the high bit set on
 * all but the last byte.
 *
 * <p>The compact state codecs write through Flink's {@code DataOutputSerializer} and read through
 * its {@code DataInputDeserializer}, which hold a byte array without a stream in between; this
 * adds the one encoding they lack, so the caller and subscriber codecs write it the same way.
 */
public final class Varints {
    private Varints() {}

    /** Writes {@code v}, unsigned: one byte up to 127, ten for a negative value. */
    public static void writeUnsigned(DataOutputView out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /** Reads a value written by {@link #writeUnsigned}. */
    public static long readUnsigned(DataInputView in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = in.readUnsignedByte();
            if (shift == 63 && b > 1) {
                throw new IOException("varint beyond 64 bits");
            }
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint longer than 10 bytes");
    }

    /** Writes {@code v} zigzag-encoded: small magnitudes of either sign take few bytes. */
    public static void writeSigned(DataOutputView out, long v) throws IOException {
        writeUnsigned(out, (v << 1) ^ (v >> 63));
    }

    /** Reads a value written by {@link #writeSigned}. */
    public static long readSigned(DataInputView in) throws IOException {
        long z = readUnsigned(in);
        return (z >>> 1) ^ -(z & 1);
    }

    /**
     * Reads a count or length written by {@link #writeUnsigned}.
     *
     * @throws IOException if it is beyond {@code max}, as only corrupt input would be; {@code
     *     what} names it in the message
     */
    public static int readCount(DataInputView in, int max, String what) throws IOException {
        long n = readUnsigned(in);
        if (n < 0 || n > max) {
            throw new IOException(what + " of " + Long.toUnsignedString(n) + ", beyond " + max);
        }
        return (int) n;
    }

    /**
     * Writes an array's {@code length}, -1 for a null array, as a varint of length + 1.
     *
     * @throws IOException if {@code length} is beyond {@code max}
     */
    public static void writeLength(DataOutputView out, int length, int max) throws IOException {
        if (length > max) {
            throw new IOException("array of " + length + " elements");
        }
        writeUnsigned(out, length + 1L);
    }

    /**
     * Reads a length written by {@link #writeLength}: -1 for a null array.
     *
     * @throws IOException if it is beyond {@code max}, as only corrupt input would be
     */
    public static int readLength(DataInputView in, int max) throws IOException {
        long n = readUnsigned(in);
        if (n < 0 || n > max + 1L) {
            throw new IOException("bad array length " + Long.toUnsignedString(n) + " - 1");
        }
        return (int) n - 1;
    }
}
