package org.leaktrace.job;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes records through and counts those at or behind the current watermark in the accumulator
 * {@value ReplayJob#LATE_RECORDS} (and the metric of the same name).
 *
 * <p>A record later than the out-of-orderness bound is still processed, but event-time operators
 * downstream (the CEP patterns, windows of evidence) may ignore it. Counting it right after
 * watermark assignment makes that loss visible in the run summary instead of silent; a growing
 * count says the feed's disorder exceeds {@code outOfOrderness}.
 *
 * @param <T> the record type
 */
public final class LateRecordCounter<T> extends ProcessFunction<T, T> implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> type;
    private transient LongCounter late;
    private transient Counter lateMetric;

    public LateRecordCounter(TypeInformation<T> type) {
        this.type = type;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getLongCounter(ReplayJob.LATE_RECORDS);
        lateMetric = getRuntimeContext().getMetricGroup().counter(ReplayJob.LATE_RECORDS);
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) {
        Long timestamp = ctx.timestamp();
        if (timestamp != null && isLate(timestamp, ctx.timerService().currentWatermark())) {
            late.add(1L);
            lateMetric.inc();
        }
        out.collect(value);
    }

    /** Late: at or behind the watermark, which promised that no such record would still come. */
    static boolean isLate(long timestamp, long watermark) {
        return timestamp <= watermark;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }
}
