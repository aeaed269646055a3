package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leaktrace.pipeline.OneKeyHarness;
import org.leaktrace.pipeline.PojoForm;

/**
 * State that holds the event types in Flink's POJO form, as checkpoints and savepoints taken before
 * they had serializers of their own do, restores with those serializers, on the heap and in
 * RocksDB, and is written on in the new form.
 *
 * <p>Such state is every event-time order's and the touchpoints' buffer (operator list state),
 * CEP's shared buffer (map state) and the caller profile's pending complaints (list state).
 */
public class PojoFormStateTest {
    private static final long T0 = CallBuilder.T0.toEpochMilli();

    @ParameterizedTest(name = "rocksdb={0}")
    @ValueSource(booleans = {false, true})
    void partyEventsRestoreFromThePojoForm(boolean rocksDb) throws Exception {
        PartyEventSerializerTest data = new PartyEventSerializerTest();
        assertRestores(PartyEvent.class, List.of(data.getTestData()), rocksDb);
    }

    @ParameterizedTest(name = "rocksdb={0}")
    @ValueSource(booleans = {false, true})
    void callerEventsRestoreFromThePojoForm(boolean rocksDb) throws Exception {
        CallerEventSerializerTest data = new CallerEventSerializerTest();
        assertRestores(CallerEvent.class, List.of(data.getTestData()), rocksDb);
    }

    /**
     * {@code events} kept in keyed list and map state and in operator list state in Flink's POJO
     * form restore with {@code type}'s own serializer, and restore again once written in its form.
     */
    public static <T> void assertRestores(Class<T> type, List<T> events, boolean rocksDb) throws Exception {
        OperatorSubtaskState pojoForm;
        try (var before = OneKeyHarness.open(new Holder<>(PojoForm.typeInfo(type), false), null, rocksDb)) {
            for (T e : events) {
                before.processElement(e, T0);
            }
            pojoForm = before.snapshot(1, T0);
        }
        OperatorSubtaskState ownForm;
        try (var after = OneKeyHarness.open(new Holder<>(TypeInformation.of(type), true), pojoForm, rocksDb)) {
            assertHeld(events, after);
            ownForm = after.snapshot(2, T0);
        }
        try (var again = OneKeyHarness.open(new Holder<>(TypeInformation.of(type), true), ownForm, rocksDb)) {
            assertHeld(events, again);
        }
    }

    /** A probe makes the holder emit its keyed list, its map's values and its operator list, in that order. */
    private static <T> void assertHeld(List<T> events, KeyedOneInputStreamOperatorTestHarness<String, T, T> h)
            throws Exception {
        h.processElement(events.get(0), T0);
        List<T> out = h.extractOutputValues();
        assertEquals(3 * events.size(), out.size());
        for (int i = 0; i < out.size(); i++) {
            T expected = events.get(i % events.size());
            assertTrue(EventFields.equal(expected, out.get(i)), "held " + out.get(i) + ", expected " + expected);
        }
    }

    /** Keeps every event in keyed list and map state and in operator list state; a replaying one emits them. */
    private static final class Holder<T> extends KeyedProcessFunction<String, T, T> implements CheckpointedFunction {
        private final TypeInformation<T> type;
        private final boolean replay;
        private transient ListState<T> list;
        private transient MapState<Integer, T> map;
        /** As the event-time orders hold their events: with their timestamps, as operator union state. */
        private transient ListState<Tuple2<Long, T>> operatorList;

        Holder(TypeInformation<T> type, boolean replay) {
            this.type = type;
            this.replay = replay;
        }

        @Override
        public void open(OpenContext context) {
            list = getRuntimeContext().getListState(new ListStateDescriptor<>("list", type));
            map = getRuntimeContext().getMapState(new MapStateDescriptor<>("map", Types.INT, type));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            operatorList = context.getOperatorStateStore().getUnionListState(
                    new ListStateDescriptor<>("buffer", new TupleTypeInfo<>(Types.LONG, type)));
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {}

        @Override
        public void processElement(T e, Context ctx, Collector<T> out) throws Exception {
            if (!replay) {
                list.add(e);
                int n = 0;
                for (Integer ignored : map.keys()) {
                    n++;
                }
                map.put(n, e);
                operatorList.add(Tuple2.of(T0, e));
                return;
            }
            list.get().forEach(out::collect);
            List<Integer> keys = new ArrayList<>();
            map.keys().forEach(keys::add);
            keys.sort(null);
            for (Integer k : keys) {
                out.collect(map.get(k));
            }
            for (Tuple2<Long, T> held : operatorList.get()) {
                out.collect(held.f1);
            }
        }
    }
}
