package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leaktrace.pipeline.PojoForm;
import org.leaktrace.pipeline.WrittenTypeInfo;
import org.leaktrace.touch.EventFields;
import org.leaktrace.touch.PojoFormStateTest;

/**
 * {@link VictimStateSerializer} under Flink's serializer test suite, every field written, its size
 * against the POJO form, and state kept in the POJO form restored on the heap and in RocksDB.
 */
class VictimStateSerializerTest extends SerializerTestBase<VictimState> {
    private static final long T0 = 1_772_000_000_000L;
    private static final long DAY = 86_400_000L;

    VictimStateSerializerTest() {
        super(EventFields.checker(VictimState.class));
    }

    @Override
    protected TypeSerializer<VictimState> createSerializer() {
        return VictimStateSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<VictimState> getTypeClass() {
        return VictimState.class;
    }

    @Override
    public VictimState[] getTestData() {
        VictimState odd = victim("记录-é-\uD83D\uDCDE", 7, T0 + 1, new String[] {null, "", "BANK-003"},
                new long[] {Long.MIN_VALUE, 0, T0}, new long[] {Long.MAX_VALUE});
        VictimState nulls = new VictimState();
        nulls.sources = null;
        nulls.firstTouchMs = null;
        nulls.lastTouchMs = null;
        nulls.seq = Integer.MIN_VALUE;
        nulls.firstCallMs = -1;
        return new VictimState[] {typical(), odd, nulls, new VictimState()};
    }

    /** A victim of a campaign's 42nd call, two touches before it, every time a whole second. */
    static VictimState typical() {
        return victim("+8613800000009", 41, T0, new String[] {"SCH-047", "+861062345678"},
                new long[] {T0 - 200 * DAY, T0 - 3 * DAY}, new long[] {T0 - 30 * DAY, T0 - 3_600_000L});
    }

    private static VictimState victim(String number, int seq, long firstCallMs, String[] sources, long[] first,
            long[] last) {
        VictimState v = new VictimState();
        v.victim = number;
        v.seq = seq;
        v.firstCallMs = firstCallMs;
        v.sources = sources;
        v.firstTouchMs = first;
        v.lastTouchMs = last;
        return v;
    }

    @Test
    void extractedTypeUsesThisSerializer() {
        TypeInformation<VictimState> info = TypeInformation.of(VictimState.class);
        assertInstanceOf(WrittenTypeInfo.class, info);
        assertSame(VictimStateSerializer.INSTANCE, info.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void everyFieldIsWritten() throws Exception {
        EventFields.assertEveryFieldSurvives(VictimState.class, VictimStateSerializer.INSTANCE);
    }

    @Test
    void aTypicalVictimTakesLessThanHalfOfItsPojoForm() throws IOException {
        int before = bytes(PojoForm.typeInfo(VictimState.class).createSerializer(new SerializerConfigImpl()),
                typical());
        int after = bytes(VictimStateSerializer.INSTANCE, typical());
        assertTrue(2 * after < before, after + " bytes against " + before + " in the POJO form");
    }

    @Test
    void corruptBytesFailAsIoErrors() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        VictimStateSerializer.INSTANCE.serialize(typical(), out);
        byte[] badFlags = out.getCopyOfBuffer();
        badFlags[0] = 4;
        assertThrows(IOException.class, () -> read(badFlags));
        assertThrows(IOException.class, () -> read(new byte[] {0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F}));
    }

    @ParameterizedTest(name = "rocksdb={0}")
    @ValueSource(booleans = {false, true})
    void victimsKeptInThePojoFormRestore(boolean rocksDb) throws Exception {
        PojoFormStateTest.assertRestores(VictimState.class, List.of(new VictimStateSerializerTest().getTestData()),
                rocksDb);
    }

    private static <T> int bytes(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.length();
    }

    private static VictimState read(byte[] bytes) throws IOException {
        return VictimStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
    }
}
