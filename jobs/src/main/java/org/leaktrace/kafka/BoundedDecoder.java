package org.leaktrace.kafka;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * A binary Avro decoder over one message that refuses any length or count larger than the bytes
 * left in the message.
 *
 * <p>Avro's own decoders trust the length prefix of a string or byte array and allocate it before
 * reading: one corrupt message claiming a 2 GB record id exhausts the heap and takes the
 * TaskManager down, and after the restart the same message does it again. A length can never
 * honestly exceed what is left of the message, so checking it costs nothing. Counts of array and
 * map items are bounded the same way (every item of the LeakTrace schemas takes at least a byte).
 */
final class BoundedDecoder extends Decoder {
    private final ByteArrayInputStream in;
    private final BinaryDecoder decoder;

    /** Decodes {@code length} bytes of {@code message} from {@code offset}. */
    BoundedDecoder(byte[] message, int offset, int length) {
        this.in = new ByteArrayInputStream(message, offset, length);
        // The direct decoder reads no further ahead than each value, so in.available() is exact.
        this.decoder = DecoderFactory.get().directBinaryDecoder(in, null);
    }

    /** Bytes of the message not yet read. */
    int remaining() {
        return in.available();
    }

    private int bounded(long length, String what) throws IOException {
        if (length < 0 || length > remaining()) {
            throw new IOException(what + " of " + length + " exceeds the " + remaining() + " bytes left");
        }
        return (int) length;
    }

    @Override
    public void readNull() throws IOException {
        decoder.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return decoder.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return decoder.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return decoder.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return decoder.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return decoder.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = bounded(decoder.readLong(), "string length");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        decoder.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public void skipString() throws IOException {
        decoder.skipFixed(bounded(decoder.readLong(), "string length"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        byte[] bytes = new byte[bounded(decoder.readLong(), "bytes length")];
        decoder.readFixed(bytes, 0, bytes.length);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public void skipBytes() throws IOException {
        decoder.skipFixed(bounded(decoder.readLong(), "bytes length"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        decoder.readFixed(bytes, start, bounded(length, "fixed size"));
    }

    @Override
    public void skipFixed(int length) throws IOException {
        decoder.skipFixed(bounded(length, "fixed size"));
    }

    @Override
    public int readEnum() throws IOException {
        return decoder.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return bounded(decoder.readArrayStart(), "array count");
    }

    @Override
    public long arrayNext() throws IOException {
        return bounded(decoder.arrayNext(), "array count");
    }

    @Override
    public long skipArray() throws IOException {
        return decoder.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return bounded(decoder.readMapStart(), "map count");
    }

    @Override
    public long mapNext() throws IOException {
        return bounded(decoder.mapNext(), "map count");
    }

    @Override
    public long skipMap() throws IOException {
        return decoder.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return decoder.readIndex();
    }
}
