package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.caller.Events.DAY;
import static org.leaktrace.caller.Events.HOUR;
import static org.leaktrace.caller.Events.MINUTE;
import static org.leaktrace.caller.Events.T0;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;
import org.leaktrace.touch.CallerEvent;

class ContactBufferTest {
    private static final String CALLER = "+8613358213632";
    private static final long WINDOW = 3 * DAY;

    /** A cold call as the simulator's CDRs have them: numeric ids, a 15-digit IMEI, a touch a month back. */
    private static VictimContact contact(int victim, long timeMs) {
        CallerEvent call = Events.call(CALLER, mobile(victim), timeMs, victim % 2 == 0, 45);
        call.recordId = String.format("CDR%010d", 120_000 + victim);
        call.callerImei = "352050115648833";
        call.cellId = "460-00-4100-100";
        return CallerProfileFunction.toContact(call);
    }

    private static List<Long> times(List<VictimContact> contacts) {
        return contacts.stream().map(VictimContact::getTimeMs).toList();
    }

    @Test
    void roundTripsEveryField() {
        VictimContact plain = contact(1, T0);
        VictimContact otherDevice = VictimContact.newBuilder(contact(2, T0 + MINUTE))
                .setCallerImei("352050115648833")
                .setCellId(null)
                .setTouches(List.of(new Touch("SCH-047", T0 - 9 * DAY, T0 - DAY), new Touch("+8613800000001", T0 - HOUR,
                        T0 - HOUR)))
                .build();
        VictimContact noTouches = VictimContact.newBuilder(contact(3, T0 + 2 * MINUTE))
                .setTouches(List.of())
                .setRecordId("CDR0000000017")
                .build();
        VictimContact sameTimeOtherCaller = VictimContact.newBuilder(contact(4, T0 + 2 * MINUTE))
                .setCaller("+8613358213633")
                .setCallerImei(null)
                .build();
        // Times off whole seconds, the contact's own or a touch's, are kept in milliseconds.
        VictimContact offSeconds = contact(5, T0 + 3 * MINUTE + 7);
        VictimContact touchOffSeconds = VictimContact.newBuilder(contact(6, T0 + 4 * MINUTE))
                .setTouches(List.of(new Touch("SCH-047", T0 - 9 * DAY + 1, T0 - DAY), new Touch("BNK-003",
                        T0 - 2 * DAY, T0 - DAY - 999)))
                .build();
        List<VictimContact> all = List.of(plain, otherDevice, noTouches, sameTimeOtherCaller, offSeconds,
                touchOffSeconds);
        ContactBuffer buffer = ContactBuffer.inTimeOrder(all);

        ContactBuffer read = ContactBuffer.decode(buffer.encode(CALLER), CALLER);

        assertEquals(all, read.contacts());
    }

    /**
     * 30 bytes with its numbers packed and its times in seconds (version 3; 35 in version 2, since
     * contacts carry no record id; 41 with the simulator's ids), more with an operator's UUIDs.
     */
    @Test
    void aTypicalContactTakesAbout30Bytes() {
        ContactBuffer buffer = ContactBuffer.empty();
        for (int i = 0; i < 10; i++) {
            buffer.add(contact(i, T0 + i * HOUR), T0 + i * HOUR, WINDOW, 64);
        }
        int bytes = buffer.encode(CALLER).length;
        assertTrue(bytes <= 10 * 30, bytes + " bytes for 10 contacts");
    }

    @Test
    void addKeepsTimeOrderAndOnlyWhatAFlushCouldSend() {
        ContactBuffer buffer = ContactBuffer.empty();
        buffer.add(contact(1, T0), T0, WINDOW, 3);
        buffer.add(contact(2, T0 + 2 * MINUTE), T0 + 2 * MINUTE, WINDOW, 3);
        buffer.add(contact(3, T0 + MINUTE), T0 + 2 * MINUTE, WINDOW, 3);
        assertEquals(List.of(T0, T0 + MINUTE, T0 + 2 * MINUTE), times(buffer.contacts()), "a late contact in order");

        buffer.add(contact(4, T0 + 3 * MINUTE), T0 + 3 * MINUTE, WINDOW, 3);
        assertEquals(List.of(T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE), times(buffer.contacts()),
                "the oldest beyond the limit goes");

        buffer.add(contact(5, T0 + WINDOW + 2 * MINUTE), T0 + WINDOW + 2 * MINUTE, WINDOW, 3);
        assertEquals(List.of(T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + WINDOW + 2 * MINUTE), times(buffer.contacts()),
                "contacts older than the window go");
        assertEquals(List.of(T0 + WINDOW + 2 * MINUTE), times(buffer.recent(T0 + WINDOW + 3 * MINUTE + 1, WINDOW, 3)));
    }

    @Test
    void tiesKeepTheOrderTheyWereAddedIn() {
        ContactBuffer buffer = ContactBuffer.empty();
        buffer.add(contact(7, T0), T0, WINDOW, 64);
        buffer.add(contact(3, T0), T0, WINDOW, 64);
        buffer.add(contact(5, T0), T0, WINDOW, 64);
        List<String> victims = ContactBuffer.decode(buffer.encode(CALLER), CALLER).contacts().stream()
                .map(VictimContact::getVictim)
                .toList();
        assertEquals(List.of(mobile(7), mobile(3), mobile(5)), victims);
    }

    @Test
    void appendReadsBackAsIfTheWholeBufferHadBeenWritten() {
        VictimContact first = contact(1, T0);
        VictimContact otherCell = VictimContact.newBuilder(contact(2, T0 + MINUTE)).setCellId("460-00-4100-200").build();
        VictimContact sameTimeNoDevice = VictimContact.newBuilder(contact(3, T0 + MINUTE))
                .setCallerImei(null)
                .setCaller("+8613358213633")
                .build();
        VictimContact later = contact(4, T0 + HOUR);

        byte[] raw = ContactBuffer.inTimeOrder(List.of(first)).encode(CALLER);
        for (VictimContact c : List.of(otherCell, sameTimeNoDevice, later)) {
            raw = ContactBuffer.append(raw, c, CALLER);
        }

        List<VictimContact> all = List.of(first, otherCell, sameTimeNoDevice, later);
        assertEquals(all, ContactBuffer.decode(raw, CALLER).contacts());
        assertArrayEquals(ContactBuffer.inTimeOrder(all).encode(CALLER), raw, "the same bytes as one encode");
        assertEquals(T0, ContactBuffer.firstTimeMs(raw));
    }

    @Test
    void aContactAppendedOutOfOrderIsReadInItsPlace() {
        byte[] raw = ContactBuffer.inTimeOrder(List.of(contact(1, T0), contact(2, T0 + HOUR))).encode(CALLER);
        raw = ContactBuffer.append(raw, contact(3, T0 + HOUR), CALLER);
        raw = ContactBuffer.append(raw, contact(4, T0 - MINUTE), CALLER);
        raw = ContactBuffer.append(raw, contact(5, T0 + MINUTE), CALLER);
        List<String> victims = ContactBuffer.decode(raw, CALLER).contacts().stream()
                .map(VictimContact::getVictim)
                .toList();
        assertEquals(List.of(mobile(4), mobile(1), mobile(5), mobile(2), mobile(3)), victims,
                "time order, ties in the order they were added");
        assertEquals(T0, ContactBuffer.firstTimeMs(raw), "the first written, not the oldest");
    }

    @Test
    void aBufferOfAnotherVersionIsRefusedNotMisread() {
        byte[] countPrefixed = {1, 2, 0, 0};
        assertThrows(IllegalStateException.class, () -> ContactBuffer.decode(countPrefixed, CALLER));
        assertThrows(IllegalStateException.class, () -> ContactBuffer.append(countPrefixed, contact(1, T0), CALLER));
    }

    /**
     * A buffer as the stream-based build wrote it ({@code b880d3c}, version 2): read as written,
     * and written back in version 3, its numbers, IMEIs and cell ids packed and its times in
     * seconds: 111 bytes instead of 132.
     */
    @Test
    void aBufferWrittenByTheStreamCodecReadsAndIsWrittenBackInVersionThree() {
        ContactBuffer b = ContactBuffer.empty();
        for (int v = 0; v < 3; v++) {
            CallerEvent c = Events.call(CALLER, mobile(v), T0 + v * MINUTE, v % 2 == 0, 45);
            c.recordId = String.format("CDR%010d", 120_000 + v);
            c.callerImei = v == 2 ? "352050115648834" : "352050115648833";
            c.cellId = "460-00-4100-100";
            b.add(CallerProfileFunction.toContact(c), T0 + 3 * MINUTE, 3 * DAY, 64);
        }
        byte[] stored = HexFormat.of().parseHex(
            "020dc098b4ef94675a020034012b80f4f4f3d8fa013c00c1bad8f0808650020f3436302d30302d343130302d31303002"
            + "0c045343482d2f80a0f6a7130000c0a90700020034012b81f4f4f3d8fa01020c045343482d2f80a0f6a713000580d30e"
            + "5a020034012b82f4f4f3d8fa013c00c2bad8f0808650020c045343482d2f80a0f6a71300");
        String version3 = "031da8cc9c9a0d5a02003aa86138000000003e35205011564883303e460b00b4100b1000020c045343482d2f80b4bc0200"
                + "10780002003aa8613800000001020c045343482d2f80b4bc020015f0015a02003aa86138000000023e3520501156488340"
                + "020c045343482d2f80b4bc0200";
        assertEquals(version3, HexFormat.of().formatHex(b.encode(CALLER)));
        assertEquals(version3, HexFormat.of().formatHex(ContactBuffer.decode(stored, CALLER).encode(CALLER)));
        assertEquals(T0, ContactBuffer.firstTimeMs(stored));
        assertEquals(T0, ContactBuffer.firstTimeMs(HexFormat.of().parseHex(version3)));
    }
}
