package org.leaktrace.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of latency samples.
 *
 * <p>Nearest rank (the smallest sample with at least p% of the samples at or below it) never
 * interpolates a latency nobody saw, which matters for the short runs a bench makes.
 */
public final class Percentiles {
    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /** Sorts a copy of the samples. */
    public static Percentiles of(long[] samples) {
        long[] copy = Arrays.copyOf(samples, samples.length);
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    public int count() {
        return sorted.length;
    }

    /**
     * The p-th percentile, 0 < p <= 100.
     *
     * @throws IllegalStateException when there are no samples
     */
    public long percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public long max() {
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        return sorted[sorted.length - 1];
    }
}
