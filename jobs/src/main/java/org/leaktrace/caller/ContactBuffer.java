package org.leaktrace.caller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.leaktrace.pipeline.CompactBytes;
import org.leaktrace.pipeline.TimeSteps;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;

/**
 * The cold contacts a not-yet-risky caller made recently, oldest first, and their binary form
 * (one {@code byte[]} per caller).
 *
 * <p>Every number that makes cold calls buffers them, in case it turns risky, so this is most of
 * the caller operator's state. Two things keep it small without changing what reaches
 * attribution. Contacts that no later flush could send (outside the buffer window, or older
 * than the newest {@code bufferedContacts}) are dropped when the buffer is cut back, which the
 * caller operator does at most {@code APPEND_SLACK} contacts later. And the binary form leaves
 * out what the caller's key already says (the caller), writes a contact's IMEI and cell only
 * when they differ from the first contact's, times as varint deltas, and digit strings as
 * numbers ({@link CompactBytes}).
 */
final class ContactBuffer {
    /**
     * The format: the version, then the contacts, the first written against nothing and the
     * others against the first (time as a signed delta, IMEI and cell only when they differ).
     * Their count is the profile's. Version 1, each contact against the one before after a
     * count, was never released; its bytes are refused, not misread. Version 3 packs numbers,
     * IMEIs and cell ids two chars a byte ({@link CompactBytes#writeText}) and writes a contact's
     * times in seconds when they are whole seconds, as call records' are (a flag per contact);
     * version 2, the same layout written until 2026-12-06 without packed texts and with times in
     * milliseconds, is still read.
     */
    static final byte VERSION = 3;
    static final byte VERSION_UNPACKED_TEXT = 2;

    private static final int ANSWERED = 1;
    private static final int OTHER_CALLER = 1 << 1;
    private static final int NEW_IMEI = 1 << 2;
    private static final int NEW_CELL = 1 << 3;
    /** The contact's time and its touches' times are written in seconds. */
    private static final int IN_SECONDS = 1 << 4;

    private final List<VictimContact> contacts;

    private ContactBuffer(List<VictimContact> contacts) {
        this.contacts = contacts;
    }

    /** An empty buffer. */
    static ContactBuffer empty() {
        return new ContactBuffer(new ArrayList<>());
    }

    /** A buffer of {@code contacts} sorted by time, ties in their order. */
    static ContactBuffer inTimeOrder(Iterable<VictimContact> contacts) {
        List<VictimContact> sorted = new ArrayList<>();
        if (contacts != null) {
            contacts.forEach(sorted::add);
        }
        sorted.sort(Comparator.comparingLong(VictimContact::getTimeMs));
        return new ContactBuffer(sorted);
    }

    /** The contacts, oldest first; ties in the order they were added. */
    List<VictimContact> contacts() {
        return contacts;
    }

    int size() {
        return contacts.size();
    }

    /**
     * Adds {@code contact} in time order (after any of the same time), then keeps only what a
     * flush at {@code nowMs} or later could send: the newest {@code limit} within {@code window}.
     */
    void add(VictimContact contact, long nowMs, long windowMs, int limit) {
        int at = contacts.size();
        while (at > 0 && contacts.get(at - 1).getTimeMs() > contact.getTimeMs()) {
            at--;
        }
        contacts.add(at, contact);
        List<VictimContact> kept = recent(nowMs, windowMs, limit);
        contacts.clear();
        contacts.addAll(kept);
    }

    /** The newest {@code limit} contacts no older than {@code windowMs} before {@code nowMs}, oldest first. */
    List<VictimContact> recent(long nowMs, long windowMs, int limit) {
        long since = since(nowMs, windowMs);
        List<VictimContact> recent = new ArrayList<>(contacts.size());
        for (VictimContact c : contacts) {
            if (c.getTimeMs() >= since) {
                recent.add(c);
            }
        }
        int from = Math.max(0, recent.size() - limit);
        return new ArrayList<>(recent.subList(from, recent.size()));
    }

    /** The oldest time a flush at {@code nowMs} sends, {@code windowMs} before it. */
    static long since(long nowMs, long windowMs) {
        return nowMs < Long.MIN_VALUE + windowMs ? Long.MIN_VALUE : nowMs - windowMs;
    }

    /** Serializes the buffer of {@code caller}'s contacts. */
    byte[] encode(String caller) {
        DataOutputSerializer out = new DataOutputSerializer(32 + 48 * contacts.size());
        try {
            out.writeByte(VERSION);
            Base base = Base.NONE;
            for (VictimContact c : contacts) {
                writeContact(out, c, base, caller);
                if (base == Base.NONE) {
                    base = Base.of(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.getCopyOfBuffer();
    }

    /**
     * {@code raw} with {@code contact} written at its end, reading only the first contact. Nothing
     * is dropped ({@link #add} does that), and a contact out of time order is put in its place
     * when the buffer is read.
     *
     * <p>Every cold call of a not-yet-risky caller is buffered, and reading and rewriting the
     * whole buffer for each was a tenth of the replay's CPU (BENCHMARKS.md).
     */
    static byte[] append(byte[] raw, VictimContact contact, String caller) {
        try {
            DataInputDeserializer in = new DataInputDeserializer(raw);
            checkVersion(in.readByte());
            Base base = Base.of(readContact(in, Base.NONE, caller));
            DataOutputSerializer out = new DataOutputSerializer(raw.length + 64);
            out.write(raw);
            writeContact(out, contact, base, caller);
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Time of the first contact written in {@code raw}, read without the others: the oldest,
     * unless an older one was appended since the buffer was last cut back.
     */
    static long firstTimeMs(byte[] raw) {
        try {
            DataInputDeserializer in = new DataInputDeserializer(raw);
            checkVersion(in.readByte());
            int flags = in.readUnsignedByte();
            return CompactBytes.readLong(in) * TimeSteps.unit((flags & IN_SECONDS) != 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a buffer written by {@link #encode} and {@link #append} for {@code caller}, in time
     * order with ties in the order they were written; null reads as empty.
     */
    static ContactBuffer decode(byte[] raw, String caller) {
        if (raw == null) {
            return empty();
        }
        try {
            DataInputDeserializer in = new DataInputDeserializer(raw);
            checkVersion(in.readByte());
            List<VictimContact> contacts = new ArrayList<>();
            Base base = Base.NONE;
            while (in.available() > 0) {
                VictimContact c = readContact(in, base, caller);
                contacts.add(c);
                if (base == Base.NONE) {
                    base = Base.of(c);
                }
            }
            // Stable: ties keep the order they were written in, as add() places them.
            contacts.sort(Comparator.comparingLong(VictimContact::getTimeMs));
            return new ContactBuffer(contacts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkVersion(int version) {
        if (version != VERSION && version != VERSION_UNPACKED_TEXT) {
            throw new IllegalStateException("unknown contact buffer version " + version);
        }
    }

    /**
     * What a contact is written against: nothing for the first, the first's time, IMEI and cell
     * for the others, so that one can be added at the end knowing only the first.
     */
    private record Base(long timeMs, String imei, String cell) {
        static final Base NONE = new Base(0, null, null);

        static Base of(VictimContact c) {
            return new Base(c.getTimeMs(), c.getCallerImei(), c.getCellId());
        }
    }

    private static void writeContact(DataOutputSerializer out, VictimContact c, Base base, String caller)
            throws IOException {
        String imei = base.imei();
        String cell = base.cell();
        boolean seconds = inWholeSeconds(c, base);
        long unit = TimeSteps.unit(seconds);
        int flags = (c.getAnswered() ? ANSWERED : 0)
                | (caller.equals(c.getCaller()) ? 0 : OTHER_CALLER)
                | (Objects.equals(imei, c.getCallerImei()) ? 0 : NEW_IMEI)
                | (Objects.equals(cell, c.getCellId()) ? 0 : NEW_CELL)
                | (seconds ? IN_SECONDS : 0);
        out.writeByte(flags);
        CompactBytes.writeLong(out, (c.getTimeMs() - base.timeMs()) / unit);
        CompactBytes.writeInt(out, c.getDurationS());
        CompactBytes.writeText(out, c.getRecordId());
        CompactBytes.writeText(out, c.getVictim());
        if ((flags & OTHER_CALLER) != 0) {
            CompactBytes.writeText(out, c.getCaller());
        }
        if ((flags & NEW_IMEI) != 0) {
            CompactBytes.writeText(out, c.getCallerImei());
        }
        if ((flags & NEW_CELL) != 0) {
            CompactBytes.writeText(out, c.getCellId());
        }
        CompactBytes.writeInt(out, c.getTouches().size());
        for (Touch t : c.getTouches()) {
            CompactBytes.writeText(out, t.getSource());
            CompactBytes.writeLong(out, (c.getTimeMs() - t.getLastMs()) / unit);
            CompactBytes.writeLong(out, (t.getLastMs() - t.getFirstMs()) / unit);
        }
    }

    /** Whether every time a contact is written with, as the differences written, is whole seconds. */
    private static boolean inWholeSeconds(VictimContact c, Base base) {
        if (!TimeSteps.isWholeSeconds(c.getTimeMs() - base.timeMs())) {
            return false;
        }
        for (Touch t : c.getTouches()) {
            if (!TimeSteps.isWholeSeconds(c.getTimeMs() - t.getLastMs())
                    || !TimeSteps.isWholeSeconds(t.getLastMs() - t.getFirstMs())) {
                return false;
            }
        }
        return true;
    }

    private static VictimContact readContact(DataInputDeserializer in, Base base, String caller)
            throws IOException {
        int flags = in.readUnsignedByte();
        long unit = TimeSteps.unit((flags & IN_SECONDS) != 0);
        long timeMs = CompactBytes.readLong(in) * unit + base.timeMs();
        int durationS = CompactBytes.readInt(in);
        String recordId = CompactBytes.readText(in);
        String victim = CompactBytes.readText(in);
        String contactCaller = (flags & OTHER_CALLER) != 0 ? CompactBytes.readText(in) : caller;
        String imei = (flags & NEW_IMEI) != 0 ? CompactBytes.readText(in) : base.imei();
        String cell = (flags & NEW_CELL) != 0 ? CompactBytes.readText(in) : base.cell();
        int touchCount = CompactBytes.readInt(in);
        List<Touch> touches = new ArrayList<>(touchCount);
        for (int i = 0; i < touchCount; i++) {
            String source = CompactBytes.readText(in);
            long lastMs = timeMs - CompactBytes.readLong(in) * unit;
            long firstMs = lastMs - CompactBytes.readLong(in) * unit;
            touches.add(new Touch(source, firstMs, lastMs));
        }
        // The all-arguments constructor: the builder validates and copies every field, and a
        // buffer is read back whole on every cold call it takes.
        return new VictimContact(recordId, contactCaller, victim, timeMs, (flags & ANSWERED) != 0, durationS, imei,
                cell, touches);
    }
}
