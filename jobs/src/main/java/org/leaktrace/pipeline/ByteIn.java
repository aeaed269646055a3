package org.leaktrace.pipeline;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads what a {@link ByteOut} wrote, from a byte array, without a stream in between.
 *
 * <p>Reading past the end is an {@link EOFException}, as it was from a {@code DataInputStream}, so
 * a truncated state is reported as such and not as an index out of bounds.
 */
public final class ByteIn {
    private final byte[] buf;
    private int pos;

    /** Reads {@code buf} from its first byte. */
    public ByteIn(byte[] buf) {
        this(buf, 0);
    }

    /** Reads {@code buf} from {@code offset}. */
    public ByteIn(byte[] buf, int offset) {
        this.buf = buf;
        this.pos = offset;
    }

    public int readUnsignedByte() throws EOFException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public byte readByte() throws EOFException {
        need(1);
        return buf[pos++];
    }

    /** The next {@code n} bytes. */
    public byte[] readBytes(int n) throws EOFException {
        if (n < 0) {
            throw new EOFException("negative length " + n);
        }
        need(n);
        byte[] result = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return result;
    }

    /** Four bytes, big-endian. */
    public int readInt() throws EOFException {
        need(4);
        int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8 | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /** Eight bytes, big-endian. */
    public long readLong() throws EOFException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public double readDouble() throws EOFException {
        return Double.longBitsToDouble(readLong());
    }

    /** A value written by {@link ByteOut#writeUnsigned}. */
    public long readUnsigned() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint longer than 10 bytes");
    }

    /** Bytes not read yet. */
    public int remaining() {
        return buf.length - pos;
    }

    private void need(int n) throws EOFException {
        if (n > buf.length - pos) {
            throw new EOFException("state ends " + (n - (buf.length - pos)) + " bytes early");
        }
    }
}
