package org.leaktrace.touch;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.leaktrace.pipeline.Varints;

/**
 * Compact binary form of a {@link SubscriberState}, stored as one {@code byte[]} per subscriber.
 *
 * <p>Tens of millions of subscribers make every byte count, so this is hand-rolled rather than
 * Avro or a POJO serializer: version byte, the two contact-memory generations (their word count
 * is written so a changed configuration still reads old state), the insert count of the
 * current generation, then each touch as a length-prefixed UTF-8 source key, its first minute
 * (4 bytes) and the minutes from first to last touch as a varint. A subscriber with five touches
 * of directory organizations takes about 150 bytes.
 *
 * <p>A codec writes through one buffer of its own, so one codec serves one thread: the touchpoint
 * operator's, which encodes every callee's state per call (a buffer per call wrapped a new
 * {@code ByteBuffer} each time, 1.3 % of a replay's CPU samples).
 */
public final class SubscriberStateCodec {
    static final byte VERSION = 1;

    private final TouchConfig config;
    private final DataOutputSerializer out = new DataOutputSerializer(256);

    public SubscriberStateCodec(TouchConfig config) {
        this.config = config;
    }

    /** Serializes {@code state}. */
    public byte[] encode(SubscriberState state) {
        out.clear();
        try {
            out.writeByte(VERSION);
            long[] current = state.memory.current();
            out.writeByte(current.length);
            for (long word : current) {
                out.writeLong(word);
            }
            for (long word : state.memory.previous()) {
                out.writeLong(word);
            }
            Varints.writeUnsigned(out, Integer.toUnsignedLong(state.memory.currentCount()));
            out.writeByte(state.size);
            for (int i = 0; i < state.size; i++) {
                byte[] key = state.sources[i].getBytes(StandardCharsets.UTF_8);
                Varints.writeUnsigned(out, key.length);
                out.write(key);
                out.writeInt(state.firstMinute[i]);
                Varints.writeUnsigned(out, Integer.toUnsignedLong(state.lastMinute[i] - state.firstMinute[i]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.getCopyOfBuffer();
    }

    /** Reads a state written by {@link #encode}; extra touches beyond maxTouches are dropped. */
    public SubscriberState decode(byte[] bytes) {
        try {
            return read(new DataInputDeserializer(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable subscriber state", e);
        }
    }

    private SubscriberState read(DataInputDeserializer in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IllegalStateException("unknown subscriber state version " + version);
        }
        int words = in.readUnsignedByte();
        long[] current = new long[words];
        long[] previous = new long[words];
        for (int i = 0; i < words; i++) {
            current[i] = in.readLong();
        }
        for (int i = 0; i < words; i++) {
            previous[i] = in.readLong();
        }
        int count = (int) Varints.readUnsigned(in);
        int configuredWords = config.contactBloomBits() / 64;
        ContactMemory memory = words == configuredWords
                ? new ContactMemory(current, previous, count, config.contactBloomHashes())
                : new ContactMemory(config.contactBloomBits(), config.contactBloomHashes());
        SubscriberState state = new SubscriberState(config.maxTouches(), memory);
        int touches = in.readUnsignedByte();
        for (int i = 0; i < touches; i++) {
            long length = Varints.readUnsigned(in);
            if (length < 0 || length > in.available()) {
                throw new EOFException("a source key of " + length + " bytes in " + in.available());
            }
            byte[] key = new byte[(int) length];
            in.readFully(key);
            String source = new String(key, StandardCharsets.UTF_8);
            int first = in.readInt();
            int last = first + (int) Varints.readUnsigned(in);
            if (state.size < config.maxTouches()) {
                state.sources[state.size] = source;
                state.firstMinute[state.size] = first;
                state.lastMinute[state.size] = last;
                state.size++;
            }
        }
        return state;
    }
}
