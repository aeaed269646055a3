package org.leaktrace.attribution;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Dates a leak from the first-touch times of the victims a source's list explains.
 *
 * <p>Customers who first touched the source after the list was taken are never on it, so the
 * victims' first touches stop at the leak, and the latest of them is a hard lower bound. First
 * touches are far from uniform, though: every customer who existed before the job started is
 * first seen in a burst at the start (as soon as the source next contacts them), and only those
 * who join later are spread out. Spacing measured over the whole range is therefore the spacing
 * of that burst, far too small: it would put the leak right at the end of the burst and would
 * make every genuine later joiner look like an outlier. The step past the latest touch is taken
 * from the spacing of the latest few touches instead (the joiners before the leak), which for
 * evenly spread touches is the same as the "German tank" step {@code (max - min) / (n - 1)}.
 *
 * <p>A campaign that pads its list with other numbers will sometimes reach one of the source's
 * customers who joined after the leak; that single late touch would move the estimate by its
 * whole distance. The latest touch is set aside while its gap exceeds {@code gapFactor} times the
 * mean spacing of the touches before it, at most a tenth of the touches (at least one): the
 * factor is large because the start-up burst makes the mean spacing small.
 */
public final class LeakDating implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double UPPER_BOUND_ALPHA = 0.05;
    private static final int MIN_KEPT_FOR_TRIMMING = 3;
    private static final int LATE_TOUCHES = 3;

    private final double gapFactor;

    public LeakDating(double gapFactor) {
        if (!(gapFactor > 1)) {
            throw new IllegalArgumentException("gapFactor must exceed 1: " + gapFactor);
        }
        this.gapFactor = gapFactor;
    }

    /** Gaps over 25 times the mean spacing are outliers. */
    public static LeakDating defaults() {
        return new LeakDating(25.0);
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
        int k = Math.min(LATE_TOUCHES, kept - 1);
        double lateSpacing = (double) (max - sorted[kept - 1 - k]) / k;
        long estimated = Math.min(cap, max + Math.round(lateSpacing));
        double stretch = Math.pow(UPPER_BOUND_ALPHA, -1.0 / (kept - 1));
        long latest = Math.min(cap, Math.max(min + Math.round(range * stretch),
                max + Math.round(lateSpacing * -Math.log(UPPER_BOUND_ALPHA))));
        latest = Math.max(latest, estimated);
        return new LeakWindow(max, estimated, latest, kept, sorted.length - kept);
    }

    private int keptAfterTrimming(long[] sorted) {
        int kept = sorted.length;
        int maxTrimmed = Math.max(1, sorted.length / 10);
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
