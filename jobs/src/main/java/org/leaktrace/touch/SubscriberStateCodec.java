package org.leaktrace.touch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.leaktrace.pipeline.ByteIn;
import org.leaktrace.pipeline.ByteOut;

/**
 * Compact binary form of a {@link SubscriberState}, stored as one {@code byte[]} per subscriber.
 *
 * <p>Tens of millions of subscribers make every byte count, so this is hand-rolled rather than
 * Avro or a POJO serializer: version byte, the two contact-memory generations (their word count
 * is written so a changed configuration still reads old state), the insert count of the
 * current generation, then each touch as a length-prefixed UTF-8 source key, its first minute
 * (4 bytes) and the minutes from first to last touch as a varint. A subscriber with five touches
 * of directory organizations takes about 150 bytes.
 */
public final class SubscriberStateCodec {
    static final byte VERSION = 1;

    private final TouchConfig config;

    public SubscriberStateCodec(TouchConfig config) {
        this.config = config;
    }

    /** Serializes {@code state}. */
    public byte[] encode(SubscriberState state) {
        ByteOut out = new ByteOut(32 + state.memory.current().length * 16 + state.size * 24);
        out.writeByte(VERSION);
        long[] current = state.memory.current();
        out.writeByte(current.length);
        for (long word : current) {
            out.writeLong(word);
        }
        for (long word : state.memory.previous()) {
            out.writeLong(word);
        }
        out.writeUnsigned(Integer.toUnsignedLong(state.memory.currentCount()));
        out.writeByte(state.size);
        for (int i = 0; i < state.size; i++) {
            byte[] key = state.sources[i].getBytes(StandardCharsets.UTF_8);
            out.writeUnsigned(key.length);
            out.write(key);
            out.writeInt(state.firstMinute[i]);
            out.writeUnsigned(Integer.toUnsignedLong(state.lastMinute[i] - state.firstMinute[i]));
        }
        return out.toByteArray();
    }

    /** Reads a state written by {@link #encode}; extra touches beyond maxTouches are dropped. */
    public SubscriberState decode(byte[] bytes) {
        try {
            return decode(new ByteIn(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable subscriber state", e);
        }
    }

    private SubscriberState decode(ByteIn in) throws IOException {
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
        int count = (int) in.readUnsigned();
        int configuredWords = config.contactBloomBits() / 64;
        ContactMemory memory = words == configuredWords
                ? new ContactMemory(current, previous, count, config.contactBloomHashes())
                : new ContactMemory(config.contactBloomBits(), config.contactBloomHashes());
        SubscriberState state = new SubscriberState(config.maxTouches(), memory);
        int touches = in.readUnsignedByte();
        for (int i = 0; i < touches; i++) {
            String source = new String(in.readBytes((int) in.readUnsigned()), StandardCharsets.UTF_8);
            int first = in.readInt();
            int last = first + (int) in.readUnsigned();
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
