package org.leaktrace.bench.jmh;

import java.time.Instant;
import org.leaktrace.kafka.SingleObjectCodec;
import org.leaktrace.kafka.UndecodableException;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Avro single-object encoding of a call record, as the Kafka sources decode it
 * ({@link SingleObjectCodec}: header, fingerprint lookup, body) and as {@code produce} encodes it.
 */
public class AvroDecodeBenchmark extends HotPathBenchmark {
    private SingleObjectCodec<CallRecord> codec;
    private CallRecord record;
    private byte[] message;

    @Setup
    public void setUp() {
        codec = SingleObjectCodec.of(CallRecord.class);
        record = CallRecord.newBuilder()
                .setRecordId("R00012345")
                .setType(CallType.VOICE)
                .setCaller("+8613812345678")
                .setCallee("+8613987654321")
                .setStartTime(Instant.parse("2026-03-01T01:15:00Z"))
                .setDurationS(42)
                .setAnswered(true)
                .setCallerImei("861234567890123")
                .setCellId("460-00-1234")
                .build();
        message = codec.encode(record);
    }

    @Benchmark
    public CallRecord decodeCallRecord() throws UndecodableException {
        return codec.decode(message);
    }

    @Benchmark
    public byte[] encodeCallRecord() {
        return codec.encode(record);
    }
}
