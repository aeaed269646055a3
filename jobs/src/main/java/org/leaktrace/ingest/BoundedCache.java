package org.leaktrace.ingest;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe memo table that forgets everything when it grows past its capacity.
 *
 * <p>Phone numbers repeat heavily (the same callers, the same service codes), so even a crude cache
 * removes most libphonenumber work; clearing on overflow keeps memory bounded without the
 * bookkeeping of an LRU, and the table refills with the numbers that are hot right now.
 */
final class BoundedCache<K, V> {

    private final int capacity;
    private final ConcurrentHashMap<K, V> entries;

    BoundedCache(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1024));
    }

    V get(K key) {
        return entries.get(key);
    }

    void put(K key, V value) {
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(key, value);
    }

    int size() {
        return entries.size();
    }
}
