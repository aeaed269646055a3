package org.leaktrace.kafka;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.leaktrace.ingest.DeadLetters;
import org.leaktrace.ingest.RecordTypes;

/**
 * Splits a Kafka source's {@link Decoded} stream into records (main output) and dead letters
 * ({@link DeadLetters#TAG}), the same side output the file ingest uses.
 *
 * @param <T> the Avro record type
 */
public final class SplitDecoded<T extends SpecificRecordBase> extends ProcessFunction<Decoded<T>, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    public SplitDecoded(Class<T> type) {
        this.type = type;
    }

    @Override
    public void processElement(Decoded<T> value, Context ctx, Collector<T> out) {
        if (value.isRecord()) {
            out.collect(value.record);
        } else {
            ctx.output(DeadLetters.TAG, value.deadLetter);
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return RecordTypes.of(type);
    }
}
