package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.leaktrace.caller.Events.HOUR;
import static org.leaktrace.caller.Events.MINUTE;
import static org.leaktrace.caller.Events.T0;
import static org.leaktrace.caller.Events.call;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.leaktrace.touch.CallerEvent;

class ShortCallBurstGateTest {
    private static final String CALLER = "+8613911110001";

    private KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> harness;

    /** A gate with the default config (8 calls in one hour), restored from {@code snapshot} if any, opened. */
    private static KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> gate(
            OperatorSubtaskState snapshot) throws Exception {
        var gate = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ShortCallBurstGate(CallerConfig.defaults())),
                (CallerEvent e) -> e.caller, Types.STRING);
        if (snapshot != null) {
            gate.initializeState(snapshot);
        }
        gate.open();
        return gate;
    }

    @BeforeEach
    void openGate() throws Exception {
        harness = gate(null);
    }

    @AfterEach
    void closeGate() throws Exception {
        harness.close();
    }

    /** An unanswered cold call to a number of its own, {@code minutes} after T0. */
    private void callAt(long minutes) throws Exception {
        long time = T0 + minutes * MINUTE;
        harness.processElement(call(CALLER, mobile((int) minutes), time, false, 0), time);
    }

    /** What the gate handed on: each call's minute "@" its record's minute; the callee must match the minute. */
    private List<String> handedOn() {
        List<String> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                CallerEvent e = (CallerEvent) r.getValue();
                long minute = (e.timeMs - T0) / MINUTE;
                assertEquals(mobile((int) minute), e.counterparty);
                assertEquals(true, e.isColdCall());
                out.add(minute + " @" + (r.getTimestamp() - T0) / MINUTE);
            }
        }
        harness.getOutput().clear();
        return out;
    }

    @Test
    void fewerCallsThanABurstInEveryWindowAreNotHandedOnAndLeaveNothing() throws Exception {
        for (long m = 0; m < 7; m++) {
            callAt(m);
        }
        callAt(70);
        callAt(71);
        assertEquals(List.of(), handedOn(), "7 calls in the first hour, 2 in the next");
        harness.processWatermark(T0 + 71 * MINUTE + HOUR);
        assertEquals(0, harness.numKeyedStateEntries(), "the calls leave one window after the last");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void theCallThatMakesABurstHandsOnTheHeldOnesFirstThenCallsWithinTheWindowPass() throws Exception {
        for (long m = 0; m < 8; m++) {
            callAt(m);
        }
        assertEquals(List.of("0 @7", "1 @7", "2 @7", "3 @7", "4 @7", "5 @7", "6 @7", "7 @7"), handedOn());
        callAt(30);
        callAt(89);
        callAt(150);
        assertEquals(List.of("30 @30", "89 @89"), handedOn(),
                "each within the window of the last call handed on; 150 is 61 minutes after 89");
        harness.processWatermark(T0 + 150 * MINUTE + HOUR);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void callsAWindowOldDoNotCount() throws Exception {
        for (long m = 0; m <= 60; m += 10) {
            callAt(m);
        }
        callAt(65);
        assertEquals(List.of(), handedOn(), "the call at 0 is an hour before the one at 60: 7 in the window");
        callAt(66);
        assertEquals(List.of("10 @66", "20 @66", "30 @66", "40 @66", "50 @66", "60 @66", "65 @66", "66 @66"),
                handedOn());
    }

    @Test
    void aCallBehindTheWatermarkPassesAsItCameAndDoesNotCount() throws Exception {
        for (long m = 10; m < 17; m++) {
            callAt(m);
        }
        harness.processWatermark(T0 + 20 * MINUTE);
        callAt(5);
        callAt(25);
        assertEquals(List.of("5 @5", "10 @25", "11 @25", "12 @25", "13 @25", "14 @25", "15 @25", "16 @25", "25 @25"),
                handedOn(), "the late call goes on for the pattern to drop; the burst is 10-16 and 25");
    }

    @Test
    void heldCallsSurviveARestore() throws Exception {
        for (long m = 0; m < 7; m++) {
            callAt(m);
        }
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + 7 * MINUTE);
        harness.close();
        harness = gate(snapshot);
        callAt(7);
        assertEquals(List.of("0 @7", "1 @7", "2 @7", "3 @7", "4 @7", "5 @7", "6 @7", "7 @7"), handedOn());
        harness.processWatermark(T0 + 3 * HOUR);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }
}
