package org.leaktrace.pipeline;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * A keyed function under test with every record on one key, or keyed as given, on the heap or in
 * RocksDB, opened fresh or from a snapshot: what the state-form tests write and restore through.
 */
public final class OneKeyHarness {
    private OneKeyHarness() {}

    public static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> open(
            KeyedProcessFunction<String, I, O> function, OperatorSubtaskState restore, boolean rocksDb)
            throws Exception {
        return open(function, e -> "one-key", Types.STRING, restore, rocksDb);
    }

    public static <K, I, O> KeyedOneInputStreamOperatorTestHarness<K, I, O> open(
            KeyedProcessFunction<K, I, O> function, KeySelector<I, K> keys, TypeInformation<K> keyType,
            OperatorSubtaskState restore, boolean rocksDb) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), keys, keyType);
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }
}
