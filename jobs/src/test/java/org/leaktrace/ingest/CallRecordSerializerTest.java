package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;
import org.leaktrace.schema.Complaint;
import org.leaktrace.touch.CallBuilder;

/**
 * {@link CallRecordSerializer} under Flink's serializer test suite, every field of the schema
 * written, and the inputs giving call records this serializer.
 */
class CallRecordSerializerTest extends SerializerTestBase<CallRecord> {

    @Override
    protected TypeSerializer<CallRecord> createSerializer() {
        return CallRecordSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<CallRecord> getTypeClass() {
        return CallRecord.class;
    }

    @Override
    public CallRecord[] getTestData() {
        CallRecord full = CallBuilder.voice("+8613800000001", "+8618900000002")
                .at(Duration.ofMinutes(3)).answered(41).imei("356938035643809").build();
        full.setCellId("4600-1234");
        CallRecord sms = CallBuilder.sms("+86106900000", "+8613800000001").build();
        CallRecord foreign = CallBuilder.voice("+4915112345678", "+8613800000003").build();
        foreign.setRecordId("记录-é-\uD83D\uDCDE");
        foreign.setCellId("");
        foreign.setStartTime(Instant.ofEpochMilli(-1));
        return new CallRecord[] {full, sms, foreign, new CallRecord()};
    }

    @Test
    void everyFieldOfTheSchemaIsWritten() throws Exception {
        Schema schema = CallRecord.getClassSchema();
        assertEquals(List.of("record_id", "type", "caller", "callee", "start_time", "duration_s", "answered",
                        "caller_imei", "cell_id"),
                schema.getFields().stream().map(Schema.Field::name).toList(),
                "a field added to CallRecord must be written by CallRecordSerializer, under a new layout");
        assertEquals(List.of("VOICE", "SMS"), CallType.getClassSchema().getEnumSymbols(),
                "a call type added must be given a flag by CallRecordSerializer");
        CallRecord full = getTestData()[0];
        CallRecord back = roundTrip(full);
        for (Schema.Field field : schema.getFields()) {
            assertEquals(full.get(field.pos()), back.get(field.pos()), field.name());
        }
        assertEquals(CallType.SMS, roundTrip(getTestData()[1]).getType());
    }

    @Test
    void startTimesKeepMillisecondsAsAvroDoes() throws Exception {
        CallRecord call = CallBuilder.voice("+8613800000001", "+8618900000002").build();
        call.setStartTime(CallBuilder.T0.plusNanos(1_234_567));
        assertEquals(CallBuilder.T0.plusMillis(1), roundTrip(call).getStartTime());
    }

    @Test
    void callRecordsAndOnlyThemGetThisSerializer() {
        assertSame(CallRecordSerializer.INSTANCE,
                RecordTypes.of(CallRecord.class).createSerializer(new SerializerConfigImpl()));
        assertEquals(new AvroTypeInfo<>(Complaint.class), RecordTypes.of(Complaint.class));
    }

    private static CallRecord roundTrip(CallRecord call) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        CallRecordSerializer.INSTANCE.serialize(call, out);
        return CallRecordSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
