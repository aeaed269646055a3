package org.leaktrace.attribution;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Dates a leak from the first-touch times of the victims a source's list explains.
 *
 * <p>Customers who first touched the source after the list was taken are never on it, so the
 * victims' first touches stop at the leak. Treating them as a uniform sample up to the leak time,
 * the minimum-variance unbiased estimate of the end point is the "German tank" estimator
 * {@code max + (max - min) / (n - 1)}, and {@code max} is a hard lower bound. A 95% upper bound
 * follows from the distribution of the maximum of n - 1 uniforms above the minimum:
 * {@code min + (max - min) * 0.05^(-1/(n-1))}, and the list existed before the first call.
 *
 * <p>A campaign that pads its list with other numbers will sometimes reach one of the source's
 * customers who joined after the leak; that single late touch would move the estimate by its
 * whole distance. Such victims stand apart: the gap before them is far wider than the typical
 * spacing of the main block. The latest touch is set aside while its gap exceeds
 * {@code gapFactor} times the mean spacing of the touches before it (under uniform spacing such a
 * gap has probability about {@code exp(-gapFactor)}), at most a quarter of the touches.
 */
public final class LeakDating implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double UPPER_BOUND_ALPHA = 0.05;
    private static final int MIN_KEPT_FOR_TRIMMING = 3;

    private final double gapFactor;

    public LeakDating(double gapFactor) {
        if (!(gapFactor > 1)) {
            throw new IllegalArgumentException("gapFactor must exceed 1: " + gapFactor);
        }
        this.gapFactor = gapFactor;
    }

    /** Gaps over 5 times the typical spacing are outliers. */
    public static LeakDating defaults() {
        return new LeakDating(5.0);
    }

    /**
     * Estimates the leak window.
     *
     * @param firstTouchesMs victims' first touches with the source, any order, not empty
     * @param notAfterMs the campaign's first call: the list existed by then
     */
    public LeakWindow estimate(long[] firstTouchesMs, long notAfterMs) {
        if (firstTouchesMs.length == 0) {
            throw new IllegalArgumentException("no touch times to date a leak from");
        }
        long[] sorted = firstTouchesMs.clone();
        Arrays.sort(sorted);
        int kept = keptAfterTrimming(sorted);
        long min = sorted[0];
        long max = sorted[kept - 1];
        long cap = Math.max(notAfterMs, max);
        if (kept == 1) {
            return new LeakWindow(max, max, cap, 1, sorted.length - 1);
        }
        double range = max - min;
        long estimated = Math.min(cap, max + Math.round(range / (kept - 1)));
        double stretch = Math.pow(UPPER_BOUND_ALPHA, -1.0 / (kept - 1));
        long latest = Math.min(cap, min + Math.round(range * stretch));
        latest = Math.max(latest, estimated);
        return new LeakWindow(max, estimated, latest, kept, sorted.length - kept);
    }

    private int keptAfterTrimming(long[] sorted) {
        int kept = sorted.length;
        int maxTrimmed = sorted.length / 4;
        while (kept > MIN_KEPT_FOR_TRIMMING && sorted.length - kept < maxTrimmed) {
            double gap = sorted[kept - 1] - sorted[kept - 2];
            double spacing = (double) (sorted[kept - 2] - sorted[0]) / (kept - 2);
            if (gap <= gapFactor * spacing || gap == 0) {
                break;
            }
            kept--;
        }
        return kept;
    }
}
