package org.leaktrace.caller;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Binary form of a {@link CallerState}, stored as one {@code byte[]} per caller.
 *
 * <p>A light caller (a person calling a few friends) takes about 200 bytes; a heavy one at most
 * about 400 (the exact callee set is replaced by a fixed bitmap). Arrays carry their length, so a
 * changed configuration still reads old state. Version 2 added the count of long calls; version 1
 * state (from savepoints taken before) reads with none, which only delays their legitimising
 * weight until new long calls are counted.
 */
public final class CallerStateCodec {
    static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_LONG_CALLS = 1;

    private CallerStateCodec() {}

    /** Serializes {@code s}. */
    public static byte[] encode(CallerState s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(s.firstSeenMs);
            out.writeLong(s.lastSeenMs);
            out.writeInt(s.calls);
            out.writeInt(s.answered);
            out.writeInt(s.shortCalls);
            out.writeInt(s.longCalls);
            out.writeInt(s.coldCalls);
            out.writeInt(s.serviceCalls);
            out.writeInt(s.reciprocations);
            out.writeInt(s.complaintsMatched);
            out.writeInt(s.complaintsUnmatched);
            out.writeByte(s.signals);
            out.writeShort(s.exactCallees.length);
            for (int h : s.exactCallees) {
                out.writeInt(h);
            }
            writeWords(out, s.calleeBitmap);
            writeWords(out, s.recentCurrent);
            writeWords(out, s.recentPrevious);
            out.writeLong(s.recentStartMs);
            writeString(out, s.lastImei);
            writeString(out, s.lastCell);
            out.writeBoolean(s.risky);
            out.writeDouble(s.emittedScore);
            out.writeInt(s.emittedReasons);
            out.writeInt(s.buffered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a state written by {@link #encode}, or a fresh one first seen at {@code timeMs} if none was. */
    public static CallerState decodeOrFirstSeen(byte[] raw, long timeMs) {
        return raw == null ? CallerState.firstSeen(timeMs) : decode(raw);
    }

    /** Reads a state written by {@link #encode}. */
    public static CallerState decode(byte[] raw) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
            int version = in.readByte();
            if (version != VERSION && version != VERSION_WITHOUT_LONG_CALLS) {
                throw new IllegalStateException("unknown caller state version " + version);
            }
            CallerState s = new CallerState();
            s.firstSeenMs = in.readLong();
            s.lastSeenMs = in.readLong();
            s.calls = in.readInt();
            s.answered = in.readInt();
            s.shortCalls = in.readInt();
            s.longCalls = version == VERSION_WITHOUT_LONG_CALLS ? 0 : in.readInt();
            s.coldCalls = in.readInt();
            s.serviceCalls = in.readInt();
            s.reciprocations = in.readInt();
            s.complaintsMatched = in.readInt();
            s.complaintsUnmatched = in.readInt();
            s.signals = in.readByte() & 0xFF;
            s.exactCallees = new int[in.readShort() & 0xFFFF];
            for (int i = 0; i < s.exactCallees.length; i++) {
                s.exactCallees[i] = in.readInt();
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
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeWords(DataOutputStream out, long[] words) throws IOException {
        if (words == null) {
            out.writeShort(-1);
            return;
        }
        out.writeShort(words.length);
        for (long w : words) {
            out.writeLong(w);
        }
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

    private static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
