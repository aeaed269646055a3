package org.leaktrace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leaktrace.pipeline.OneKeyHarness;
import org.leaktrace.pipeline.PojoForm;
import org.leaktrace.pipeline.StateTtl;
import org.leaktrace.pipeline.WrittenTypeInfo;
import org.leaktrace.touch.EventFields;
import org.leaktrace.touch.PojoFormStateTest;

/**
 * {@link RecentCallersSerializer} under Flink's serializer test suite, every field written, its
 * size against the POJO form, and state kept in the POJO form restored on the heap and in RocksDB,
 * in map state with a time-to-live as linking keeps victims' callers.
 */
class RecentCallersSerializerTest extends SerializerTestBase<RecentCallers> {
    private static final long T0 = 1_772_000_000_000L;

    RecentCallersSerializerTest() {
        super(EventFields.checker(RecentCallers.class));
    }

    @Override
    protected TypeSerializer<RecentCallers> createSerializer() {
        return RecentCallersSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<RecentCallers> getTypeClass() {
        return RecentCallers.class;
    }

    @Override
    public RecentCallers[] getTestData() {
        RecentCallers odd = callers(new String[] {null, "记录-é-\uD83D\uDCDE", ""},
                new long[] {Long.MIN_VALUE, T0 + 1, Long.MAX_VALUE});
        RecentCallers nulls = callers(null, null);
        return new RecentCallers[] {typical(), odd, nulls, new RecentCallers()};
    }

    /** Two callers of one victim, minutes apart, their times whole seconds as call records give them. */
    static RecentCallers typical() {
        return callers(new String[] {"+8617100000001", "+8617100000002"}, new long[] {T0, T0 + 300_000L});
    }

    private static RecentCallers callers(String[] numbers, long[] times) {
        RecentCallers c = new RecentCallers();
        c.callers = numbers;
        c.timesMs = times;
        return c;
    }

    @Test
    void extractedTypeUsesThisSerializer() {
        TypeInformation<RecentCallers> info = TypeInformation.of(RecentCallers.class);
        assertInstanceOf(WrittenTypeInfo.class, info);
        assertSame(RecentCallersSerializer.INSTANCE, info.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void everyFieldIsWritten() throws Exception {
        EventFields.assertEveryFieldSurvives(RecentCallers.class, RecentCallersSerializer.INSTANCE);
    }

    @Test
    void twoCallersTakeLessThanHalfOfTheirPojoForm() throws IOException {
        int before = bytes(PojoForm.typeInfo(RecentCallers.class).createSerializer(new SerializerConfigImpl()),
                typical());
        int after = bytes(RecentCallersSerializer.INSTANCE, typical());
        assertTrue(2 * after < before, after + " bytes against " + before + " in the POJO form");
    }

    @Test
    void corruptBytesFailAsIoErrors() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        RecentCallersSerializer.INSTANCE.serialize(typical(), out);
        byte[] badFlags = out.getCopyOfBuffer();
        badFlags[0] = 2;
        assertThrows(IOException.class, () -> read(badFlags));
        assertThrows(IOException.class, () -> read(new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F}));
    }

    @ParameterizedTest(name = "rocksdb={0}")
    @ValueSource(booleans = {false, true})
    void callersKeptInThePojoFormRestore(boolean rocksDb) throws Exception {
        PojoFormStateTest.assertRestores(RecentCallers.class,
                List.of(new RecentCallersSerializerTest().getTestData()), rocksDb);
    }

    @ParameterizedTest(name = "rocksdb={0}")
    @ValueSource(booleans = {false, true})
    void victimsCallersWithATimeToLiveRestoreFromThePojoForm(boolean rocksDb) throws Exception {
        OperatorSubtaskState pojoForm;
        try (var before = OneKeyHarness.open(new VictimIndex(PojoForm.typeInfo(RecentCallers.class), false), null,
                rocksDb)) {
            before.processElement(0, T0);
            pojoForm = before.snapshot(1, T0);
        }
        OperatorSubtaskState ownForm;
        try (var after = OneKeyHarness.open(new VictimIndex(TypeInformation.of(RecentCallers.class), true), pojoForm,
                rocksDb)) {
            after.processElement(0, T0);
            assertHeld(after.extractOutputValues());
            ownForm = after.snapshot(2, T0);
        }
        try (var again = OneKeyHarness.open(new VictimIndex(TypeInformation.of(RecentCallers.class), true), ownForm,
                rocksDb)) {
            again.processElement(0, T0);
            assertHeld(again.extractOutputValues());
        }
    }

    private static void assertHeld(List<RecentCallers> held) {
        RecentCallers[] expected = new RecentCallersSerializerTest().getTestData();
        assertEquals(expected.length, held.size());
        for (int i = 0; i < expected.length; i++) {
            assertTrue(EventFields.equal(expected[i], held.get(i)), "held " + i + " differs");
        }
    }

    /** The test data as linking's victim index keeps it: map state with a time-to-live; replaying emits it. */
    private static final class VictimIndex extends KeyedProcessFunction<String, Integer, RecentCallers> {
        private final TypeInformation<RecentCallers> type;
        private final boolean replay;
        private transient MapState<Integer, RecentCallers> victims;

        VictimIndex(TypeInformation<RecentCallers> type, boolean replay) {
            this.type = type;
            this.replay = replay;
        }

        @Override
        public void open(OpenContext context) {
            MapStateDescriptor<Integer, RecentCallers> descriptor =
                    new MapStateDescriptor<>("victim-callers", Types.INT, type);
            descriptor.enableTimeToLive(StateTtl.refreshedOnWrite(Duration.ofDays(30)));
            victims = getRuntimeContext().getMapState(descriptor);
        }

        @Override
        public void processElement(Integer ignored, Context ctx, Collector<RecentCallers> out) throws Exception {
            RecentCallers[] data = new RecentCallersSerializerTest().getTestData();
            for (int i = 0; i < data.length; i++) {
                if (replay) {
                    out.collect(victims.get(i));
                } else {
                    victims.put(i, data[i]);
                }
            }
        }
    }

    private static <T> int bytes(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.length();
    }

    private static RecentCallers read(byte[] bytes) throws IOException {
        return RecentCallersSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
    }
}
