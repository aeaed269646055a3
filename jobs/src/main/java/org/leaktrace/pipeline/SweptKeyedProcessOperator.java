package org.leaktrace.pipeline;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs a keyed process function and sweeps its time-to-live states on the heap ({@link
 * StateSweep}), which a function cannot do itself: listing keys needs the operator's state
 * backend.
 */
public final class SweptKeyedProcessOperator<K, I, O> extends KeyedProcessOperator<K, I, O> {
    private static final long serialVersionUID = 1L;

    public <F extends KeyedProcessFunction<K, I, O> & Swept> SweptKeyedProcessOperator(F function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        super.open();
        StateSweep.schedule(getProcessingTimeService(), getKeyedStateBackend(), ((Swept) userFunction).sweptStates());
    }
}
