package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;

class SourceSizeFunctionTest {
    private static final long T0 = CallBuilder.T0.toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private static KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Long>, AttributionInput> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SourceSizeFunction(TouchConfig.defaults())), t -> t.f0, Types.STRING);
    }

    private static List<Long> deltas(KeyedOneInputStreamOperatorTestHarness<String, ?, AttributionInput> h) {
        return h.extractOutputValues().stream()
                .peek(a -> assertEquals(AttributionKind.SOURCE_SIZE, a.getKind()))
                .map(a -> a.getSize().getDelta())
                .collect(Collectors.toList());
    }

    @Test
    void throttlesLargeSourcesAndFlushesTheRestOnTheTimer() throws Exception {
        var h = harness();
        h.open();
        for (int i = 0; i < 1000; i++) {
            h.processElement(Tuple2.of("*", 1L), T0 + i);
        }
        List<Long> sent = deltas(h);
        long total = sent.stream().mapToLong(Long::longValue).sum();
        assertEquals(true, sent.size() < 400, "sent " + sent.size() + " updates for 1000 first touches");
        assertEquals(true, total > 990 && total <= 1000);

        h.processWatermark(T0 + 2 * HOUR);
        assertEquals(1000, deltas(h).stream().mapToLong(Long::longValue).sum());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    @Test
    void theDeltasSentDoNotDependOnWhenTheWatermarkFiredTheTimer() throws Exception {
        long flush = TouchConfig.defaults().sourceSizeFlushInterval().toMillis();
        List<List<String>> outcomes = new java.util.ArrayList<>();
        for (boolean watermarkInBetween : new boolean[] {true, false}) {
            var h = harness();
            h.open();
            // A large source, so that one more customer waits for the timer.
            for (int i = 0; i < 1000; i++) {
                h.processElement(Tuple2.of("SCH-047", 1L), T0 - 2 * HOUR);
            }
            h.processWatermark(T0 - 1);
            h.getOutput().clear();
            h.processElement(Tuple2.of("SCH-047", 1L), T0);
            if (watermarkInBetween) {
                h.processWatermark(T0 + flush);
            }
            h.processElement(Tuple2.of("SCH-047", 1L), T0 + flush + HOUR);
            h.processWatermark(Long.MAX_VALUE);
            outcomes.add(h.extractOutputValues().stream()
                    .map(a -> a.getSize().getDelta() + "@" + (a.getTimeMs() - T0))
                    .collect(Collectors.toList()));
            assertEquals(0, h.numEventTimeTimers());
            h.close();
        }
        assertEquals(List.of("1@" + flush, "1@" + (2 * flush + HOUR)), outcomes.get(0));
        assertEquals(outcomes.get(0), outcomes.get(1),
                "a count after the pending delta's flush time sends that delta first, at its time");
    }

    @Test
    void pendingDeltaSurvivesRestore() throws Exception {
        var h = harness();
        h.open();
        for (int i = 0; i < 300; i++) {
            h.processElement(Tuple2.of("SCH-047", 1L), T0);
        }
        long before = deltas(h).stream().mapToLong(Long::longValue).sum();
        OperatorSubtaskState snapshot = h.snapshot(1L, T0);
        h.close();

        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        restored.processWatermark(T0 + 2 * HOUR);
        long after = deltas(restored).stream().mapToLong(Long::longValue).sum();
        assertEquals(300, before + after);
        restored.close();
    }
}
