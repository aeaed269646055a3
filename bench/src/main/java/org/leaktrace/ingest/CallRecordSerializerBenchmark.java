package org.leaktrace.ingest;

import java.time.Instant;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.leaktrace.bench.jmh.HotPathBenchmark;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One call record written and read back as it crosses the network from the parse chain to the
 * party splitter, by its own serializer ({@code written}) and by Flink's Avro serializer that
 * served it before ({@code avro}).
 */
public class CallRecordSerializerBenchmark extends HotPathBenchmark {
    @Param({"written", "avro"})
    public String serializer;

    private TypeSerializer<CallRecord> callSerializer;
    private CallRecord call;
    private final DataOutputSerializer out = new DataOutputSerializer(256);
    private final DataInputDeserializer in = new DataInputDeserializer();

    @Setup
    public void setUp() {
        callSerializer = "avro".equals(serializer) ? new AvroSerializer<>(CallRecord.class) : CallRecordSerializer.INSTANCE;
        call = CallRecord.newBuilder()
                .setRecordId("CDR-000000123456")
                .setType(CallType.VOICE)
                .setCaller("+8613358213632")
                .setCallee("+8613800138000")
                .setStartTime(Instant.ofEpochMilli(1_772_000_000_000L))
                .setDurationS(12)
                .setAnswered(true)
                .setCallerImei("352050115648833")
                .setCellId("460-00-4100-100")
                .build();
    }

    @Benchmark
    public CallRecord callRecord() throws Exception {
        out.clear();
        callSerializer.serialize(call, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return callSerializer.deserialize(in);
    }
}
