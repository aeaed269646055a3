package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializerSnapshot;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.StringUtils;
import org.junit.jupiter.api.Test;
import org.leaktrace.pipeline.ByteText;
import org.leaktrace.pipeline.CompactBytes;
import org.leaktrace.pipeline.Varints;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;
import org.leaktrace.schema.internal.CallerRisk;
import org.leaktrace.schema.internal.SourceSize;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;

/**
 * {@link InputListSerializer} under Flink's serializer test suite, on the lists attribution keeps:
 * a fresh number's early contacts and the inputs of several kinds waiting for the watermark.
 */
class InputListSerializerTest extends SerializerTestBase<List<AttributionInput>> {
    private static final long T0 = 1_772_000_000_000L;
    private static final long DAY = 86_400_000L;
    private static final String CALLER = "+8613358213632";
    private static final String IMEI = "352050115648833";

    @Override
    protected TypeSerializer<List<AttributionInput>> createSerializer() {
        return InputListSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override
    protected Class<List<AttributionInput>> getTypeClass() {
        return (Class) List.class;
    }

    @Override
    public List<AttributionInput>[] getTestData() {
        return lists().toArray(List[]::new);
    }

    static List<List<AttributionInput>> lists() {
        List<AttributionInput> waiting = new ArrayList<>(List.of(
                Inputs.contact("+8618900000002", "+8613800000009", T0 + 5, null, "", List.of()),
                Inputs.risk(CALLER, T0 + 5, IMEI, 0.8),
                Inputs.size("SCH-047", -1, T0 + 5),
                Inputs.size("*", 1, T0 + 5),
                Inputs.contact(CALLER, "+8613800000009", T0 + 5, "another-device", "cell-\uD83D\uDCDE",
                        List.of(Inputs.touch("记录-é", T0 + DAY, T0 + 2 * DAY)))));
        waiting.get(1).getRisk().setSharedDevice(true);
        AttributionInput odd = AttributionInput.newBuilder(Inputs.contact(CALLER, "+8613800000010", T0, IMEI, null,
                List.of())).setTimeMs(Long.MIN_VALUE).build();
        odd.getContact().setTimeMs(Long.MAX_VALUE);
        odd.getContact().setDurationS(Integer.MIN_VALUE);
        return List.of(pool(), waiting, List.of(odd), new ArrayList<>());
    }

    /** Four early contacts of one number from one device, their victims customers of a school and a bank. */
    static List<AttributionInput> pool() {
        List<AttributionInput> pool = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long t = T0 + i * 3_600_000L;
            AttributionInput contact = Inputs.contact(CALLER, "+861380000000" + i, t, IMEI, "460-00-4100-100", List.of(
                    Inputs.touch("SCH-047", t - 200 * DAY - i, t - 30 * DAY),
                    Inputs.touch("BANK-003", t - 90 * DAY, t - 2 * DAY + i),
                    Inputs.touch("+861062345678", t - DAY, t - 3_600_000L)));
            contact.getContact().setRecordId("");
            AttributionInput early = Inputs.early(contact, 0.4 + i / 10.0);
            if (i < 3) {
                early.setRisk(null);
            }
            pool.add(early);
        }
        pool.get(2).getContact().setAnswered(true);
        pool.get(2).getContact().setDurationS(47);
        return pool;
    }

    @Test
    void aPoolTakesLessThanHalfOfItsAvroForm() throws IOException {
        TypeSerializer<List<AttributionInput>> avro =
                new ListTypeInfo<>(new AvroTypeInfo<>(AttributionInput.class)).createSerializer(new SerializerConfigImpl());
        int before = bytes(avro, pool()).length;
        int after = bytes(InputListSerializer.INSTANCE, pool()).length;
        assertTrue(2 * after < before, after + " bytes against " + before + " in Avro");
    }

    @Test
    void theSchemasItWritesArePinned() {
        // A field added to any of these is a new layout: write it, and read the layouts before it as well.
        assertEquals(List.of("kind", "time_ms", "contact", "risk", "size"), fields(AttributionInput.getClassSchema()));
        assertEquals(List.of("record_id", "caller", "victim", "time_ms", "answered", "duration_s", "caller_imei",
                "cell_id", "touches"), fields(VictimContact.getClassSchema()));
        assertEquals(List.of("source", "first_ms", "last_ms"), fields(Touch.getClassSchema()));
        assertEquals(List.of("source", "delta"), fields(SourceSize.getClassSchema()));
        assertEquals(List.of("CONTACT", "CALLER_RISK", "SOURCE_SIZE", "EARLY_CONTACT"),
                AttributionKind.getClassSchema().getEnumSymbols());
        assertEquals(List.of("caller", "score", "reasons", "first_seen_ms", "calls", "distinct_callees",
                "answer_rate", "short_call_share", "cold_share", "reciprocity", "complaints", "caller_imei", "cell_id",
                "shared_device"), fields(CallerRisk.getClassSchema()));
    }

    /** {@link #pool()} as layout 1, the serializer of 2026-12-05, wrote it. */
    private static final String POOL_IN_LAYOUT_1 =
            "041d2b38363133333538323133363332090380e0f1b69267011d2b3836313338303030303030303000001f3335323035"
            + "303131353634383833331f3436302d30302d343130302d31303003000f5343482d3034378080bfdf800180a0f6a71300"
            + "1142414e4b2d30303380e0e2f73980e0e5a401001b2b38363130363233343536373880f0b25280bab703390380bab703"
            + "011d2b38363133383030303030303031000003018280bfdf800180a0f6a7130280e0e2f739fedfe5a4010380f0b25280"
            + "bab703790380bab703011d2b38363133383030303030303032005e03018480bfdf800180a0f6a7130280e0e2f739fcdf"
            + "e5a4010380f0b25280bab7033b0380bab703011d2b38363133383030303030303033000003018680bfdf800180a0f6a7"
            + "130280e0e2f739fadfe5a4010380f0b25280bab703033fe6666666666666011f636f6c645f73686172653a312e3030c0"
            + "a90728283fc999999999999a3feccccccccccccd3ff000000000000000000000000000000200";

    @Test
    void layoutOneIsStillReadAndItsReaderWritesIt() throws IOException {
        TypeSerializer<List<AttributionInput>> reader = InputListSerializer.INSTANCE.readerOf(1);
        assertEquals(pool(), reader.deserialize(new DataInputDeserializer(HexFormat.of().parseHex(POOL_IN_LAYOUT_1))));
        assertEquals(POOL_IN_LAYOUT_1, HexFormat.of().formatHex(bytes(reader, pool())));
        for (List<AttributionInput> list : lists()) {
            assertEquals(list, reader.deserialize(new DataInputDeserializer(bytes(reader, list))));
        }
        assertNull(InputListSerializer.INSTANCE.readerOf(3));
    }

    @Test
    void stateInLayoutOneIsMigratedAndLayoutTwoTakenAsItIs() throws IOException {
        TypeSerializerSnapshot<List<AttributionInput>> current = InputListSerializer.INSTANCE.snapshotConfiguration();
        TypeSerializerSnapshot<List<AttributionInput>> layoutOne =
                writtenAndRead(InputListSerializer.LAYOUT_1.snapshotConfiguration());
        assertTrue(current.resolveSchemaCompatibility(layoutOne).isCompatibleAfterMigration());
        assertSame(InputListSerializer.LAYOUT_1, layoutOne.restoreSerializer());
        TypeSerializerSnapshot<List<AttributionInput>> layoutTwo = writtenAndRead(current);
        assertTrue(current.resolveSchemaCompatibility(layoutTwo).isCompatibleAsIs());
        assertSame(InputListSerializer.INSTANCE, layoutTwo.restoreSerializer());
    }

    @Test
    void layoutTwoWritesAPoolOfCallTimesInAQuarterLessThanLayoutOne() throws IOException {
        int before = bytes(InputListSerializer.LAYOUT_1, inWholeSeconds(pool())).length;
        int after = bytes(InputListSerializer.INSTANCE, inWholeSeconds(pool())).length;
        assertTrue(4 * after <= 3 * before, after + " bytes against " + before + " in layout 1");
    }

    @Test
    void anInputWithATimeInMillisecondsWritesItsTimesInMilliseconds() throws IOException {
        List<AttributionInput> seconds = inWholeSeconds(pool());
        List<AttributionInput> oneMillisecond = inWholeSeconds(pool());
        Touch touch = oneMillisecond.get(1).getContact().getTouches().get(0);
        touch.setFirstMs(touch.getFirstMs() - 1);
        assertEquals(oneMillisecond, read(bytes(InputListSerializer.INSTANCE, oneMillisecond)));
        assertTrue(bytes(InputListSerializer.INSTANCE, oneMillisecond).length
                > bytes(InputListSerializer.INSTANCE, seconds).length);
    }

    /** {@code pool} with every touch's times rounded down to the second, as call records give them. */
    private static List<AttributionInput> inWholeSeconds(List<AttributionInput> pool) {
        for (AttributionInput input : pool) {
            for (Touch t : input.getContact().getTouches()) {
                t.setFirstMs(Math.floorDiv(t.getFirstMs(), 1000L) * 1000L);
                t.setLastMs(Math.floorDiv(t.getLastMs(), 1000L) * 1000L);
            }
        }
        return pool;
    }

    @Test
    void corruptBytesFailAsIoErrors() throws IOException {
        byte[] pool = bytes(InputListSerializer.INSTANCE, pool());
        byte[] badSource = pool.clone();
        // The first touch of the first contact names source 9 before any was named.
        int at = indexOfTouches(pool);
        badSource[at] = 10;
        assertThrows(IOException.class, () -> read(badSource));
        byte[] badKind = pool.clone();
        badKind[kindOfFirstInput()] = 9;
        assertThrows(IOException.class, () -> read(badKind));
        assertThrows(IOException.class, () -> read(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}));
    }

    @Test
    void onlyAnAvroFormAvroCanResolveIsTakenOver() throws IOException {
        assertTrue(InputListSerializer.Snapshot.readsAvroForm(avroSnapshot(AttributionInput.getClassSchema().toString())));
        // Written when the input's time was a string: no reader can turn that into a long.
        String timeAsText = AttributionInput.getClassSchema().toString()
                .replace("{\"name\":\"time_ms\",\"type\":\"long\"", "{\"name\":\"time_ms\",\"type\":\"string\"");
        assertTrue(!timeAsText.equals(AttributionInput.getClassSchema().toString()), "the schema was changed");
        assertFalse(InputListSerializer.Snapshot.readsAvroForm(avroSnapshot(timeAsText)));
    }

    /** An Avro serializer's snapshot of the inputs as one with writer schema {@code schema} would read. */
    private static AvroSerializerSnapshot<AttributionInput> avroSnapshot(String schema) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        StringUtils.writeString(AttributionInput.class.getName(), out);
        StringUtils.writeString(schema, out);
        AvroSerializerSnapshot<AttributionInput> snapshot = new AvroSerializerSnapshot<>();
        snapshot.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()),
                InputListSerializerTest.class.getClassLoader());
        return snapshot;
    }

    /** Where the first input's kind is in layout 2: after the count, the packed caller and the flags byte. */
    private static int kindOfFirstInput() {
        return 1 + 1 + (CALLER.length() + 1) / 2 + 1;
    }

    private static int indexOfTouches(byte[] pool) throws IOException {
        // count, caller, flags, kind, time step, record id, victim, time, duration, imei, cell, touch count
        int at = kindOfFirstInput() + 1;
        DataInputDeserializer in = new DataInputDeserializer(pool, at, pool.length - at);
        Varints.readSigned(in);
        ByteText.read(in);
        CompactBytes.readText(in);
        Varints.readSigned(in);
        Varints.readSigned(in);
        CompactBytes.readText(in);
        CompactBytes.readText(in);
        assertEquals(3, Varints.readUnsigned(in));
        return in.getPosition();
    }

    private static TypeSerializerSnapshot<List<AttributionInput>> writtenAndRead(
            TypeSerializerSnapshot<List<AttributionInput>> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), InputListSerializerTest.class.getClassLoader());
    }

    private static List<String> fields(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }

    private static byte[] bytes(TypeSerializer<List<AttributionInput>> s, List<AttributionInput> list)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(list, out);
        return out.getCopyOfBuffer();
    }

    private static List<AttributionInput> read(byte[] bytes) throws IOException {
        return InputListSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
    }
}
