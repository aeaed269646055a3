package org.leaktrace.bench.jmh;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.leaktrace.pipeline.NumberKeySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * A number key written and read back by {@link NumberKeySerializer} and by Flink's string
 * serializer, which it replaced: with RocksDB every state access serializes its key, and every
 * restore and timer read deserializes one.
 */
public class StateKeyBenchmark extends HotPathBenchmark {
    private static final String[] KEYS = {"+8613812345678", "+8615129248261", "358991104482920", "+8617606749820",
        "+862150076162", "+8613358213632", "864207042190591", "+4915112345678"};

    private final DataOutputSerializer out = new DataOutputSerializer(64);
    private final DataInputDeserializer in = new DataInputDeserializer();
    private final byte[][] numberForm = new byte[KEYS.length][];
    private final byte[][] stringForm = new byte[KEYS.length][];
    private int i;

    @Setup
    public void write() throws IOException {
        for (int k = 0; k < KEYS.length; k++) {
            numberForm[k] = bytes(NumberKeySerializer.INSTANCE, KEYS[k]);
            stringForm[k] = bytes(StringSerializer.INSTANCE, KEYS[k]);
        }
    }

    private byte[] bytes(TypeSerializer<String> serializer, String key) throws IOException {
        out.clear();
        serializer.serialize(key, out);
        return out.getCopyOfBuffer();
    }

    @Benchmark
    public int serializeNumberKey() throws IOException {
        out.clear();
        NumberKeySerializer.INSTANCE.serialize(KEYS[i++ & 7], out);
        return out.length();
    }

    @Benchmark
    public int serializeFlinkString() throws IOException {
        out.clear();
        StringSerializer.INSTANCE.serialize(KEYS[i++ & 7], out);
        return out.length();
    }

    @Benchmark
    public String deserializeNumberKey() throws IOException {
        in.setBuffer(numberForm[i++ & 7]);
        return NumberKeySerializer.INSTANCE.deserialize(in);
    }

    @Benchmark
    public String deserializeFlinkString() throws IOException {
        in.setBuffer(stringForm[i++ & 7]);
        return StringSerializer.INSTANCE.deserialize(in);
    }
}
