package org.leaktrace.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of at most {@code maxEntries} entries that drops the one read or written least recently.
 *
 * <p>What an operator keeps beside its state to avoid reading or computing the same few values
 * again (RocksDB reads, pseudonyms, walks of a campaign): bounded, so that it costs a known amount
 * of heap whatever the traffic. For one thread.
 */
public final class RecentMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;

    private final int maxEntries;

    public RecentMap(int maxEntries) {
        super(16, 0.75f, true);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a recent map keeps at least one entry: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries;
    }
}
