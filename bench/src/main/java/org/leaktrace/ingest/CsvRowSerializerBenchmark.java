package org.leaktrace.ingest;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.leaktrace.bench.jmh.HotPathBenchmark;
import org.leaktrace.pipeline.PojoForm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One CDR file row written and read back as it crosses the network from the file source to the
 * parse chain, by its own serializer ({@code written}) and by Flink's POJO serializer that served
 * it before ({@code pojo}).
 */
public class CsvRowSerializerBenchmark extends HotPathBenchmark {
    @Param({"written", "pojo"})
    public String serializer;

    private TypeSerializer<CsvRow> rowSerializer;
    private CsvRow row;
    private final DataOutputSerializer out = new DataOutputSerializer(512);
    private final DataInputDeserializer in = new DataInputDeserializer();

    @Setup
    public void setUp() {
        rowSerializer = "pojo".equals(serializer) ? PojoForm.<CsvRow>serializer(CsvRow.class) : CsvRowSerializer.INSTANCE;
        String raw = "CDR-000000123456,VOICE,13358213632,13800138000,2026-02-25T08:13:20+08:00,12,true,"
                + "352050115648833,460-00-4100-100";
        row = CsvRow.of("cdr.csv", 123_457, raw, raw.split(",", -1));
    }

    @Benchmark
    public CsvRow cdrRow() throws Exception {
        out.clear();
        rowSerializer.serialize(row, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return rowSerializer.deserialize(in);
    }
}
