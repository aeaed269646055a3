package org.leaktrace.caller;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** A keyed process function under a test harness, restored from a snapshot when given one, opened. */
final class KeyedHarness {
    private KeyedHarness() {}

    static <K, I, O> KeyedOneInputStreamOperatorTestHarness<K, I, O> opened(
            KeyedProcessFunction<K, I, O> function, KeySelector<I, K> key, TypeInformation<K> keyType,
            OperatorSubtaskState snapshot) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), key, keyType);
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
        return harness;
    }
}
