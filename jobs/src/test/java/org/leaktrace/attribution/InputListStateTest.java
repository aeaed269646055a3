package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leaktrace.pipeline.OneKeyHarness;
import org.leaktrace.pipeline.WrittenTypeInfo;
import org.leaktrace.schema.internal.AttributionInput;

/**
 * Attribution's lists of inputs, kept in state as lists of Avro records before they had their own
 * serializer, restore with it, on the heap and in RocksDB, and are written on in the new form.
 */
class InputListStateTest {
    @ParameterizedTest(name = "rocksdb={0}")
    @ValueSource(booleans = {false, true})
    void listsKeptInTheAvroFormRestore(boolean rocksDb) throws Exception {
        restoreAndWriteOn(new ListAvroForm(), rocksDb);
    }

    @ParameterizedTest(name = "rocksdb={0}")
    @ValueSource(booleans = {false, true})
    void listsKeptInLayoutOneRestore(boolean rocksDb) throws Exception {
        restoreAndWriteOn(new LayoutOneForm(), rocksDb);
    }

    /** The test's lists kept by {@code before}, restored in today's form, written on and restored again. */
    private static void restoreAndWriteOn(Holder before, boolean rocksDb) throws Exception {
        List<List<AttributionInput>> lists = InputListSerializerTest.lists();
        OperatorSubtaskState oldForm;
        try (var harness = OneKeyHarness.open(before, null, rocksDb)) {
            for (int i = 0; i < lists.size(); i++) {
                harness.processElement(i, 0L);
            }
            oldForm = harness.snapshot(1, 0L);
        }
        OperatorSubtaskState ownForm;
        try (var after = OneKeyHarness.open(new Holder(InputListSerializer.TYPE, true), oldForm, rocksDb)) {
            after.processElement(-1, 0L);
            assertEquals(lists, after.extractOutputValues());
            ownForm = after.snapshot(2, 0L);
        }
        try (var again = OneKeyHarness.open(new Holder(InputListSerializer.TYPE, true), ownForm, rocksDb)) {
            again.processElement(-1, 0L);
            assertEquals(lists, again.extractOutputValues());
        }
    }

    /** Keeps list i of the test's lists under key i; asked with -1, emits every list in key order. */
    private static class Holder extends KeyedProcessFunction<String, Integer, List<AttributionInput>> {
        private final TypeInformation<List<AttributionInput>> type;
        private final boolean replay;
        private transient MapState<Integer, List<AttributionInput>> lists;

        Holder(TypeInformation<List<AttributionInput>> type, boolean replay) {
            this.type = type;
            this.replay = replay;
        }

        @Override
        public void open(OpenContext context) {
            lists = getRuntimeContext().getMapState(new MapStateDescriptor<>("early-callers", Types.INT, type));
        }

        @Override
        public void processElement(Integer i, Context ctx, Collector<List<AttributionInput>> out) throws Exception {
            if (!replay) {
                lists.put(i, InputListSerializerTest.lists().get(i));
                return;
            }
            for (int k = 0; lists.contains(k); k++) {
                out.collect(lists.get(k));
            }
        }
    }

    /** The form attribution kept its lists in until 2026-12-06: its own serializer's layout 1. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final class LayoutOneForm extends Holder {
        LayoutOneForm() {
            super(new WrittenTypeInfo<>((Class<List<AttributionInput>>) (Class) List.class,
                    InputListSerializer.LAYOUT_1), false);
        }
    }

    /** The form attribution kept its lists in before: Flink's list serializer over Avro's. */
    private static final class ListAvroForm extends Holder {
        ListAvroForm() {
            super(new ListTypeInfo<>(new AvroTypeInfo<>(AttributionInput.class)), false);
        }
    }
}
