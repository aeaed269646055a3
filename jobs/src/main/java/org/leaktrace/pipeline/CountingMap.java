package org.leaktrace.pipeline;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Passes records through and counts them in a named accumulator.
 *
 * <p>The launcher's progress line and end-of-run summary (records read, dead letters, alerts
 * written) come from these counters, so they are exact for the run, not sampled metrics.
 */
public final class CountingMap<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;

    private final String accumulator;
    private transient LongCounter counter;

    public CountingMap(String accumulator) {
        this.accumulator = accumulator;
    }

    @Override
    public void open(OpenContext openContext) {
        counter = getRuntimeContext().getLongCounter(accumulator);
    }

    @Override
    public T map(T value) {
        counter.add(1L);
        return value;
    }
}
