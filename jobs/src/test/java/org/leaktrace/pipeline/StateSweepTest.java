package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** Keys nobody reads again leave once their TTL has passed, swept from the heap at a fixed rate. */
class StateSweepTest {
    private static final Duration TTL = Duration.ofMillis(100);
    private static final long STEP_MS = StateSweep.STEP_INTERVAL.toMillis();

    /** Writes the element's value to its key's value state, or appends it to the list state when it is "list:". */
    static final class Remember extends KeyedProcessFunction<String, Tuple2<String, String>, String> implements Swept {
        private transient ValueState<String> value;
        private transient ListState<String> list;
        private transient List<StateDescriptor<?, ?>> swept;

        static ValueStateDescriptor<String> valueDescriptor() {
            ValueStateDescriptor<String> descriptor = new ValueStateDescriptor<>("value", Types.STRING);
            descriptor.enableTimeToLive(StateTtl.refreshedOnWrite(TTL));
            return descriptor;
        }

        static ListStateDescriptor<String> listDescriptor() {
            ListStateDescriptor<String> descriptor = new ListStateDescriptor<>("list", Types.STRING);
            descriptor.enableTimeToLive(StateTtl.refreshedOnWrite(TTL));
            return descriptor;
        }

        @Override
        public void open(OpenContext openContext) {
            ValueStateDescriptor<String> valueDescriptor = valueDescriptor();
            ListStateDescriptor<String> listDescriptor = listDescriptor();
            value = getRuntimeContext().getState(valueDescriptor);
            list = getRuntimeContext().getListState(listDescriptor);
            swept = List.of(valueDescriptor, listDescriptor);
        }

        @Override
        public List<StateDescriptor<?, ?>> sweptStates() {
            return swept;
        }

        @Override
        public void processElement(Tuple2<String, String> e, Context ctx, Collector<String> out) throws Exception {
            if (e.f1.startsWith("list:")) {
                list.add(e.f1);
            } else {
                value.update(e.f1);
            }
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, String>, String> harness(
            boolean rocksDb) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new SweptKeyedProcessOperator<>(new Remember()), e -> e.f0, Types.STRING);
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        h.setStateTtlProcessingTime(0);
        h.setProcessingTime(0);
        h.open();
        return h;
    }

    private static Set<String> keys(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h, String state) {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        try (Stream<String> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void keysWhoseTtlHasPassedLeaveWithoutBeingReadAgain() throws Exception {
        try (var h = harness(false)) {
            h.processElement(Tuple2.of("old-value", "v"), 0);
            h.processElement(Tuple2.of("old-list", "list:a"), 0);
            h.setStateTtlProcessingTime(80);
            h.processElement(Tuple2.of("fresh-value", "v"), 0);
            h.processElement(Tuple2.of("fresh-list", "list:b"), 0);
            h.setStateTtlProcessingTime(150);

            // A key a step here (a round is a day of steps), the value state's keys first.
            step(h, 1);
            step(h, 2);
            assertEquals(Set.of("fresh-value"), keys(h, "value"));
            assertEquals(Set.of("fresh-list", "old-list"), keys(h, "list"), "the list's turn has not come");
            step(h, 3);
            step(h, 4);
            assertEquals(Set.of("fresh-list"), keys(h, "list"));

            h.setStateTtlProcessingTime(200);
            for (int n = 5; n <= 8; n++) {
                step(h, n);
            }
            assertEquals(Set.of(), keys(h, "value"));
            assertEquals(Set.of(), keys(h, "list"));
        }
    }

    private static void step(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h, int n) throws Exception {
        h.setProcessingTime(n * STEP_MS);
    }

    /** RocksDB's compaction filter drops expired values; a sweep there would cost a round trip per key. */
    @Test
    void rocksDbIsLeftToItsCompaction() throws Exception {
        try (var h = harness(true)) {
            h.processElement(Tuple2.of("old-value", "v"), 0);
            h.setStateTtlProcessingTime(150);
            step(h, 1);
            assertEquals(Set.of("old-value"), keys(h, "value"));
        }
    }

    @Test
    void aStepReadsAtMostItsShareOfKeysAndLeavesTheKeyItFound() throws Exception {
        try (var h = harness(false)) {
            for (int i = 0; i < 5; i++) {
                h.processElement(Tuple2.of("k" + i, "v"), 0);
            }
            KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
            // Five keys over three steps: two a step.
            StateSweep<String> sweep = new StateSweep<>(backend, List.of(Remember.valueDescriptor()), 3);
            backend.setCurrentKey("k3");
            sweep.step();
            assertEquals(2, sweep.keysRead());
            assertEquals("k3", backend.getCurrentKey());

            h.setStateTtlProcessingTime(150);
            sweep.step();
            sweep.step();
            assertEquals(5, sweep.keysRead());
            assertEquals(2, keys(h, "value").size(), "the first step read its two keys before the TTL passed");

            // A new round lists the two keys left: one a step.
            sweep.step();
            assertEquals(6, sweep.keysRead());
            assertEquals(1, keys(h, "value").size());
            sweep.step();
            assertEquals(Set.of(), keys(h, "value"));
        }
    }

    @Test
    void mapStatesAreRefused() {
        var map = new MapStateDescriptor<>("map", Types.STRING, Types.STRING);
        assertThrows(IllegalArgumentException.class, () -> new StateSweep<String>(null, List.of(map), 10));
    }
}
