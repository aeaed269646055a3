package org.leaktrace.touch;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.leaktrace.pipeline.CompactBytes;
import org.leaktrace.pipeline.Varints;

/**
 * Compact binary form of a {@link SubscriberState}, stored as one {@code byte[]} per subscriber.
 *
 * <p>Tens of millions of subscribers make every byte count, so this is hand-rolled rather than
 * Avro or a POJO serializer. Version 3: version byte, the two contact-memory generations as
 * bitmaps ({@link CompactBytes#writeBits}: the gaps between set bits while that is shorter than
 * the words, so a generation holding a few contacts takes a few bytes instead of 32; the word
 * count travels with them, so a changed configuration still reads old state), the insert count
 * of the current generation, then each touch as its source key ({@link CompactBytes#writeText}:
 * a number packed two digits a byte, an id such as {@code SCH-047} as prefix and numeric tail;
 * version 2, written until 2026-12-06, did not pack numbers), its first minute as a
 * step from the previous touch's and the minutes from first to last touch. A subscriber with
 * five touches and twenty remembered contacts takes 104 bytes (151 in version 1, which
 * wrote both generations' words and the first minutes at fixed width; it is still read).
 *
 * <p>A codec writes through one buffer of its own, so one codec serves one thread: the touchpoint
 * operator's, which encodes every callee's state per call (a buffer per call wrapped a new
 * {@code ByteBuffer} each time, 1.3 % of a replay's CPU samples).
 */
public final class SubscriberStateCodec {
    static final byte VERSION = 3;
    /** Version 3's layout, its source keys written before texts could be packed; still read. */
    static final byte VERSION_UNPACKED_TEXT = 2;
    /** Fixed-width generations and first minutes, written until 2026-12-05. */
    static final byte VERSION_FIXED_WIDTH = 1;

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
            CompactBytes.writeBits(out, state.memory.current());
            CompactBytes.writeBits(out, state.memory.previous());
            Varints.writeUnsigned(out, Integer.toUnsignedLong(state.memory.currentCount()));
            out.writeByte(state.size);
            int previousFirst = 0;
            for (int i = 0; i < state.size; i++) {
                CompactBytes.writeText(out, state.sources[i]);
                CompactBytes.writeLong(out, (long) state.firstMinute[i] - previousFirst);
                Varints.writeUnsigned(out, Integer.toUnsignedLong(state.lastMinute[i] - state.firstMinute[i]));
                previousFirst = state.firstMinute[i];
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.getCopyOfBuffer();
    }

    /** Reads a state written by {@link #encode} in either version; extra touches beyond maxTouches are dropped. */
    public SubscriberState decode(byte[] bytes) {
        try {
            return read(new DataInputDeserializer(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable subscriber state", e);
        }
    }

    private SubscriberState read(DataInputDeserializer in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION && version != VERSION_UNPACKED_TEXT && version != VERSION_FIXED_WIDTH) {
            throw new IllegalStateException("unknown subscriber state version " + version);
        }
        boolean fixedWidth = version == VERSION_FIXED_WIDTH;
        long[] current;
        long[] previous;
        if (fixedWidth) {
            int words = in.readUnsignedByte();
            current = readWords(in, words);
            previous = readWords(in, words);
        } else {
            current = CompactBytes.readBits(in);
            previous = CompactBytes.readBits(in);
        }
        int count = (int) Varints.readUnsigned(in);
        int configuredWords = config.contactBloomBits() / 64;
        ContactMemory memory = current != null && previous != null
                        && current.length == configuredWords && previous.length == configuredWords
                ? new ContactMemory(current, previous, count, config.contactBloomHashes())
                : new ContactMemory(config.contactBloomBits(), config.contactBloomHashes());
        SubscriberState state = new SubscriberState(config.maxTouches(), memory);
        int touches = in.readUnsignedByte();
        int previousFirst = 0;
        for (int i = 0; i < touches; i++) {
            String source;
            int first;
            if (fixedWidth) {
                source = readKey(in);
                first = in.readInt();
            } else {
                source = CompactBytes.readText(in);
                long minute = previousFirst + CompactBytes.readLong(in);
                if (source == null || minute != (int) minute) {
                    throw new IOException("touch " + i + ": source " + source + ", first minute " + minute);
                }
                first = (int) minute;
                previousFirst = first;
            }
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

    private static long[] readWords(DataInputDeserializer in, int words) throws IOException {
        long[] bits = new long[words];
        for (int i = 0; i < words; i++) {
            bits[i] = in.readLong();
        }
        return bits;
    }

    private static String readKey(DataInputDeserializer in) throws IOException {
        long length = Varints.readUnsigned(in);
        if (length < 0 || length > in.available()) {
            throw new EOFException("a source key of " + length + " bytes in " + in.available());
        }
        byte[] key = new byte[(int) length];
        in.readFully(key);
        return new String(key, StandardCharsets.UTF_8);
    }
}
