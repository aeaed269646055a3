package org.leaktrace.touch;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.leaktrace.pipeline.EventTies;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;
import org.leaktrace.schema.internal.SourceSize;

/**
 * Turns +1 first-touch counts into throttled {@code SOURCE_SIZE} deltas, keyed by source.
 *
 * <p>The attribution operator runs with parallelism 1, so it must not see one event per
 * first touch. A source's pending delta is sent as soon as it reaches {@code max(minDelta,
 * share * count)}, which is exact for small sources and logarithmic in the count for large
 * ones, and in any case by an event-time timer {@code flushInterval} after it started pending;
 * at the end of a bounded input the final watermark fires every timer, so the deltas always add
 * up to the true counts. A count that arrives after its pending delta's flush time, before the
 * watermark fired the timer, first sends that delta at the flush time, so the deltas sent do not
 * depend on when watermarks arrive. State per source: count, pending delta, pending timer.
 */
public final class SourceSizeFunction extends KeyedProcessFunction<String, Tuple2<String, Long>, AttributionInput> {
    private static final long serialVersionUID = 1L;

    /** Ties of one event time: by source, then delta. */
    public static final EventTies<Tuple2<String, Long>> TIES = (a, b) -> {
        int c = a.f0.compareTo(b.f0);
        return c != 0 ? c : Long.compare(a.f1, b.f1);
    };

    private final TouchConfig config;
    private transient ValueState<long[]> state;

    public SourceSizeFunction(TouchConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("source-size", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(Tuple2<String, Long> delta, Context ctx, Collector<AttributionInput> out)
            throws Exception {
        long[] s = state.value();
        if (s == null) {
            s = new long[3];
        }
        long now = ctx.timestamp() != null ? ctx.timestamp() : ctx.timerService().currentWatermark();
        if (s[2] != 0 && s[2] <= now) {
            // The flush this timer is for belongs before this count; whether the watermark has
            // fired the timer yet depends on when watermarks happened to arrive.
            flushPending(delta.f0, s, out);
        }
        s[0] += delta.f1;
        s[1] += delta.f1;
        long threshold = Math.max(config.sourceSizeFlushMinDelta(), (long) (config.sourceSizeFlushShare() * s[0]));
        if (Math.abs(s[1]) >= threshold) {
            out.collect(sizeChange(delta.f0, s[1], now));
            s[1] = 0;
        } else if (s[2] == 0) {
            s[2] = now + config.sourceSizeFlushInterval().toMillis();
            ctx.timerService().registerEventTimeTimer(s[2]);
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AttributionInput> out) throws Exception {
        long[] s = state.value();
        if (s == null || s[2] != timestamp) {
            return;
        }
        flushPending(ctx.getCurrentKey(), s, out);
        state.update(s);
    }

    /** Sends the pending delta, if any, at the time its timer was set for, and clears the timer. */
    private static void flushPending(String source, long[] s, Collector<AttributionInput> out) {
        if (s[1] != 0) {
            out.collect(sizeChange(source, s[1], s[2]));
            s[1] = 0;
        }
        s[2] = 0;
    }

    static AttributionInput sizeChange(String source, long delta, long timeMs) {
        return AttributionInput.newBuilder()
                .setKind(AttributionKind.SOURCE_SIZE)
                .setTimeMs(timeMs)
                .setSize(new SourceSize(source, delta))
                .build();
    }
}
