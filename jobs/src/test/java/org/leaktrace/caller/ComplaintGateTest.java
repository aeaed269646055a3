package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.leaktrace.caller.Events.DAY;
import static org.leaktrace.caller.Events.HOUR;
import static org.leaktrace.caller.Events.T0;
import static org.leaktrace.caller.Events.call;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ComplaintGateTest {
    private static final String CALLEE = mobile(60);
    private static final String SPAMMER = "+8613911110008";
    private static final String FRIEND = "+8613911110009";

    private KeyedOneInputStreamOperatorTestHarness<Long, ReportedPairEvent, ReportedPairEvent> harness;

    /** A gate with the default window, restored from {@code snapshot} if there is one, opened. */
    private static KeyedOneInputStreamOperatorTestHarness<Long, ReportedPairEvent, ReportedPairEvent> gate(
            OperatorSubtaskState snapshot) throws Exception {
        return KeyedHarness.opened(new ComplaintGate(CallerConfig.defaults(),
                        TypeInformation.of(ReportedPairEvent.class)),
                (ReportedPairEvent e) -> e.callee, Types.LONG, snapshot);
    }

    @BeforeEach
    void openGate() throws Exception {
        harness = gate(null);
    }

    @AfterEach
    void closeGate() throws Exception {
        harness.close();
    }

    private void callAt(String caller, long time) throws Exception {
        harness.processElement(ReportedPairEvent.of(call(caller, CALLEE, time, false, 0)), time);
    }

    private void complaintAt(String reported, long time) throws Exception {
        harness.processElement(ReportedPairEvent.of(Events.complaint(CALLEE, reported, time)), time);
    }

    /** What the gate handed on: "call HH" or "complaint HH" (hours after T0) at its timestamp. */
    private List<String> released() {
        List<String> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                ReportedPairEvent e = (ReportedPairEvent) r.getValue();
                out.add((e.complaint ? "complaint " : "call ") + (e.timeMs - T0) / HOUR + "h @"
                        + (r.getTimestamp() - T0) / HOUR + "h");
            }
        }
        harness.getOutput().clear();
        return out;
    }

    @Test
    void callsNobodyComplainsAboutAreNeverHandedOnAndLeaveNothing() throws Exception {
        callAt(SPAMMER, T0);
        callAt(FRIEND, T0 + HOUR);
        harness.processWatermark(T0 + DAY + HOUR);
        assertEquals(List.of(), released());
        assertEquals(0, harness.numKeyedStateEntries(), "calls past the window are dropped");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aComplaintHandsOnTheCallsWithinTheWindowBeforeItThenItselfAtItsOwnTime() throws Exception {
        callAt(SPAMMER, T0);
        callAt(FRIEND, T0 + 2 * HOUR);
        callAt(SPAMMER, T0 + 30 * HOUR);
        complaintAt(SPAMMER, T0 + 25 * HOUR);
        harness.processWatermark(T0 + 24 * HOUR);
        assertEquals(List.of(), released(), "the complaint waits for the watermark");
        harness.processWatermark(T0 + 26 * HOUR);
        assertEquals(List.of("call 2h @25h", "complaint 25h @25h"), released(),
                "the call at 0h is a day before the complaint; the one at 30h came after it");
        harness.processWatermark(T0 + 60 * HOUR);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aReleasedCallIsNotHandedOnAgainAndPendingCallsSurviveARestore() throws Exception {
        callAt(FRIEND, T0);
        callAt(SPAMMER, T0 + HOUR);
        complaintAt(FRIEND, T0 + 2 * HOUR);
        harness.processWatermark(T0 + 3 * HOUR);
        assertEquals(List.of("call 0h @2h", "call 1h @2h", "complaint 2h @2h"), released());

        callAt(SPAMMER, T0 + 4 * HOUR);
        complaintAt(SPAMMER, T0 + 10 * HOUR);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + 5 * HOUR);
        harness.close();
        harness = gate(snapshot);
        harness.processWatermark(T0 + 11 * HOUR);
        assertEquals(List.of("call 4h @10h", "complaint 10h @10h"), released(),
                "the pattern already holds the call at 1h; only the one since then comes again");
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(0, harness.numKeyedStateEntries());
    }
}
