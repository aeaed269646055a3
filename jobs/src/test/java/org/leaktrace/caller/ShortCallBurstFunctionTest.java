package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/** The burst count with the default config: 8 short cold calls to distinct callees within one hour. */
class ShortCallBurstFunctionTest {
    private static final String CALLER = "+8613911110005";

    private KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> counter(
            OperatorSubtaskState snapshot) throws Exception {
        return KeyedHarness.opened(new ShortCallBurstFunction(CallerConfig.defaults()),
                (CallerEvent e) -> e.caller, Types.STRING, snapshot);
    }

    @BeforeEach
    void open() throws Exception {
        harness = counter(null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** An unanswered cold call to mobile number {@code n}, {@code minutes} after T0. */
    private void ring(int n, long minutes) throws Exception {
        long time = T0 + minutes * MINUTE;
        harness.processElement(call(CALLER, mobile(n), time, false, 0), time);
    }

    /** The signals so far, each as its minute and "@" its record's minute. */
    private List<String> signals() {
        List<String> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                CallerEvent e = (CallerEvent) r.getValue();
                assertEquals(ShortCallBurstFunction.SIGNAL, e.signal);
                assertEquals(CALLER, e.caller);
                out.add((e.timeMs - T0) / MINUTE + " @" + (r.getTimestamp() - T0) / MINUTE);
            }
        }
        harness.getOutput().clear();
        return out;
    }

    @Test
    void theEighthDistinctCalleeWithinTheHourSignalsAndStartsTheCountAgain() throws Exception {
        for (int i = 0; i < 7; i++) {
            ring(i, 5L * i);
        }
        assertEquals(List.of(), signals());
        ring(7, 35);
        assertEquals(List.of("35 @35"), signals());
        assertEquals(0, harness.numKeyedStateEntries(), "a burst forgets its calls, as skip past last event did");
        for (int i = 8; i < 15; i++) {
            ring(i, 36 + i);
        }
        assertEquals(List.of(), signals(), "seven calls after the burst are not another");
        harness.processWatermark(T0 + 50 * MINUTE + HOUR);
        assertEquals(0, harness.numKeyedStateEntries(), "the calls leave one window after the last");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aCalleeCalledAgainCountsOnce() throws Exception {
        for (int i = 0; i < 7; i++) {
            ring(i, i);
            ring(i, i);
        }
        assertEquals(List.of(), signals(), "14 calls to 7 callees");
        ring(7, 8);
        assertEquals(List.of("8 @8"), signals());
    }

    @Test
    void theWindowEndsAnHourAfterTheFirstCallItHolds() throws Exception {
        for (int i = 0; i < 7; i++) {
            ring(i, 9L * i);
        }
        ring(7, 60);
        assertEquals(List.of(), signals(), "the first call is an hour before the eighth: not within");
        ring(8, 61);
        assertEquals(List.of("61 @61"), signals(), "eight calls from minute 9 to 61");
    }

    @Test
    void aRepeatedCalleeCountsFromItsLatestCall() throws Exception {
        // Callee 0 at minute 0 and again at 40: the partial match from minute 0 times out at 60,
        // the one from minute 10 holds callee 0 through its call at 40 and lasts to 70.
        ring(0, 0);
        for (int i = 1; i < 4; i++) {
            ring(i, 10L * i);
        }
        ring(0, 40);
        ring(4, 61);
        ring(5, 62);
        ring(6, 63);
        assertEquals(List.of(), signals(), "seven callees from minute 10");
        ring(7, 64);
        assertEquals(List.of("64 @64"), signals());
    }

    @Test
    void longAnsweredCallsAndWarmCallsDoNotCount() throws Exception {
        for (int i = 0; i < 10; i++) {
            long time = T0 + i * MINUTE;
            harness.processElement(call(CALLER, mobile(i), time, true, 90), time);
            harness.processElement(Events.prior(call(CALLER, mobile(100 + i), time, false, 0)), time);
        }
        assertEquals(List.of(), signals());
        assertEquals(0, harness.numKeyedStateEntries());
    }

    @Test
    void aCallBehindTheWatermarkIsDroppedAsThePatternDroppedIt() throws Exception {
        for (int i = 0; i < 7; i++) {
            ring(i, 10 + i);
        }
        harness.processWatermark(T0 + 30 * MINUTE);
        ring(7, 20);
        assertEquals(List.of(), signals(), "late");
        ring(8, 31);
        assertEquals(List.of("31 @31"), signals());
    }

    @Test
    void theCountSurvivesARestore() throws Exception {
        for (int i = 0; i < 7; i++) {
            ring(i, i);
        }
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + 7 * MINUTE);
        harness.close();
        harness = counter(snapshot);
        ring(7, 8);
        assertEquals(List.of("8 @8"), signals());
    }

    @Test
    void aRestoredCountLeavesByItsRestoredTimer() throws Exception {
        for (int i = 0; i < 3; i++) {
            ring(i, 10 + i);
        }
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + 13 * MINUTE);
        harness.close();
        harness = counter(snapshot);
        assertEquals(1, harness.numKeyedStateEntries());
        assertEquals(1, harness.numEventTimeTimers(), "the timer came with the state");
        harness.processWatermark(T0 + 12 * MINUTE + HOUR);
        assertEquals(0, harness.numKeyedStateEntries(), "an hour after the last call");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aCallWithoutATimestampIsDroppedAsThePatternDroppedIt() throws Exception {
        for (int i = 0; i < 7; i++) {
            ring(i, i);
        }
        harness.processElement(new StreamRecord<>(call(CALLER, mobile(7), T0 + 8 * MINUTE, false, 0)));
        assertEquals(List.of(), signals());
        ring(8, 9);
        assertEquals(List.of("9 @9"), signals());
    }

    @Test
    void numbersCompareExactlyAndOtherTextApart() {
        assertEquals(8613800000001L, ShortCallBurstFunction.calleeId("+8613800000001"));
        assertNotEquals(ShortCallBurstFunction.calleeId("+8613800000001"), ShortCallBurstFunction.calleeId("8613800000001"));
        assertNotEquals(ShortCallBurstFunction.calleeId("+123"), ShortCallBurstFunction.calleeId("+0123"));
        assertNotEquals(ShortCallBurstFunction.calleeId("+86UNKNOWN1"), ShortCallBurstFunction.calleeId("+86UNKNOWN2"));
        assertEquals(ShortCallBurstFunction.calleeId("+86UNKNOWN1"), ShortCallBurstFunction.calleeId("+86UNKNOWN1"));
    }
}
