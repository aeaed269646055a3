package org.leaktrace.touch;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.leaktrace.bench.jmh.HotPathBenchmark;
import org.leaktrace.pipeline.PojoForm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One event written and read back as it crosses the network between two keyed stages: a call's
 * caller event (with three of the callee's touches) and its callee's party event, by the
 * serializers written for them ({@code written}) and by Flink's POJO serializer that served them
 * before ({@code pojo}).
 */
public class EventSerializerBenchmark extends HotPathBenchmark {
    private static final long T0 = 1_772_000_000_000L;

    @Param({"written", "pojo"})
    public String serializer;

    private TypeSerializer<CallerEvent> callerSerializer;
    private TypeSerializer<PartyEvent> partySerializer;
    private CallerEvent call;
    private PartyEvent callee;
    private final DataOutputSerializer out = new DataOutputSerializer(256);
    private final DataInputDeserializer in = new DataInputDeserializer();

    @Setup
    public void setUp() {
        boolean pojo = "pojo".equals(serializer);
        callerSerializer = pojo ? PojoForm.<CallerEvent>serializer(CallerEvent.class) : CallerEventSerializer.INSTANCE;
        partySerializer = pojo ? PojoForm.<PartyEvent>serializer(PartyEvent.class) : PartyEventSerializer.INSTANCE;
        call = new CallerEvent();
        call.kind = CallerEvent.CALL;
        call.caller = "+8613358213632";
        call.counterparty = "+8613800138000";
        call.timeMs = T0;
        call.recordId = "CDR-000000123456";
        call.durationS = 12;
        call.answered = true;
        call.callerImei = "352050115648833";
        call.cellId = "460-00-4100-100";
        call.touchSources = new String[] {"SCH-047", "BANK-003", "+861062345678"};
        call.touchFirstMs = new long[] {T0 - 9_000_000_000L, T0 - 5_000_000_000L, T0 - 86_400_000L};
        call.touchLastMs = new long[] {T0 - 1_000_000_000L, T0 - 4_000_000_000L, T0 - 3_600_000L};
        callee = PartyEvent.touch(PartyEvent.CALLEE, "+8613800138000", "+8613358213632", T0);
        callee.recordId = call.recordId;
        callee.durationS = 12;
        callee.answered = true;
        callee.callerImei = call.callerImei;
        callee.cellId = call.cellId;
    }

    @Benchmark
    public CallerEvent callerEvent() throws Exception {
        return roundTrip(callerSerializer, call);
    }

    @Benchmark
    public PartyEvent partyEvent() throws Exception {
        return roundTrip(partySerializer, callee);
    }

    private <T> T roundTrip(TypeSerializer<T> s, T value) throws Exception {
        out.clear();
        s.serialize(value, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return s.deserialize(in);
    }
}
