package org.leaktrace.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.ComplaintCategory;

class SingleObjectCodecTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:15:00+08:00");

    private final SingleObjectCodec<CallRecord> codec = SingleObjectCodec.of(CallRecord.class);

    static CallRecord call() {
        return CallRecord.newBuilder()
                .setRecordId("r-1").setType(CallType.VOICE)
                .setCaller("+8613800000001").setCallee("+8613900000002")
                .setStartTime(T0).setDurationS(12).setAnswered(true)
                .setCallerImei(null).setCellId("cell-7")
                .build();
    }

    @Test
    void roundTripsWithTheSingleObjectHeader() throws Exception {
        byte[] bytes = codec.encode(call());
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        long fingerprint = SchemaNormalization.parsingFingerprint64(CallRecord.getClassSchema());
        assertEquals(fingerprint, ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals(call(), codec.decode(bytes));
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
        byte[] bytes = codec.encode(call());
        SingleObjectCodec<CallRecord> copy = org.apache.flink.util.InstantiationUtil.clone(codec);
        assertEquals(call(), copy.decode(bytes));
    }

    @Test
    void rejectsTruncatedMessages() {
        byte[] bytes = codec.encode(call());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 5);
        UndecodableException e = assertThrows(UndecodableException.class, () -> codec.decode(truncated));
        assertTrue(e.reason().startsWith("truncated or corrupt CallRecord body"), e.reason());
    }

    @Test
    void rejectsAnotherRecordTypeByItsFingerprint() {
        byte[] complaint = SingleObjectCodec.of(Complaint.class).encode(Complaint.newBuilder()
                .setComplaintId("c-1").setReporter(null).setReportedNumber("+8613800000001")
                .setReportedAt(T0).setCategory(ComplaintCategory.FRAUD).setText(null).build());
        UndecodableException e = assertThrows(UndecodableException.class, () -> codec.decode(complaint));
        assertTrue(e.reason().startsWith("unknown schema fingerprint"), e.reason());
    }

    @Test
    void rejectsGarbageAndEmptyMessages() {
        UndecodableException garbage = assertThrows(UndecodableException.class,
                () -> codec.decode("r-1,VOICE,138...".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertTrue(garbage.reason().startsWith("not Avro single-object encoded"), garbage.reason());
        assertEquals("empty message", assertThrows(UndecodableException.class, () -> codec.decode(new byte[0])).reason());
        assertEquals("empty message", assertThrows(UndecodableException.class, () -> codec.decode(null)).reason());
    }

    /** CallRecord as a future producer writes it: one more optional field, with a default. */
    static Schema callRecordWithNetwork() {
        Schema current = CallRecord.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field("network",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "Radio access network (new in v2).", org.apache.avro.JsonProperties.NULL_VALUE));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    @Test
    void currentDecoderReadsANewerWriterSchemaOnceRegistered() throws Exception {
        Schema v2 = callRecordWithNetwork();
        GenericRecord written = new GenericData.Record(v2);
        written.put("record_id", "r-2");
        written.put("type", new GenericData.EnumSymbol(v2.getField("type").schema(), "SMS"));
        written.put("caller", "+8613800000001");
        written.put("callee", "+8613900000002");
        written.put("start_time", T0.toEpochMilli());
        written.put("duration_s", 0);
        written.put("answered", false);
        written.put("network", "5G");
        byte[] bytes = singleObject(v2, written);

        UndecodableException unknown = assertThrows(UndecodableException.class, () -> codec.decode(bytes));
        assertTrue(unknown.reason().startsWith("unknown schema fingerprint"), unknown.reason());

        CallRecord read = codec.withWriterSchemas(List.of(v2)).decode(bytes);
        assertEquals("r-2", read.getRecordId());
        assertEquals(CallType.SMS, read.getType());
        assertEquals(T0, read.getStartTime());
        assertNull(read.getCellId());
    }

    @Test
    void newerReaderReadsCurrentBytes() throws Exception {
        Schema v2 = callRecordWithNetwork();
        SchemaStore.Cache known = new SchemaStore.Cache();
        known.addSchema(CallRecord.getClassSchema());
        BinaryMessageDecoder<GenericRecord> newer = new BinaryMessageDecoder<>(GenericData.get(), v2, known);

        GenericRecord read = newer.decode(codec.encode(call()));
        assertEquals("r-1", read.get("record_id").toString());
        assertEquals("cell-7", read.get("cell_id").toString());
        assertNull(read.get("network"));
    }

    /** Single-object encoding by hand: header, writer fingerprint (little endian), binary body. */
    private static byte[] singleObject(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        out.write(ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(SchemaNormalization.parsingFingerprint64(schema)).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        // The body alone reads back under the writer schema: the header is all we added.
        GenericRecord back = new GenericDatumReader<GenericRecord>(schema).read(null,
                DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(bytes, 10, bytes.length), null));
        assertEquals(record.get("network"), back.get("network").toString());
        return bytes;
    }
}
