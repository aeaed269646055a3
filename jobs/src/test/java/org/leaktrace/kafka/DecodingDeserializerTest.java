package org.leaktrace.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.DeadLetter;

class DecodingDeserializerTest {
    private final DecodingDeserializer<CallRecord> deserializer = new DecodingDeserializer<>(
            SingleObjectCodec.of(CallRecord.class), Normalizers.calls("CN"));

    private static ConsumerRecord<byte[], byte[]> message(byte[] value) {
        return new ConsumerRecord<>("cdr", 2, 41L, null, value);
    }

    private List<Decoded<CallRecord>> deserialize(byte[] value) {
        List<Decoded<CallRecord>> out = new ArrayList<>();
        deserializer.deserialize(message(value), new Collector<>() {
            @Override
            public void collect(Decoded<CallRecord> record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });
        return out;
    }

    @Test
    void decodesAndNormalizesNumbers() {
        CallRecord national = SingleObjectCodecTest.call();
        national.setCaller("0086 138 0000 0001");
        national.setCallee("13900000002");
        List<Decoded<CallRecord>> out = deserialize(SingleObjectCodec.of(CallRecord.class).encode(national));
        assertEquals(1, out.size());
        assertEquals(SingleObjectCodecTest.call(), out.get(0).record);
        assertNull(out.get(0).deadLetter);
    }

    @Test
    void malformedMessageBecomesADeadLetterWithItsBytes() {
        byte[] bytes = java.util.Arrays.copyOf(SingleObjectCodec.of(CallRecord.class).encode(SingleObjectCodecTest.call()), 14);
        List<Decoded<CallRecord>> out = deserialize(bytes);
        assertEquals(1, out.size());
        DeadLetter dead = out.get(0).deadLetter;
        assertNull(out.get(0).record);
        assertEquals("cdr", dead.getSource());
        assertEquals(2, dead.getPartition());
        assertEquals(41L, dead.getOffset());
        assertNull(dead.getLine());
        assertTrue(dead.getReason().startsWith("truncated or corrupt"), dead.getReason());
        assertEquals(PrintableBytes.render(bytes), dead.getRaw());
        assertArrayEquals(bytes, toArray(dead.getRawBytes()));
    }

    @Test
    void unparseableNumberBecomesADeadLetter() {
        CallRecord bad = SingleObjectCodecTest.call();
        bad.setCallee("13x00000002");
        byte[] bytes = SingleObjectCodec.of(CallRecord.class).encode(bad);
        DeadLetter dead = deserialize(bytes).get(0).deadLetter;
        assertTrue(dead.getReason().startsWith("bad callee: "), dead.getReason());
        assertArrayEquals(bytes, toArray(dead.getRawBytes()));
    }

    @Test
    void tombstoneBecomesADeadLetter() {
        DeadLetter dead = deserialize(null).get(0).deadLetter;
        assertEquals("empty message", dead.getReason());
        assertEquals("", dead.getRaw());
        assertNull(dead.getRawBytes());
    }

    @Test
    void bytesAreRenderedPrintably() {
        assertEquals("\\xc3\\x01a,b\\\\\\x0a", PrintableBytes.render(new byte[] {(byte) 0xC3, 1, 'a', ',', 'b', '\\', '\n'}));
    }

    @Test
    void longMessagesAreRenderedCut() {
        byte[] bytes = "a".repeat(PrintableBytes.MAX_BYTES + 10).getBytes(StandardCharsets.US_ASCII);
        assertEquals("a".repeat(PrintableBytes.MAX_BYTES) + "... (" + bytes.length + " bytes)",
                PrintableBytes.render(bytes));
    }

    @Test
    void envelopeTravelsWithAvroSerializersNotKryo() throws Exception {
        TypeInformation<Decoded<CallRecord>> type = deserializer.getProducedType();
        ExecutionConfig config = new ExecutionConfig();
        SerializerConfigImpl serializers = (SerializerConfigImpl) config.getSerializerConfig();
        serializers.setGenericTypes(false);
        TypeSerializer<Decoded<CallRecord>> serializer = type.createSerializer(serializers);
        for (Decoded<CallRecord> d : List.of(
                Decoded.of(SingleObjectCodecTest.call()), deserialize(new byte[] {1, 2}).get(0))) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(d, out);
            Decoded<CallRecord> back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertEquals(d.record, back.record);
            assertEquals(d.deadLetter, back.deadLetter);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
