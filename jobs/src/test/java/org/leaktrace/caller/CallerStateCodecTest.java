package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.caller.Events.DAY;
import static org.leaktrace.caller.Events.MINUTE;
import static org.leaktrace.caller.Events.T0;
import static org.leaktrace.caller.Events.call;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.leaktrace.touch.CallerEvent;

class CallerStateCodecTest {
    private final CallerConfig config = CallerConfig.defaults();

    /** A person's week: a few friends, some called twice, on one phone. */
    private CallerState light() {
        CallerState s = CallerState.firstSeen(T0);
        for (int i = 0; i < 9; i++) {
            CallerEvent c = call("+8613358213632", mobile(i % 6), T0 + i * 7 * 60 * MINUTE, true, 120);
            c.callerImei = "352050115648833";
            c.cellId = "460-00-4100-100";
            s.recordCall(c, config);
        }
        s.reciprocations = 2;
        return s;
    }

    /** A caller past the exact callee limit, risky, with a signal and what was last sent. */
    private CallerState heavy() {
        CallerState s = CallerState.firstSeen(T0);
        for (int i = 0; i < 300; i++) {
            s.recordCall(call(mobile(9000), mobile(i), T0 + i * 20 * MINUTE, i % 3 == 0, 12), config);
        }
        s.recordSignal("sequential_dialing");
        s.complaintsMatched = 2;
        s.complaintsUnmatched = 1;
        s.risky = true;
        s.emittedScore = 0.9731;
        s.emittedReasons = 0b1011;
        s.buffered = 0;
        return s;
    }

    private static void assertSameState(CallerState expected, CallerState actual) {
        assertEquals(expected.firstSeenMs, actual.firstSeenMs);
        assertEquals(expected.lastSeenMs, actual.lastSeenMs);
        assertEquals(expected.calls, actual.calls);
        assertEquals(expected.answered, actual.answered);
        assertEquals(expected.shortCalls, actual.shortCalls);
        assertEquals(expected.longCalls, actual.longCalls);
        assertEquals(expected.coldCalls, actual.coldCalls);
        assertEquals(expected.serviceCalls, actual.serviceCalls);
        assertEquals(expected.reciprocations, actual.reciprocations);
        assertEquals(expected.complaintsMatched, actual.complaintsMatched);
        assertEquals(expected.complaintsUnmatched, actual.complaintsUnmatched);
        assertEquals(expected.signals, actual.signals);
        assertArrayEquals(expected.exactCallees, actual.exactCallees);
        assertArrayEquals(expected.calleeBitmap, actual.calleeBitmap);
        assertArrayEquals(expected.recentCurrent, actual.recentCurrent);
        assertArrayEquals(expected.recentPrevious, actual.recentPrevious);
        assertEquals(expected.recentStartMs, actual.recentStartMs);
        assertEquals(expected.lastImei, actual.lastImei);
        assertEquals(expected.lastCell, actual.lastCell);
        assertEquals(expected.risky, actual.risky);
        assertEquals(expected.emittedScore, actual.emittedScore);
        assertEquals(expected.emittedReasons, actual.emittedReasons);
        assertEquals(expected.buffered, actual.buffered);
    }

    @Test
    void roundTripsLightHeavyAndFreshStates() {
        for (CallerState s : new CallerState[] {light(), heavy(), CallerState.firstSeen(T0)}) {
            byte[] raw = CallerStateCodec.encode(s);
            assertEquals(CallerStateCodec.VERSION, raw[0]);
            CallerState back = CallerStateCodec.decode(raw);
            assertSameState(s, back);
            assertFalse(back.contactsInLegacyList);
        }
        assertNotNull(heavy().calleeBitmap, "the heavy caller exercises the bitmap");
    }

    @Test
    void compactVersionIsLessThanHalfOfTheFixedWidthOne() throws IOException {
        CallerState light = light();
        light.buffered = 4;
        int compact = CallerStateCodec.encode(light).length;
        int fixed = versionOne(light).length;
        assertTrue(compact * 2 < fixed, compact + " bytes against " + fixed);
        assertTrue(CallerStateCodec.encode(heavy()).length < versionOne(heavy()).length);
    }

    @Test
    void readsVersionOneAndMarksItsContactsAsInTheOlderList() throws IOException {
        assertTrue(light().longCalls > 0, "the light caller's calls are conversations");
        assertEquals(0, CallerStateCodec.decode(versionOne(light())).longCalls, "version 1 had no such count");
        for (CallerState s : new CallerState[] {light(), heavy()}) {
            s.buffered = s.risky ? 0 : 5;
            s.longCalls = 0;
            CallerState back = CallerStateCodec.decode(versionOne(s));
            assertSameState(s, back);
            assertEquals(s.buffered > 0, back.contactsInLegacyList);
            CallerAssessment a = CallerScorer.assess(s, config);
            assertEquals(a, CallerScorer.assess(back, config));
        }
        CallerState back = CallerStateCodec.decode(versionOne(light()));
        assertTrue(back.calledRecently(mobile(3), T0 + DAY, config));
        assertNull(CallerStateCodec.decode(versionOne(CallerState.firstSeen(T0))).recentCurrent);
    }

    @Test
    void unknownVersionIsAClearError() {
        byte[] raw = CallerStateCodec.encode(light());
        raw[0] = 9;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CallerStateCodec.decode(raw));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    /** The fixed-width layout written up to the compact version, as savepoints of then hold it. */
    static byte[] versionOne(CallerState s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(s.firstSeenMs);
            out.writeLong(s.lastSeenMs);
            out.writeInt(s.calls);
            out.writeInt(s.answered);
            out.writeInt(s.shortCalls);
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
        }
        return bytes.toByteArray();
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

    private static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    /** What {@link #aVersionTwoProfileReadsAsWrittenAndIsWrittenInVersionThree} stores, as {@code b880d3c} wrote it. */
    private CallerState storedProfile() {
        CallerState s = light();
        s.risky = true;
        s.emittedScore = 0.625;
        s.emittedReasons = 5;
        s.buffered = 2;
        return s;
    }

    /**
     * A profile as the stream-based build wrote it ({@code b880d3c}, version 2): a savepoint's
     * profiles must read as they were written; written back, they take version 3's fewer bytes.
     */
    @Test
    void aVersionTwoProfileReadsAsWrittenAndIsWrittenInVersionThree() {
        CallerState s = storedProfile();
        byte[] stored = HexFormat.of().parseHex(
            "020fc098b4ef946780b0a1c001121200121200040000000ca16a5a78c19ba3aa9e9dcd9619c8b437b487b32031a1ad06"
            + "0122186e0a74447a0e4832ea0126221c2200003c00c1bad8f0808650020f3436302d30302d343130302d3130303fe400"
            + "00000000000a04");
        CallerState read = CallerStateCodec.decode(stored);
        assertSameState(s, read);
        byte[] written = CallerStateCodec.encode(read);
        assertEquals(CallerStateCodec.VERSION, written[0]);
        assertArrayEquals(CallerStateCodec.encode(s), written);
        assertTrue(written.length + 15 < stored.length, written.length + " bytes against " + stored.length);
    }

    /** The same profile in version 3, as this build writes it: the layout a savepoint holds from now on. */
    @Test
    void aVersionThreeProfileReadsAndIsWrittenBackTheSame() {
        CallerState s = storedProfile();
        String stored = "031fa8cc9c9a0d80ce18121200121200040000000c6a5a789ba3aa9dcd96c8b43787b320a1ad060122186e0a74447a0e"
                + "4832ea0126221c2200003e35205011564883303e460b00b4100b10003fe40000000000000a04";
        assertEquals(stored, HexFormat.of().formatHex(CallerStateCodec.encode(s)));
        assertSameState(s, CallerStateCodec.decode(HexFormat.of().parseHex(stored)));
    }

    @Test
    void timesOffWholeSecondsAreKeptInMilliseconds() {
        CallerState s = light();
        s.lastSeenMs += 1;
        byte[] raw = CallerStateCodec.encode(s);
        assertSameState(s, CallerStateCodec.decode(raw));
        assertTrue(raw.length > CallerStateCodec.encode(light()).length, "milliseconds take more bytes");
        CallerState negative = CallerState.firstSeen(-1_500L);
        assertSameState(negative, CallerStateCodec.decode(CallerStateCodec.encode(negative)));
    }

    @Test
    void anEmptyProfileIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CallerStateCodec.decode(new byte[0]));
        assertEquals("empty caller state", e.getMessage());
    }
}
