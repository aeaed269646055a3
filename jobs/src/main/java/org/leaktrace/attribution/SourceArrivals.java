package org.leaktrace.attribution;

import java.util.Arrays;

/**
 * A source's customers over time: the cumulative count of first touches, as points
 * {@code [t0, c0, t1, c1, ...]} with times and counts non-decreasing.
 *
 * <p>Leak dating needs to know how many of a source's customers first touched it after a given
 * moment (they cannot be on a list taken before), and when the n-th of them did. The touch stage
 * reports a source's growth as throttled deltas, each stamped with the time of the touch that
 * completed it, so the arrivals inside one delta are spread between the previous point and
 * this one; counts between points are interpolated linearly. The series is bounded: when it
 * reaches its capacity every other point is dropped, halving the resolution but keeping every
 * kept count exact.
 */
public final class SourceArrivals {
    private SourceArrivals() {}

    /**
     * The series with {@code delta} more customers at {@code timeMs}; {@code series} may be null.
     * A time before the last point (deltas of one source come from several subtasks) is taken as
     * the last point's time, so the series stays ordered.
     */
    public static long[] add(long[] series, long timeMs, long delta, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2: " + maxPoints);
        }
        if (delta <= 0) {
            return series == null ? new long[0] : series;
        }
        long[] s = series == null ? new long[0] : series;
        int points = s.length / 2;
        long lastTime = points == 0 ? Long.MIN_VALUE : s[s.length - 2];
        long lastCount = points == 0 ? 0 : s[s.length - 1];
        long time = Math.max(timeMs, lastTime);
        if (points > 0 && time == lastTime) {
            long[] same = s.clone();
            same[same.length - 1] = lastCount + delta;
            return same;
        }
        if (points >= maxPoints) {
            s = halved(s);
        }
        long[] grown = Arrays.copyOf(s, s.length + 2);
        grown[s.length] = time;
        grown[s.length + 1] = lastCount + delta;
        return grown;
    }

    /** Every other point, always keeping the last. */
    private static long[] halved(long[] s) {
        int points = s.length / 2;
        long[] kept = new long[(points + 1) / 2 * 2];
        int k = 0;
        for (int i = points - 1; i >= 0; i -= 2) {
            k += 2;
            kept[kept.length - k] = s[2 * i];
            kept[kept.length - k + 1] = s[2 * i + 1];
        }
        return kept;
    }

    /** Customers who first touched the source at or before {@code timeMs}, interpolated. */
    public static double countAt(long[] series, long timeMs) {
        int points = series.length / 2;
        if (points == 0 || timeMs < series[0]) {
            return 0;
        }
        for (int i = 1; i < points; i++) {
            long t = series[2 * i];
            if (timeMs < t) {
                long t0 = series[2 * i - 2];
                double c0 = series[2 * i - 1];
                double c1 = series[2 * i + 1];
                return c0 + (c1 - c0) * (timeMs - t0) / (double) (t - t0);
            }
        }
        return series[series.length - 1];
    }

    /**
     * The moment the cumulative count reached {@code count}, interpolated; {@link Long#MAX_VALUE}
     * when the series never got there.
     */
    public static long timeOfCount(long[] series, double count) {
        int points = series.length / 2;
        if (points == 0 || count > series[series.length - 1]) {
            return Long.MAX_VALUE;
        }
        if (count <= series[1]) {
            return series[0];
        }
        for (int i = 1; i < points; i++) {
            double c1 = series[2 * i + 1];
            if (count <= c1) {
                long t0 = series[2 * i - 2];
                long t1 = series[2 * i];
                double c0 = series[2 * i - 1];
                return t0 + Math.round((t1 - t0) * (count - c0) / (c1 - c0));
            }
        }
        return series[series.length - 2];
    }
}
