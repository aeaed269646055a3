package org.leaktrace.caller;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.leaktrace.pipeline.CompactBytes;
import org.leaktrace.pipeline.TimeSteps;

/**
 * Binary form of a {@link CallerState}, stored as one {@code byte[]} per caller.
 *
 * <p>Version 3 (written now): counters and times are zig-zag varints (times as deltas from the
 * first call, in seconds when all three are whole seconds, as call records' times are), the
 * IMEI and the cell id are packed two chars a byte ({@link CompactBytes#writeText}), a callee's
 * hash takes three bytes ({@link CallerState#CALLEE_HASH_MASK}; the older versions' four are
 * read into three), and the bitmaps are stored as the gaps between their set bits while that is
 * shorter, so a light caller (a person calling a few friends) takes about 80 bytes instead of
 * about 270. Version 2, written until 2026-12-06, is the same layout with times always in
 * milliseconds, texts not packed and four bytes a callee (a cell id was 16 bytes, now 8; the
 * times 16, now 11; seven callees 28, now 21); it is still read. Version 1 (fixed-width fields)
 * is still read, so a savepoint taken before keeps its profiles; its buffered contacts are in the
 * older list state, which {@link CallerState#contactsInLegacyList} tells the function to move.
 * Version 1 has no count of long calls: such a caller's legitimising weight starts from its next
 * calls. Arrays carry their length, so a changed configuration still reads old state.
 */
public final class CallerStateCodec {
    static final byte VERSION = 3;
    static final byte VERSION_MILLIS = 2;
    static final byte VERSION_FIXED_WIDTH = 1;

    private static final int HAS_IMEI = 1;
    private static final int HAS_CELL = 1 << 1;
    private static final int RISKY = 1 << 2;
    private static final int EMITTED = 1 << 3;
    private static final int TIMES_IN_SECONDS = 1 << 4;

    /**
     * The thread's buffer to write a profile in: one per encode, and its growth past a first
     * size, were about 3 % of a replay's allocation. Encoding does not nest.
     */
    private static final ThreadLocal<DataOutputSerializer> BUFFER =
            ThreadLocal.withInitial(() -> new DataOutputSerializer(256));

    private CallerStateCodec() {}

    /** Serializes {@code s} in the current version. */
    public static byte[] encode(CallerState s) {
        DataOutputSerializer out = BUFFER.get();
        out.clear();
        try {
            out.writeByte(VERSION);
            boolean seconds = TimeSteps.isWholeSeconds(s.firstSeenMs) && TimeSteps.isWholeSeconds(s.lastSeenMs)
                    && TimeSteps.isWholeSeconds(s.recentStartMs);
            long unit = TimeSteps.unit(seconds);
            int flags = (s.lastImei != null ? HAS_IMEI : 0)
                    | (s.lastCell != null ? HAS_CELL : 0)
                    | (s.risky ? RISKY : 0)
                    | (s.emittedScore != -1 ? EMITTED : 0)
                    | (seconds ? TIMES_IN_SECONDS : 0);
            out.writeByte(flags);
            CompactBytes.writeLong(out, s.firstSeenMs / unit);
            CompactBytes.writeLong(out, (s.lastSeenMs - s.firstSeenMs) / unit);
            CompactBytes.writeInt(out, s.calls);
            CompactBytes.writeInt(out, s.answered);
            CompactBytes.writeInt(out, s.shortCalls);
            CompactBytes.writeInt(out, s.longCalls);
            CompactBytes.writeInt(out, s.coldCalls);
            CompactBytes.writeInt(out, s.serviceCalls);
            CompactBytes.writeInt(out, s.reciprocations);
            CompactBytes.writeInt(out, s.complaintsMatched);
            CompactBytes.writeInt(out, s.complaintsUnmatched);
            CompactBytes.writeInt(out, s.signals);
            CompactBytes.writeInt(out, s.exactCallees.length);
            for (int h : s.exactCallees) {
                out.writeByte(h >>> 16);
                out.writeShort(h);
            }
            CompactBytes.writeBits(out, s.calleeBitmap);
            CompactBytes.writeBits(out, s.recentCurrent);
            CompactBytes.writeBits(out, s.recentPrevious);
            CompactBytes.writeLong(out, (s.recentStartMs - s.firstSeenMs) / unit);
            if (s.lastImei != null) {
                CompactBytes.writeText(out, s.lastImei);
            }
            if (s.lastCell != null) {
                CompactBytes.writeText(out, s.lastCell);
            }
            if (s.emittedScore != -1) {
                out.writeDouble(s.emittedScore);
            }
            CompactBytes.writeInt(out, s.emittedReasons);
            CompactBytes.writeInt(out, s.buffered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.getCopyOfBuffer();
    }

    /** Reads a state written by {@link #encode}, or a fresh one first seen at {@code timeMs} if none was. */
    public static CallerState decodeOrFirstSeen(byte[] raw, long timeMs) {
        return raw == null ? CallerState.firstSeen(timeMs) : decode(raw);
    }

    /** Reads a state written by {@link #encode}, in this version, version 2 or the fixed-width version 1. */
    public static CallerState decode(byte[] raw) {
        if (raw.length == 0) {
            throw new IllegalStateException("empty caller state");
        }
        try {
            int version = raw[0];
            if (version == VERSION || version == VERSION_MILLIS) {
                return decodeCompact(new DataInputDeserializer(raw, 1, raw.length - 1), version);
            }
            if (version == VERSION_FIXED_WIDTH) {
                return decodeFixedWidth(new DataInputStream(new ByteArrayInputStream(raw, 1, raw.length - 1)));
            }
            throw new IllegalStateException("unknown caller state version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CallerState decodeCompact(DataInputDeserializer in, int version) throws IOException {
        CallerState s = new CallerState();
        int flags = in.readUnsignedByte();
        long unit = TimeSteps.unit((flags & TIMES_IN_SECONDS) != 0);
        s.firstSeenMs = CompactBytes.readLong(in) * unit;
        s.lastSeenMs = s.firstSeenMs + CompactBytes.readLong(in) * unit;
        s.calls = CompactBytes.readInt(in);
        s.answered = CompactBytes.readInt(in);
        s.shortCalls = CompactBytes.readInt(in);
        s.longCalls = CompactBytes.readInt(in);
        s.coldCalls = CompactBytes.readInt(in);
        s.serviceCalls = CompactBytes.readInt(in);
        s.reciprocations = CompactBytes.readInt(in);
        s.complaintsMatched = CompactBytes.readInt(in);
        s.complaintsUnmatched = CompactBytes.readInt(in);
        s.signals = CompactBytes.readInt(in);
        s.exactCallees = new int[CompactBytes.readInt(in)];
        for (int i = 0; i < s.exactCallees.length; i++) {
            s.exactCallees[i] = version == VERSION
                    ? in.readUnsignedByte() << 16 | in.readUnsignedShort()
                    : in.readInt() & CallerState.CALLEE_HASH_MASK;
        }
        s.calleeBitmap = CompactBytes.readBits(in);
        s.recentCurrent = CompactBytes.readBits(in);
        s.recentPrevious = CompactBytes.readBits(in);
        s.recentStartMs = s.firstSeenMs + CompactBytes.readLong(in) * unit;
        s.lastImei = (flags & HAS_IMEI) != 0 ? CompactBytes.readText(in) : null;
        s.lastCell = (flags & HAS_CELL) != 0 ? CompactBytes.readText(in) : null;
        s.risky = (flags & RISKY) != 0;
        s.emittedScore = (flags & EMITTED) != 0 ? in.readDouble() : -1;
        s.emittedReasons = CompactBytes.readInt(in);
        s.buffered = CompactBytes.readInt(in);
        return s;
    }

    /** Version 1, written up to the compact version; its contacts are in the older list state. */
    private static CallerState decodeFixedWidth(DataInputStream in) throws IOException {
        CallerState s = new CallerState();
        s.firstSeenMs = in.readLong();
        s.lastSeenMs = in.readLong();
        s.calls = in.readInt();
        s.answered = in.readInt();
        s.shortCalls = in.readInt();
        s.coldCalls = in.readInt();
        s.serviceCalls = in.readInt();
        s.reciprocations = in.readInt();
        s.complaintsMatched = in.readInt();
        s.complaintsUnmatched = in.readInt();
        s.signals = in.readByte() & 0xFF;
        s.exactCallees = new int[in.readShort() & 0xFFFF];
        for (int i = 0; i < s.exactCallees.length; i++) {
            s.exactCallees[i] = in.readInt() & CallerState.CALLEE_HASH_MASK;
        }
        s.calleeBitmap = readWords(in);
        s.recentCurrent = readWords(in);
        s.recentPrevious = readWords(in);
        s.recentStartMs = in.readLong();
        s.lastImei = readString(in);
        s.lastCell = readString(in);
        s.risky = in.readBoolean();
        s.emittedScore = in.readDouble();
        s.emittedReasons = in.readInt();
        s.buffered = in.readInt();
        s.contactsInLegacyList = s.buffered > 0;
        return s;
    }

    private static long[] readWords(DataInputStream in) throws IOException {
        int n = in.readShort();
        if (n < 0) {
            return null;
        }
        long[] words = new long[n];
        for (int i = 0; i < n; i++) {
            words[i] = in.readLong();
        }
        return words;
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
