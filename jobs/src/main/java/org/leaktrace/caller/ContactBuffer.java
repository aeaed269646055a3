package org.leaktrace.caller;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;

/**
 * The cold contacts a not-yet-risky caller made recently, oldest first, and their binary form
 * (one {@code byte[]} per caller).
 *
 * <p>Every number that makes cold calls buffers them, in case it turns risky, so this is most of
 * the caller operator's state. Two things keep it small without changing what reaches
 * attribution. Contacts that no later flush could send (outside the buffer window, or older
 * than the newest {@code bufferedContacts}) are dropped whenever a contact is added, instead of
 * lingering until twice the limit. And the binary form leaves out what the caller's key already
 * says (the caller), writes a contact's IMEI and cell only when they differ from the previous
 * contact's, times as varint deltas, and digit strings as numbers ({@link CompactBytes}).
 */
final class ContactBuffer {
    static final byte VERSION = 1;

    private static final int ANSWERED = 1;
    private static final int OTHER_CALLER = 1 << 1;
    private static final int NEW_IMEI = 1 << 2;
    private static final int NEW_CELL = 1 << 3;

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
        long since = nowMs < Long.MIN_VALUE + windowMs ? Long.MIN_VALUE : nowMs - windowMs;
        List<VictimContact> recent = new ArrayList<>(contacts.size());
        for (VictimContact c : contacts) {
            if (c.getTimeMs() >= since) {
                recent.add(c);
            }
        }
        int from = Math.max(0, recent.size() - limit);
        return new ArrayList<>(recent.subList(from, recent.size()));
    }

    /** Serializes the buffer of {@code caller}'s contacts. */
    byte[] encode(String caller) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 48 * contacts.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            CompactBytes.writeInt(out, contacts.size());
            VictimContact previous = null;
            for (VictimContact c : contacts) {
                writeContact(out, c, previous, caller);
                previous = c;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a buffer written by {@link #encode} for {@code caller}; null reads as empty. */
    static ContactBuffer decode(byte[] raw, String caller) {
        if (raw == null) {
            return empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown contact buffer version " + version);
            }
            int n = CompactBytes.readInt(in);
            List<VictimContact> contacts = new ArrayList<>(n);
            VictimContact previous = null;
            for (int i = 0; i < n; i++) {
                previous = readContact(in, previous, caller);
                contacts.add(previous);
            }
            return new ContactBuffer(contacts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeContact(DataOutputStream out, VictimContact c, VictimContact previous, String caller)
            throws IOException {
        String imei = previous == null ? null : previous.getCallerImei();
        String cell = previous == null ? null : previous.getCellId();
        int flags = (c.getAnswered() ? ANSWERED : 0)
                | (caller.equals(c.getCaller()) ? 0 : OTHER_CALLER)
                | (Objects.equals(imei, c.getCallerImei()) ? 0 : NEW_IMEI)
                | (Objects.equals(cell, c.getCellId()) ? 0 : NEW_CELL);
        out.writeByte(flags);
        CompactBytes.writeLong(out, c.getTimeMs() - (previous == null ? 0 : previous.getTimeMs()));
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
            CompactBytes.writeLong(out, c.getTimeMs() - t.getLastMs());
            CompactBytes.writeLong(out, t.getLastMs() - t.getFirstMs());
        }
    }

    private static VictimContact readContact(DataInputStream in, VictimContact previous, String caller)
            throws IOException {
        int flags = in.readUnsignedByte();
        long timeMs = CompactBytes.readLong(in) + (previous == null ? 0 : previous.getTimeMs());
        int durationS = CompactBytes.readInt(in);
        String recordId = CompactBytes.readText(in);
        String victim = CompactBytes.readText(in);
        String contactCaller = (flags & OTHER_CALLER) != 0 ? CompactBytes.readText(in) : caller;
        String imei = (flags & NEW_IMEI) != 0
                ? CompactBytes.readText(in)
                : previous == null ? null : previous.getCallerImei();
        String cell = (flags & NEW_CELL) != 0
                ? CompactBytes.readText(in)
                : previous == null ? null : previous.getCellId();
        int touchCount = CompactBytes.readInt(in);
        List<Touch> touches = new ArrayList<>(touchCount);
        for (int i = 0; i < touchCount; i++) {
            String source = CompactBytes.readText(in);
            long lastMs = timeMs - CompactBytes.readLong(in);
            long firstMs = lastMs - CompactBytes.readLong(in);
            touches.add(new Touch(source, firstMs, lastMs));
        }
        // The all-arguments constructor: the builder validates and copies every field, and a
        // buffer is read back whole on every cold call it takes.
        return new VictimContact(recordId, contactCaller, victim, timeMs, (flags & ANSWERED) != 0, durationS, imei,
                cell, touches);
    }
}
