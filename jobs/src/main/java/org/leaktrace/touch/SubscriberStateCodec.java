package org.leaktrace.touch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
        Out out = new Out(32 + state.memory.current().length * 16 + state.size * 24);
        out.write(VERSION);
        long[] current = state.memory.current();
        out.write(current.length);
        for (long word : current) {
            out.writeLong(word);
        }
        for (long word : state.memory.previous()) {
            out.writeLong(word);
        }
        out.writeVarInt(state.memory.currentCount());
        out.write(state.size);
        for (int i = 0; i < state.size; i++) {
            byte[] key = state.sources[i].getBytes(StandardCharsets.UTF_8);
            out.writeVarInt(key.length);
            out.write(key);
            out.writeInt(state.firstMinute[i]);
            out.writeVarInt(state.lastMinute[i] - state.firstMinute[i]);
        }
        return out.toByteArray();
    }

    /** Reads a state written by {@link #encode}; extra touches beyond maxTouches are dropped. */
    public SubscriberState decode(byte[] bytes) {
        In in = new In(bytes);
        int version = in.read();
        if (version != VERSION) {
            throw new IllegalStateException("unknown subscriber state version " + version);
        }
        int words = in.read();
        long[] current = new long[words];
        long[] previous = new long[words];
        for (int i = 0; i < words; i++) {
            current[i] = in.readLong();
        }
        for (int i = 0; i < words; i++) {
            previous[i] = in.readLong();
        }
        int count = in.readVarInt();
        int configuredWords = config.contactBloomBits() / 64;
        ContactMemory memory = words == configuredWords
                ? new ContactMemory(current, previous, count, config.contactBloomHashes())
                : new ContactMemory(config.contactBloomBits(), config.contactBloomHashes());
        SubscriberState state = new SubscriberState(config.maxTouches(), memory);
        int touches = in.read();
        for (int i = 0; i < touches; i++) {
            String source = new String(in.readBytes(in.readVarInt()), StandardCharsets.UTF_8);
            int first = in.readInt();
            int last = first + in.readVarInt();
            if (state.size < config.maxTouches()) {
                state.sources[state.size] = source;
                state.firstMinute[state.size] = first;
                state.lastMinute[state.size] = last;
                state.size++;
            }
        }
        return state;
    }

    private static final class Out {
        private byte[] buf;
        private int pos;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        void write(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        void write(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        }

        void writeInt(int v) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
        }

        void writeLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
        }

        void writeVarInt(int v) {
            while ((v & ~0x7F) != 0) {
                write((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            write(v);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }
    }

    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        int read() {
            return buf[pos++] & 0xFF;
        }

        byte[] readBytes(int n) {
            byte[] result = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return result;
        }

        int readInt() {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | read();
            }
            return v;
        }

        long readLong() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | read();
            }
            return v;
        }

        int readVarInt() {
            int v = 0;
            int shift = 0;
            int b;
            do {
                b = read();
                v |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return v;
        }
    }
}
