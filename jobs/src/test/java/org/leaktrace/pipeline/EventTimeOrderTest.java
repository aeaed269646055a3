package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.leaktrace.caller.Events;
import org.leaktrace.touch.CallerEvent;

class EventTimeOrderTest {
    private static final int MAX_PARALLELISM = 128;
    private static final long T0 = Events.T0;
    private static final long MINUTE = Events.MINUTE;
    private static final String SPAMMER = "+8617100000001";

    private static KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> harness(
            int parallelism, int subtask) throws Exception {
        return harness(parallelism, subtask, true);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> harness(
            int parallelism, int subtask, boolean enabled) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new EventTimeOrder<>(TypeInformation.of(CallerEvent.class), CallerEvent.TIES, enabled),
                e -> e.caller, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> opened() throws Exception {
        var h = harness(1, 0);
        h.open();
        return h;
    }

    private static CallerEvent call(String caller, String callee, long timeMs) {
        return Events.call(caller, callee, timeMs, false, 0);
    }

    private static void process(KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> h,
            CallerEvent e) throws Exception {
        h.processElement(e, e.timeMs);
    }

    /** Output as "kind:counterparty-or-signal@minute" and "W@minute" for watermarks. */
    private static List<String> described(KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof Watermark w) {
                out.add("W@" + (w.getTimestamp() - T0) / MINUTE);
            } else {
                @SuppressWarnings("unchecked")
                StreamRecord<CallerEvent> r = (StreamRecord<CallerEvent>) o;
                CallerEvent e = r.getValue();
                assertEquals(e.timeMs, r.getTimestamp(), "released with its own time");
                out.add(e.kind + ":" + (e.signal != null ? e.signal : e.counterparty) + "@" + (e.timeMs - T0) / MINUTE);
            }
        }
        return out;
    }

    @Test
    void releasesEventsInTimeOrderWhenTheWatermarkPassesThemAndBeforeForwardingIt() throws Exception {
        var h = opened();
        process(h, call(SPAMMER, "+8613800000003", T0 + 3 * MINUTE));
        process(h, call(SPAMMER, "+8613800000001", T0 + MINUTE));
        process(h, call(SPAMMER, "+8613800000002", T0 + 2 * MINUTE));
        assertEquals(List.of(), described(h), "nothing before a watermark passes");

        h.processWatermark(T0 + 2 * MINUTE);
        assertEquals(List.of("0:+8613800000001@1", "0:+8613800000002@2", "W@2"), described(h));
        h.getOutput().clear();
        h.processWatermark(Long.MAX_VALUE);
        assertEquals("0:+8613800000003@3", described(h).get(0));
        h.close();
    }

    @Test
    void eventsOfOneTimeComeOutInTheSameOrderWhateverOrderTheyArrivedIn() throws Exception {
        long t = T0 + 5 * MINUTE;
        List<CallerEvent> events = List.of(
                call(SPAMMER, "+8613800000002", t),
                CallerEvent.reciprocation(SPAMMER, "+8613800000009", t),
                call(SPAMMER, "+8613800000001", t),
                CallerEvent.signal(SPAMMER, "short_call_burst", t));
        Set<List<String>> outcomes = new LinkedHashSet<>();
        for (int rotation = 0; rotation < events.size(); rotation++) {
            var h = opened();
            for (int i = 0; i < events.size(); i++) {
                process(h, events.get((i + rotation) % events.size()));
            }
            h.processWatermark(t);
            outcomes.add(described(h));
            h.close();
        }
        assertEquals(1, outcomes.size(), outcomes.toString());
        assertEquals(List.of("3:short_call_burst@5", "1:+8613800000009@5", "0:+8613800000001@5",
                        "0:+8613800000002@5", "W@5"),
                outcomes.iterator().next(),
                "the pattern's signal before the calls it came from, so the call that completed it is judged with it");
    }

    @Test
    void turnedOffForALiveStreamEveryEventPassesAtOnce() throws Exception {
        var h = harness(1, 0, false);
        h.open();
        process(h, call(SPAMMER, "+8613800000003", T0 + 3 * MINUTE));
        process(h, call(SPAMMER, "+8613800000001", T0 + MINUTE));
        assertEquals(List.of("0:+8613800000003@3", "0:+8613800000001@1"), described(h), "as they came");
        h.processWatermark(T0 + 3 * MINUTE);
        assertEquals("W@3", described(h).get(2));
        assertEquals(0, ((EventTimeOrder<?>) h.getOperator()).waitingEvents());
        h.close();
    }

    @Test
    void anEventAtOrBehindTheWatermarkPassesAtOnce() throws Exception {
        var h = opened();
        h.processWatermark(T0 + 10 * MINUTE);
        h.getOutput().clear();
        process(h, call(SPAMMER, "+8613800000001", T0 + 4 * MINUTE));
        process(h, call(SPAMMER, "+8613800000002", T0 + 10 * MINUTE));
        assertEquals(List.of("0:+8613800000001@4", "0:+8613800000002@10"), described(h));
        assertEquals(0, ((EventTimeOrder<?>) h.getOperator()).waitingEvents());
        h.close();
    }

    @Test
    void waitingEventsSurviveARescaledRestoreEachOnTheSubtaskOwningItsKey() throws Exception {
        var h = opened();
        List<String> callers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String caller = "+86171000001" + String.format("%02d", i);
            callers.add(caller);
            process(h, call(caller, "+8613800000002", T0 + 2 * MINUTE));
            process(h, call(caller, "+8613800000001", T0 + MINUTE));
        }
        OperatorSubtaskState snapshot = h.snapshot(1L, T0);
        h.close();

        List<String> released = new ArrayList<>();
        int[] perSubtask = new int[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            var restored = harness(2, subtask);
            restored.initializeState(
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 2, subtask));
            restored.open();
            restored.processWatermark(Long.MAX_VALUE);
            List<CallerEvent> out = restored.extractOutputValues();
            for (int i = 0; i < out.size(); i++) {
                CallerEvent e = out.get(i);
                assertEquals(subtask, KeyGroupRangeAssignment.assignKeyToParallelOperator(e.caller, MAX_PARALLELISM, 2));
                released.add(e.caller + ":" + e.counterparty);
                perSubtask[subtask]++;
            }
            assertEquals(0, ((EventTimeOrder<?>) restored.getOperator()).waitingEvents());
            restored.close();
        }
        assertNotEquals(0, perSubtask[0]);
        assertNotEquals(0, perSubtask[1]);
        assertEquals(40, released.size(), "each waiting event released once");
        for (String caller : callers) {
            int first = released.indexOf(caller + ":+8613800000001");
            int second = released.indexOf(caller + ":+8613800000002");
            assertNotEquals(-1, first);
            assertTrue(first < second, "each caller's events still in time order");
        }
    }
}
