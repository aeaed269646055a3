package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TouchpointFunctionTest {
    private static final long T0 = CallBuilder.T0.toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final String ALICE = mobile(1);
    private static final String SPAMMER = mobile(666);
    private static final String FRIEND = mobile(2);

    private final TouchConfig config = TouchConfig.defaults();
    private KeyedOneInputStreamOperatorTestHarness<String, PartyEvent, CallerEvent> harness;

    private KeyedOneInputStreamOperatorTestHarness<String, PartyEvent, CallerEvent> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TouchpointFunction(config)), e -> e.subscriber, Types.STRING);
    }

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.setStateTtlProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static PartyEvent touch(byte kind, String subscriber, String source, long time) {
        return PartyEvent.touch(kind, subscriber, source, time);
    }

    private static PartyEvent callee(String subscriber, String caller, long time, boolean answered) {
        PartyEvent e = PartyEvent.touch(PartyEvent.CALLEE, subscriber, caller, time);
        e.recordId = "r-" + caller + "-" + time;
        e.answered = answered;
        e.durationS = answered ? 10 : 0;
        return e;
    }

    private static PartyEvent caller(String subscriber, String callee, long time) {
        return PartyEvent.touch(PartyEvent.CALLER, subscriber, callee, time);
    }

    private void process(PartyEvent e) throws Exception {
        harness.processElement(e, e.timeMs);
        harness.processWatermark(e.timeMs);
    }

    private List<String> firstTouches() {
        var side = harness.getSideOutput(TouchpointFunction.FIRST_TOUCHES);
        if (side == null) {
            return List.of();
        }
        return side.stream()
                .map(StreamRecord::getValue)
                .map(t -> t.f0 + "+" + t.f1)
                .collect(Collectors.toList());
    }

    @Test
    void enrichesColdCallWithTouchesThatPrecedeIt() throws Exception {
        process(touch(PartyEvent.TOUCH_IN, ALICE, "SCH-047", T0));
        process(touch(PartyEvent.TOUCH_OUT, ALICE, "SCH-047", T0 + 24 * HOUR));
        process(touch(PartyEvent.TOUCH_OUT, ALICE, "BANK-3", T0 + 100 * HOUR));
        process(callee(ALICE, SPAMMER, T0 + 48 * HOUR, false));

        assertEquals(List.of("*+1", "SCH-047+1", "BANK-3+1"), firstTouches());
        List<CallerEvent> out = harness.extractOutputValues();
        assertEquals(1, out.size());
        CallerEvent call = out.get(0);
        assertEquals(CallerEvent.CALL, call.kind);
        assertEquals(SPAMMER, call.caller);
        assertEquals(ALICE, call.counterparty);
        assertFalse(call.priorContact);
        assertFalse(call.inService, "last school touch was 24 h before the call");
        assertArrayEquals(new String[] {"SCH-047"}, call.touchSources);
        assertArrayEquals(new long[] {T0}, call.touchFirstMs);
        assertArrayEquals(new long[] {T0 + 24 * HOUR}, call.touchLastMs);
    }

    @Test
    void callSoonAfterASourceMessageIsInService() throws Exception {
        process(touch(PartyEvent.TOUCH_IN, ALICE, "CUR-112", T0));
        process(callee(ALICE, mobile(77), T0 + 2 * HOUR, true));
        assertTrue(harness.extractOutputValues().get(0).inService);
    }

    @Test
    void callbackAndAcquaintanceCallsBecomeReciprocationMarkers() throws Exception {
        process(callee(ALICE, FRIEND, T0, true));
        process(caller(ALICE, FRIEND, T0 + HOUR));
        process(callee(ALICE, FRIEND, T0 + 2 * HOUR, true));

        List<String> out = harness.extractOutputValues().stream()
                .map(e -> e.kind + ":" + e.caller + ":" + e.priorContact)
                .collect(Collectors.toList());
        assertEquals(List.of(
                        CallerEvent.CALL + ":" + FRIEND + ":false",
                        CallerEvent.RECIPROCATION + ":" + FRIEND + ":false",
                        CallerEvent.CALL + ":" + FRIEND + ":true",
                        CallerEvent.RECIPROCATION + ":" + FRIEND + ":false"),
                out);
    }

    @Test
    void callingAnUnregisteredBusinessBackReciprocates() throws Exception {
        String callCentre = "+862087654321";
        process(callee(ALICE, callCentre, T0, true));
        process(touch(PartyEvent.TOUCH_OUT, ALICE, callCentre, T0 + HOUR));
        List<CallerEvent> out = harness.extractOutputValues();
        assertEquals(2, out.size());
        assertEquals(CallerEvent.RECIPROCATION, out.get(1).kind);
        assertEquals(callCentre, out.get(1).caller);
    }

    @Test
    void appliesEventsInEventTimeOrder() throws Exception {
        harness.processElement(callee(ALICE, SPAMMER, T0 + 48 * HOUR, false), T0 + 48 * HOUR);
        harness.processElement(touch(PartyEvent.TOUCH_IN, ALICE, "SCH-047", T0), T0);
        assertEquals(List.of(), harness.extractOutputValues(), "nothing is applied ahead of the watermark");
        assertEquals(2, harness.numEventTimeTimers());

        harness.processWatermark(T0 + 48 * HOUR);
        assertArrayEquals(new String[] {"SCH-047"}, harness.extractOutputValues().get(0).touchSources);
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void stateExpiresAfterTtl() throws Exception {
        process(touch(PartyEvent.TOUCH_IN, ALICE, "SCH-047", T0));
        assertEquals(1, harness.numKeyedStateEntries());

        harness.setStateTtlProcessingTime(config.subscriberTtl().toMillis() + 1);
        process(callee(ALICE, SPAMMER, T0 + HOUR, false));

        assertEquals(0, harness.extractOutputValues().get(0).touchSources.length);
        assertEquals(List.of("*+1", "SCH-047+1", "*+1"), firstTouches(), "an expired subscriber is new again");
    }

    @Test
    void stateSurvivesSnapshotAndRestore() throws Exception {
        process(touch(PartyEvent.TOUCH_IN, ALICE, "SCH-047", T0));
        process(caller(ALICE, FRIEND, T0 + HOUR));
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + HOUR);
        harness.close();

        harness = newHarness();
        harness.setStateTtlProcessingTime(0);
        harness.initializeState(snapshot);
        harness.open();
        process(callee(ALICE, FRIEND, T0 + 2 * HOUR, true));
        process(touch(PartyEvent.TOUCH_OUT, ALICE, "SCH-047", T0 + 3 * HOUR));

        List<CallerEvent> out = harness.extractOutputValues();
        assertArrayEquals(new String[] {"SCH-047"}, out.get(0).touchSources);
        assertTrue(out.get(0).priorContact);
        assertEquals(List.of(), firstTouches(), "neither the subscriber nor its touch is new after restore");
    }
}
