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
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.leaktrace.touch.CallerEvent;

class SequentialDialingGateTest {
    private static final String DIALLER = "+8613911110003";

    private KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> harness;

    /** A gate with the default config (steps up to 10, one-hour window), restored from {@code snapshot} if any, opened. */
    private static KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> gate(
            OperatorSubtaskState snapshot) throws Exception {
        return KeyedHarness.opened(new SequentialDialingGate(CallerConfig.defaults()),
                (CallerEvent e) -> e.caller, Types.STRING, snapshot);
    }

    @BeforeEach
    void openGate() throws Exception {
        harness = gate(null);
    }

    @AfterEach
    void closeGate() throws Exception {
        harness.close();
    }

    /** A cold call from the dialler to mobile number {@code n}, {@code minutes} after T0. */
    private void dial(int n, long minutes) throws Exception {
        long time = T0 + minutes * MINUTE;
        harness.processElement(call(DIALLER, mobile(n), time, false, 0), time);
    }

    /** What the gate handed on: "break", or the callee's number and minute, each "@" its record's minute. */
    private List<String> handedOn() {
        List<String> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                CallerEvent e = (CallerEvent) r.getValue();
                String what = SequentialDialingGate.RUN_BREAK.equals(e.signal)
                        ? "break " + (e.timeMs - T0) / MINUTE
                        : SequentialDialingPattern.numeric(e.counterparty) % 100_000 + " " + (e.timeMs - T0) / MINUTE;
                out.add(what + " @" + (r.getTimestamp() - T0) / MINUTE);
            }
        }
        harness.getOutput().clear();
        return out;
    }

    @Test
    void callsToPeopleAreNotHandedOnAndLeaveNothingAfterTheWindow() throws Exception {
        dial(500, 0);
        dial(1500, 1);
        dial(500, 2);
        dial(9000, 3);
        assertEquals(List.of(), handedOn(), "no two consecutive callees are 1 to 10 apart");
        harness.processWatermark(T0 + 3 * MINUTE + HOUR);
        assertEquals(0, harness.numKeyedStateEntries(), "the last call leaves one window after it");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aRunIsHandedOnFromItsFirstCallAfterABreakAndEndsWhereItsStepsDo() throws Exception {
        dial(9000, 0);
        dial(500, 1);
        dial(503, 2);
        dial(506, 3);
        dial(20_000, 4);
        dial(30_000, 5);
        dial(30_002, 6);
        assertEquals(List.of(
                        "break 1 @2", "500 1 @2", "503 2 @2", "506 3 @3",
                        "break 5 @6", "30000 5 @6", "30002 6 @6"),
                handedOn(),
                "a run's first call goes with its second, at that call's time; the calls between runs stay");
        harness.processWatermark(T0 + 6 * MINUTE + HOUR);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aStepAWindowLaterStartsNothing() throws Exception {
        dial(500, 0);
        dial(503, 60);
        dial(506, 119);
        assertEquals(List.of("break 60 @119", "503 60 @119", "506 119 @119"), handedOn(),
                "500 and 503 are an hour apart, the window; 503 and 506 are 59 minutes apart");
    }

    @Test
    void aCallBehindTheWatermarkPassesAsItCameAndChangesNothing() throws Exception {
        dial(500, 10);
        harness.processWatermark(T0 + 20 * MINUTE);
        dial(501, 5);
        dial(503, 30);
        assertEquals(List.of("501 5 @5", "break 10 @30", "500 10 @30", "503 30 @30"), handedOn(),
                "the late call goes on for the pattern to drop, and the run is 500, 503");
    }

    @Test
    void aRunsFirstCallSurvivesARestore() throws Exception {
        dial(500, 0);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + MINUTE);
        harness.close();
        harness = gate(snapshot);
        dial(510, 1);
        assertEquals(List.of("break 0 @1", "500 0 @1", "510 1 @1"), handedOn());
        harness.processWatermark(T0 + 2 * HOUR);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }
}
