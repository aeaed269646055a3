package org.leaktrace.attribution;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.leaktrace.bench.jmh.HotPathBenchmark;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;
import org.leaktrace.schema.internal.CallerRisk;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * A fresh number's pooled early contacts (four, the latest with its profile) written and read
 * back, as RocksDB does on every access and the heap at every checkpoint: by the lists' own
 * serializer ({@code written}) and by Flink's list serializer over Avro's that kept them before
 * ({@code avro}).
 */
public class InputListSerializerBenchmark extends HotPathBenchmark {
    private static final long T0 = 1_772_000_000_000L;
    private static final long DAY = 86_400_000L;

    @Param({"written", "avro"})
    public String serializer;

    private TypeSerializer<List<AttributionInput>> listSerializer;
    private final List<AttributionInput> pool = new ArrayList<>();
    private final DataOutputSerializer out = new DataOutputSerializer(1024);
    private final DataInputDeserializer in = new DataInputDeserializer();

    @Setup
    public void setUp() {
        listSerializer = "avro".equals(serializer)
                ? new ListSerializer<>(new AvroSerializer<>(AttributionInput.class))
                : InputListSerializer.INSTANCE;
        for (int i = 0; i < 4; i++) {
            long t = T0 + i * 3_600_000L;
            VictimContact contact = VictimContact.newBuilder()
                    .setRecordId("")
                    .setCaller("+8613358213632")
                    .setVictim("+861380013800" + i)
                    .setTimeMs(t)
                    .setAnswered(i == 2)
                    .setDurationS(i == 2 ? 47 : 0)
                    .setCallerImei("352050115648833")
                    .setCellId("460-00-4100-100")
                    .setTouches(List.of(
                            new Touch("SCH-047", t - 200 * DAY, t - 30 * DAY),
                            new Touch("BANK-003", t - 90 * DAY, t - 2 * DAY),
                            new Touch("+861062345678", t - DAY, t - 3_600_000L)))
                    .build();
            CallerRisk risk = i < 3 ? null : CallerRisk.newBuilder()
                    .setCaller("+8613358213632").setScore(0.55).setReasons(List.of("cold_share:1.00"))
                    .setFirstSeenMs(T0).setCalls(4).setDistinctCallees(4).setAnswerRate(0.25)
                    .setShortCallShare(0.75).setColdShare(1.0).setReciprocity(0.0).setComplaints(0)
                    .setCallerImei("352050115648833").setCellId("460-00-4100-100").build();
            pool.add(AttributionInput.newBuilder().setKind(AttributionKind.EARLY_CONTACT).setTimeMs(t)
                    .setContact(contact).setRisk(risk).build());
        }
    }

    @Benchmark
    public List<AttributionInput> earlyPool() throws Exception {
        out.clear();
        listSerializer.serialize(pool, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return listSerializer.deserialize(in);
    }
}
