package org.leaktrace.touch;

import java.util.ArrayList;
import java.util.List;
import org.leaktrace.schema.internal.Touch;

/**
 * What the job remembers about one subscriber: its touches with sources and its contact memory.
 *
 * <p>Times are kept in minutes since the epoch, which is all attribution needs and halves the
 * bytes. Touches are kept in a fixed-size table; when full, the least recently touched source is
 * evicted.
 */
public final class SubscriberState {
    private static final long MINUTE_MS = 60_000L;

    final String[] sources;
    final int[] firstMinute;
    final int[] lastMinute;
    int size;
    final ContactMemory memory;

    /** An empty state able to hold {@code maxTouches} touches. */
    public SubscriberState(int maxTouches, ContactMemory memory) {
        this.sources = new String[maxTouches];
        this.firstMinute = new int[maxTouches];
        this.lastMinute = new int[maxTouches];
        this.memory = memory;
    }

    /** An empty state for the given configuration. */
    public static SubscriberState empty(TouchConfig config) {
        return new SubscriberState(
                config.maxTouches(), new ContactMemory(config.contactBloomBits(), config.contactBloomHashes()));
    }

    /**
     * Records a touch of {@code source} at {@code timeMs}.
     *
     * @return true when this is the subscriber's first (retained) touch of that source
     */
    public boolean touch(String source, long timeMs) {
        int minute = toMinute(timeMs);
        int i = indexOf(source);
        if (i >= 0) {
            firstMinute[i] = Math.min(firstMinute[i], minute);
            lastMinute[i] = Math.max(lastMinute[i], minute);
            return false;
        }
        if (size < sources.length) {
            i = size++;
        } else {
            i = leastRecentlyTouched();
        }
        sources[i] = source;
        firstMinute[i] = minute;
        lastMinute[i] = minute;
        return true;
    }

    /** Touches whose first contact is at or before {@code timeMs}, in table order. */
    public List<Touch> touchesBefore(long timeMs) {
        List<Touch> result = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long first = firstMinute[i] * MINUTE_MS;
            if (first <= timeMs) {
                result.add(new Touch(sources[i], first, lastMinute[i] * MINUTE_MS));
            }
        }
        return result;
    }

    /** Number of touches held. */
    public int size() {
        return size;
    }

    /** The contact memory. */
    public ContactMemory memory() {
        return memory;
    }

    int indexOf(String source) {
        for (int i = 0; i < size; i++) {
            if (sources[i].equals(source)) {
                return i;
            }
        }
        return -1;
    }

    private int leastRecentlyTouched() {
        int oldest = 0;
        for (int i = 1; i < size; i++) {
            if (lastMinute[i] < lastMinute[oldest]) {
                oldest = i;
            }
        }
        return oldest;
    }

    static int toMinute(long timeMs) {
        return (int) Math.floorDiv(timeMs, MINUTE_MS);
    }
}
