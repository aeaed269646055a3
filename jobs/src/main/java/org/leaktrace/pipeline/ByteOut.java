package org.leaktrace.pipeline;

import java.util.Arrays;

/**
 * A growing byte array to encode state into: big-endian fixed-width numbers, as {@code
 * DataOutputStream} writes them, and unsigned varints.
 *
 * <p>The compact state codecs run on every record of the keyed stages. Over a {@code
 * ByteArrayOutputStream} each byte was a synchronized call that checked the capacity, which made
 * encoding and decoding about 45 % of the caller-profile task (BENCHMARKS.md, "State codecs
 * without streams"). This writes into its array directly.
 */
public final class ByteOut {
    private byte[] buf;
    private int pos;

    /** An empty output with room for {@code capacity} bytes before it grows. */
    public ByteOut(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    public void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    public void write(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** Four bytes, big-endian. */
    public void writeInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    /** Eight bytes, big-endian. */
    public void writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    /** The IEEE 754 bits, as {@link #writeLong}. */
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    /** Seven bits a byte, low bits first, the high bit set on all but the last byte. */
    public void writeUnsigned(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Bytes written so far. */
    public int size() {
        return pos;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
