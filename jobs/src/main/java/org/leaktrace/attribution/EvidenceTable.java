package org.leaktrace.attribution;

import java.util.HashMap;
import org.apache.flink.api.common.state.MapState;
import org.leaktrace.pipeline.RecentMap;

/**
 * One string-keyed table of campaign evidence: a {@link MapState} entry per key in the job, a hash
 * map in tests and benchmarks. Evidence is split into small entries (per campaign, per
 * campaign×victim, per campaign×source) so one contact reads and writes only its own.
 */
public interface EvidenceTable<V> {
    V get(String key) throws Exception;

    void put(String key, V value) throws Exception;

    void remove(String key) throws Exception;

    /** A table backed by keyed map state (of the current key). */
    static <V> EvidenceTable<V> of(MapState<String, V> state) {
        return new EvidenceTable<>() {
            @Override
            public V get(String key) throws Exception {
                return state.get(key);
            }

            @Override
            public void put(String key, V value) throws Exception {
                state.put(key, value);
            }

            @Override
            public void remove(String key) throws Exception {
                state.remove(key);
            }
        };
    }

    /** A table in a hash map, outside Flink. */
    static <V> EvidenceTable<V> inMemory() {
        HashMap<String, V> map = new HashMap<>();
        return new EvidenceTable<>() {
            @Override
            public V get(String key) {
                return map.get(key);
            }

            @Override
            public void put(String key, V value) {
                map.put(key, value);
            }

            @Override
            public void remove(String key) {
                map.remove(key);
            }
        };
    }

    /**
     * This table behind a cache of the {@code maxEntries} keys read or written last, absent keys
     * included: where every get is a round trip (RocksDB) and the same few entries are read for
     * nearly every input.
     *
     * <p>Only for RocksDB and state of one key (attribution's). The cache does not know the
     * current key, and on the heap it would hand out values a running snapshot is writing,
     * which the heap's copy-on-write otherwise keeps from being changed. With RocksDB it hands
     * out the value last written or read, as the heap does: a value changed is written back.
     */
    static <V> EvidenceTable<V> cached(EvidenceTable<V> table, int maxEntries) {
        Object absent = new Object();
        RecentMap<String, Object> cache = new RecentMap<>(maxEntries);
        return new EvidenceTable<>() {
            @SuppressWarnings("unchecked")
            @Override
            public V get(String key) throws Exception {
                Object kept = cache.get(key);
                if (kept == null) {
                    V read = table.get(key);
                    cache.put(key, read == null ? absent : read);
                    return read;
                }
                return kept == absent ? null : (V) kept;
            }

            @Override
            public void put(String key, V value) throws Exception {
                table.put(key, value);
                cache.put(key, value);
            }

            @Override
            public void remove(String key) throws Exception {
                table.remove(key);
                cache.put(key, absent);
            }
        };
    }

    /**
     * This table, calling {@code written} after each put and remove: what lets a reader keep
     * what it read until the table changes, where every get is a round trip (RocksDB).
     */
    static <V> EvidenceTable<V> onWrite(EvidenceTable<V> table, Runnable written) {
        return new EvidenceTable<>() {
            @Override
            public V get(String key) throws Exception {
                return table.get(key);
            }

            @Override
            public void put(String key, V value) throws Exception {
                table.put(key, value);
                written.run();
            }

            @Override
            public void remove(String key) throws Exception {
                table.remove(key);
                written.run();
            }
        };
    }
}
