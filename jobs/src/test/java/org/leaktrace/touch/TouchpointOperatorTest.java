package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.leaktrace.pipeline.StateSweep;

class TouchpointOperatorTest {
    private static final long T0 = CallBuilder.T0.toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final String ALICE = mobile(1);
    private static final String BOB = mobile(3);
    private static final String CAROL = mobile(4);
    private static final String SPAMMER = mobile(666);
    private static final String FRIEND = mobile(2);
    private static final int MAX_PARALLELISM = 128;

    private final TouchConfig config = TouchConfig.defaults();
    private KeyedOneInputStreamOperatorTestHarness<String, PartyEvent, CallerEvent> harness;

    private KeyedOneInputStreamOperatorTestHarness<String, PartyEvent, CallerEvent> newHarness() throws Exception {
        return newHarness(1, 0);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, PartyEvent, CallerEvent> newHarness(
            int parallelism, int subtask) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new TouchpointOperator(config), e -> e.subscriber, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
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

    private static int waiting(KeyedOneInputStreamOperatorTestHarness<String, PartyEvent, CallerEvent> h) {
        return ((TouchpointOperator) h.getOperator()).waitingEvents();
    }

    private static List<String> firstTouches(KeyedOneInputStreamOperatorTestHarness<String, PartyEvent, CallerEvent> h) {
        var side = h.getSideOutput(TouchpointOperator.FIRST_TOUCHES);
        if (side == null) {
            return List.of();
        }
        return side.stream()
                .map(StreamRecord::getValue)
                .map(t -> t.f0 + "+" + t.f1)
                .collect(Collectors.toList());
    }

    private List<String> firstTouches() {
        return firstTouches(harness);
    }

    /** Each output as "kind:caller:counterparty:time:prior", grouped by the subscriber it came from. */
    private static Map<String, List<String>> bySubscriber(List<CallerEvent> out) {
        Map<String, List<String>> grouped = new HashMap<>();
        for (CallerEvent e : out) {
            grouped.computeIfAbsent(e.counterparty, k -> new ArrayList<>()).add(describe(e));
        }
        return grouped;
    }

    private static String describe(CallerEvent e) {
        return e.kind + ":" + e.caller + ":" + e.counterparty + ":" + (e.timeMs - T0) / HOUR + ":" + e.priorContact
                + ":" + String.join(",", e.touchSources == null ? new String[0] : e.touchSources);
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
    void appliesEventsInEventTimeOrderWithoutTimers() throws Exception {
        harness.processElement(callee(ALICE, SPAMMER, T0 + 48 * HOUR, false), T0 + 48 * HOUR);
        harness.processElement(touch(PartyEvent.TOUCH_IN, ALICE, "SCH-047", T0), T0);
        assertEquals(List.of(), harness.extractOutputValues(), "nothing is applied ahead of the watermark");
        assertEquals(List.of(), firstTouches());
        assertEquals(2, waiting(harness));
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(0, harness.numKeyedStateEntries(), "waiting events are not keyed state");

        harness.processWatermark(T0 + 48 * HOUR);
        assertArrayEquals(new String[] {"SCH-047"}, harness.extractOutputValues().get(0).touchSources);
        assertEquals(0, waiting(harness));
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void outOfOrderEventsOfSeveralSubscribersComeOutInEachOnesTimeOrderOnlyAfterTheWatermark() throws Exception {
        harness.processElement(callee(BOB, SPAMMER, T0 + 5 * HOUR, false), T0 + 5 * HOUR);
        harness.processElement(callee(ALICE, SPAMMER, T0 + 4 * HOUR, false), T0 + 4 * HOUR);
        harness.processElement(touch(PartyEvent.TOUCH_IN, CAROL, "BANK-3", T0 + 9 * HOUR), T0 + 9 * HOUR);
        harness.processElement(touch(PartyEvent.TOUCH_IN, BOB, "SCH-047", T0 + 2 * HOUR), T0 + 2 * HOUR);
        harness.processElement(callee(CAROL, SPAMMER, T0 + 10 * HOUR, false), T0 + 10 * HOUR);
        harness.processElement(touch(PartyEvent.TOUCH_IN, ALICE, "CUR-112", T0 + HOUR), T0 + HOUR);
        harness.processElement(callee(ALICE, FRIEND, T0 + 3 * HOUR, true), T0 + 3 * HOUR);

        harness.processWatermark(T0);
        assertEquals(List.of(), harness.extractOutputValues(), "no event is due at T0");
        assertEquals(7, waiting(harness));

        harness.processWatermark(T0 + 6 * HOUR);
        List<StreamRecord<? extends CallerEvent>> records = harness.extractOutputStreamRecords();
        assertEquals(Map.of(
                        ALICE, List.of(
                                CallerEvent.CALL + ":" + FRIEND + ":" + ALICE + ":3:false:CUR-112",
                                CallerEvent.CALL + ":" + SPAMMER + ":" + ALICE + ":4:false:CUR-112"),
                        BOB, List.of(CallerEvent.CALL + ":" + SPAMMER + ":" + BOB + ":5:false:SCH-047")),
                bySubscriber(harness.extractOutputValues()));
        for (StreamRecord<? extends CallerEvent> r : records) {
            assertEquals(r.getValue().timeMs, r.getTimestamp(), "a waiting event's outputs carry its time");
        }
        List<Long> times = records.stream().map(StreamRecord::getTimestamp).collect(Collectors.toList());
        assertEquals(times.stream().sorted().collect(Collectors.toList()), times, "due events leave in time order");
        assertEquals(2, waiting(harness), "CAROL's events are still ahead of the watermark");
        assertEquals(List.of("*+1", "CUR-112+1", "*+1", "SCH-047+1"), firstTouches());

        harness.processWatermark(T0 + 10 * HOUR);
        assertEquals(List.of(CallerEvent.CALL + ":" + SPAMMER + ":" + CAROL + ":10:false:BANK-3"),
                bySubscriber(harness.extractOutputValues()).get(CAROL));
        assertEquals(0, waiting(harness));
    }

    @Test
    void watermarkLeavesAfterTheEventsItReleased() throws Exception {
        harness.processElement(callee(ALICE, SPAMMER, T0 + HOUR, false), T0 + HOUR);
        harness.processWatermark(T0 + HOUR);
        List<Object> output = new ArrayList<>(harness.getOutput());
        assertEquals(2, output.size());
        assertInstanceOf(StreamRecord.class, output.get(0));
        assertEquals(new Watermark(T0 + HOUR), output.get(1));
    }

    @Test
    void equalTimesAreOrderedByWhatTheySayNotByArrival() throws Exception {
        // ALICE: called FRIEND, then FRIEND called, as they arrived.
        harness.processElement(caller(ALICE, FRIEND, T0 + HOUR), T0 + HOUR);
        harness.processElement(callee(ALICE, FRIEND, T0 + HOUR, true), T0 + HOUR);
        // BOB: the same two events, arriving the other way round.
        harness.processElement(callee(BOB, FRIEND, T0 + HOUR, true), T0 + HOUR);
        harness.processElement(caller(BOB, FRIEND, T0 + HOUR), T0 + HOUR);
        harness.processWatermark(T0 + HOUR);

        // Upstream subtasks interleave at random, so arrival cannot decide: both are applied as
        // a cold call from FRIEND, then a callback to FRIEND.
        Map<String, List<String>> out = bySubscriber(harness.extractOutputValues());
        for (String subscriber : List.of(ALICE, BOB)) {
            assertEquals(List.of(
                            CallerEvent.CALL + ":" + FRIEND + ":" + subscriber + ":1:false:",
                            CallerEvent.RECIPROCATION + ":" + FRIEND + ":" + subscriber + ":1:false:"),
                    out.get(subscriber), subscriber);
        }
    }

    @Test
    void eventBehindTheWatermarkIsAppliedAtOnceWithItsRecordTimestamp() throws Exception {
        harness.processWatermark(T0 + 10 * HOUR);
        // A hub replays an earlier touch inside a later record: the record keeps the later timestamp.
        harness.processElement(touch(PartyEvent.TOUCH_OUT, ALICE, "+862087654321", T0 + 2 * HOUR), T0 + 10 * HOUR);
        harness.processElement(callee(ALICE, SPAMMER, T0 + 3 * HOUR, false), T0 + 11 * HOUR);

        assertEquals(0, waiting(harness));
        List<StreamRecord<? extends CallerEvent>> records = harness.extractOutputStreamRecords();
        assertEquals(1, records.size());
        assertEquals(T0 + 11 * HOUR, records.get(0).getTimestamp());
        assertArrayEquals(new String[] {"+862087654321"}, records.get(0).getValue().touchSources);
        List<Long> sideTimes = harness.getSideOutput(TouchpointOperator.FIRST_TOUCHES).stream()
                .map(StreamRecord::getTimestamp)
                .collect(Collectors.toList());
        assertEquals(List.of(T0 + 10 * HOUR, T0 + 10 * HOUR), sideTimes);
    }

    @Test
    void replayOrderMatchesApplyingEachSubscribersEventsSortedByTime() throws Exception {
        Random random = new Random(42);
        String[] subscribers = {ALICE, BOB, CAROL, mobile(5), mobile(6)};
        String[] others = {FRIEND, SPAMMER, mobile(7), "SCH-047", "BANK-3", "+862087654321"};
        List<PartyEvent> arrivals = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String subscriber = subscribers[random.nextInt(subscribers.length)];
            String other = others[random.nextInt(others.length)];
            long time = T0 + random.nextInt(24) * HOUR;
            byte kind = (byte) random.nextInt(4);
            if (kind == PartyEvent.CALLEE || kind == PartyEvent.CALLER) {
                other = mobile(10 + random.nextInt(5));
            }
            PartyEvent e = kind == PartyEvent.CALLEE
                    ? callee(subscriber, other, time, random.nextBoolean())
                    : touch(kind, subscriber, other, time);
            arrivals.add(e);
            harness.processElement(e, time);
        }
        harness.processWatermark(Long.MAX_VALUE);

        Map<String, List<String>> expected = new LinkedHashMap<>();
        SubscriberUpdater updater = new SubscriberUpdater(config);
        for (String subscriber : subscribers) {
            List<PartyEvent> own = arrivals.stream()
                    .filter(e -> e.subscriber.equals(subscriber))
                    .sorted(Comparator.<PartyEvent>comparingLong(e -> e.timeMs).thenComparing(PartyEvent.TIES))
                    .collect(Collectors.toList());
            List<String> out = new ArrayList<>();
            SubscriberUpdater.Emitter emitter = new SubscriberUpdater.Emitter() {
                @Override
                public void collect(CallerEvent event) {
                    out.add(describe(event));
                }

                @Override
                public void firstTouch(String source) {}
            };
            SubscriberState state = updater.load(null, emitter);
            for (PartyEvent e : own) {
                updater.apply(e, state, emitter);
            }
            if (!out.isEmpty()) {
                expected.put(subscriber, out);
            }
        }
        assertEquals(expected, bySubscriber(harness.extractOutputValues()));
        assertEquals(0, waiting(harness));
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

    /** A subscriber nobody calls again leaves once its TTL has passed: the operator sweeps its keys. */
    @Test
    void aSubscriberNobodyCallsAgainIsSweptAfterItsTtl() throws Exception {
        harness.setProcessingTime(0);
        process(touch(PartyEvent.TOUCH_IN, ALICE, "SCH-047", T0));
        harness.setStateTtlProcessingTime(config.subscriberTtl().toMillis() - 1);
        process(touch(PartyEvent.TOUCH_IN, BOB, "SCH-047", T0 + HOUR));
        harness.setStateTtlProcessingTime(config.subscriberTtl().toMillis() + 1);
        assertEquals(2, harness.numKeyedStateEntries());

        // A key a step: a round is a day of steps.
        harness.setProcessingTime(StateSweep.STEP_INTERVAL.toMillis());
        harness.setProcessingTime(2 * StateSweep.STEP_INTERVAL.toMillis());

        assertEquals(1, harness.numKeyedStateEntries(), "Alice's state expired and was swept; Bob's is younger");
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

    @Test
    void waitingEventsSurviveSnapshotAndRestore() throws Exception {
        process(touch(PartyEvent.TOUCH_IN, ALICE, "SCH-047", T0));
        harness.processElement(callee(ALICE, SPAMMER, T0 + 3 * HOUR, false), T0 + 3 * HOUR);
        harness.processElement(callee(ALICE, FRIEND, T0 + 2 * HOUR, true), T0 + 2 * HOUR);
        harness.processElement(caller(ALICE, FRIEND, T0 + 2 * HOUR), T0 + 2 * HOUR);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + HOUR);
        harness.close();

        harness = newHarness();
        harness.setStateTtlProcessingTime(0);
        harness.initializeState(snapshot);
        harness.open();
        assertEquals(3, waiting(harness));
        harness.processWatermark(Long.MAX_VALUE);

        assertEquals(List.of(
                        CallerEvent.CALL + ":" + FRIEND + ":" + ALICE + ":2:false:SCH-047",
                        CallerEvent.RECIPROCATION + ":" + FRIEND + ":" + ALICE + ":2:false:",
                        CallerEvent.CALL + ":" + SPAMMER + ":" + ALICE + ":3:false:SCH-047"),
                bySubscriber(harness.extractOutputValues()).get(ALICE),
                "the order of equal times survives the snapshot");
        assertEquals(List.of(), firstTouches(), "the subscriber was known before the snapshot");
        assertEquals(0, waiting(harness));
    }

    @Test
    void rescaledRestoreAppliesEachWaitingEventOnceOnTheSubtaskOwningItsSubscriber() throws Exception {
        List<String> subscribers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String subscriber = mobile(100 + i);
            subscribers.add(subscriber);
            process(touch(PartyEvent.TOUCH_IN, subscriber, "SCH-047", T0));
        }
        for (String subscriber : subscribers) {
            harness.processElement(callee(subscriber, SPAMMER, T0 + 2 * HOUR, false), T0 + 2 * HOUR);
            harness.processElement(callee(subscriber, FRIEND, T0 + HOUR, false), T0 + HOUR);
        }
        assertEquals(40, waiting(harness));
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + HOUR);
        harness.close();

        Map<String, List<String>> all = new HashMap<>();
        int[] perSubtask = new int[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            var restored = newHarness(2, subtask);
            restored.setStateTtlProcessingTime(0);
            restored.initializeState(
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 2, subtask));
            restored.open();
            restored.processWatermark(Long.MAX_VALUE);
            assertEquals(0, waiting(restored));
            assertEquals(List.of(), firstTouches(restored), "keyed state moved with the waiting events");
            for (CallerEvent e : restored.extractOutputValues()) {
                assertEquals(subtask, KeyGroupRangeAssignment.assignKeyToParallelOperator(e.counterparty, MAX_PARALLELISM, 2));
                all.computeIfAbsent(e.counterparty, k -> new ArrayList<>()).add(describe(e));
                perSubtask[subtask]++;
            }
            restored.close();
        }
        assertNotEquals(0, perSubtask[0]);
        assertNotEquals(0, perSubtask[1]);
        assertEquals(subscribers.size(), all.size());
        for (String subscriber : subscribers) {
            assertEquals(List.of(
                            CallerEvent.CALL + ":" + FRIEND + ":" + subscriber + ":1:false:SCH-047",
                            CallerEvent.CALL + ":" + SPAMMER + ":" + subscriber + ":2:false:SCH-047"),
                    all.get(subscriber));
        }
    }

    @Test
    void finalWatermarkDrainsTheBuffer() throws Exception {
        harness.processElement(callee(ALICE, SPAMMER, Long.MAX_VALUE - 1, false), Long.MAX_VALUE - 1);
        harness.processElement(callee(BOB, SPAMMER, T0, false), T0);
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(2, harness.extractOutputValues().size());
        assertEquals(0, waiting(harness));
        OperatorSubtaskState snapshot = harness.snapshot(2L, T0);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        assertEquals(0, waiting(harness), "an empty buffer is snapshotted as empty");
    }
}
