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
 *
 * <p>With the source's arrivals ({@link SourceArrivals}) the step past the latest touch comes
 * from the organization's later customers who are never called, not from the victims' own
 * spacing. The kept victims are a share {@code f = victims / customers by the latest touch} of
 * the customers who could be on the list; a customer who joined before the leak is called with
 * that chance, so the run of uncalled customers between the latest victim and the leak is
 * geometric, {@code (1 - f) / f} long on average and at most {@code ln 0.05 / ln(1 - f)} with 95%
 * confidence. The estimate is the moment that many more customers had arrived. It rests on
 * every customer's arrival instead of on three gaps between victims, so it does not swing with
 * the last few victims' chance spacing.
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
     * Estimates the leak window from the victims' touches and the source's arrivals.
     *
     * @param firstTouchesMs victims' first touches with the source, any order, not empty
     * @param notAfterMs the campaign's first call: the list existed by then
     * @param arrivals the source's {@link SourceArrivals} series; null or empty to date from the
     *     victims' spacing alone
     */
    public LeakWindow estimate(long[] firstTouchesMs, long notAfterMs, long[] arrivals) {
        LeakWindow bySpacing = estimate(firstTouchesMs, notAfterMs);
        if (arrivals == null || arrivals.length == 0 || bySpacing.used() == 0) {
            return bySpacing;
        }
        long max = bySpacing.earliestMs();
        // Touches after the first call were set aside, so max <= notAfterMs.
        long cap = notAfterMs;
        int kept = bySpacing.used();
        double customers = Math.max(kept, SourceArrivals.countAt(arrivals, max));
        double f = kept / customers;
        double uncalled = (1 - f) / f;
        double uncalledBound = f >= 1 ? 0 : Math.log(UPPER_BOUND_ALPHA) / Math.log1p(-f);
        // The leak falls between the k-th and (k+1)-th later arrival: the middle of that gap.
        long estimated = Math.min(cap, Math.max(max, SourceArrivals.timeOfCount(arrivals, customers + uncalled + 0.5)));
        long latest = Math.min(cap, Math.max(estimated, SourceArrivals.timeOfCount(arrivals, customers + uncalledBound + 1)));
        return new LeakWindow(max, estimated, latest, kept, bySpacing.trimmed());
    }

    /**
     * Estimates the leak window from the victims' touches alone.
     *
     * @param firstTouchesMs victims' first touches with the source, any order, not empty
     * @param notAfterMs the campaign's first call: the list existed by then
     */
    public LeakWindow estimate(long[] firstTouchesMs, long notAfterMs) {
        if (firstTouchesMs.length == 0) {
            throw new IllegalArgumentException("no touch times to date a leak from");
        }
        long[] all = firstTouchesMs.clone();
        Arrays.sort(all);
        // A first touch after the campaign's first call is a customer of old first seen late (the
        // list was in use by then): it says nothing about when the list was taken.
        int usable = 0;
        while (usable < all.length && all[usable] <= notAfterMs) {
            usable++;
        }
        if (usable == 0) {
            return new LeakWindow(notAfterMs, notAfterMs, notAfterMs, 0, all.length);
        }
        long[] sorted = Arrays.copyOf(all, usable);
        int kept = keptAfterTrimming(sorted);
        int setAside = all.length - kept;
        long min = sorted[0];
        long max = sorted[kept - 1];
        long cap = notAfterMs;
        if (kept == 1) {
            return new LeakWindow(max, max, cap, 1, setAside);
        }
        double range = max - min;
        int k = Math.min(LATE_TOUCHES, kept - 1);
        double lateSpacing = (double) (max - sorted[kept - 1 - k]) / k;
        long estimated = Math.min(cap, max + Math.round(lateSpacing));
        double stretch = Math.pow(UPPER_BOUND_ALPHA, -1.0 / (kept - 1));
        long latest = Math.min(cap, Math.max(min + Math.round(range * stretch),
                max + Math.round(lateSpacing * -Math.log(UPPER_BOUND_ALPHA))));
        latest = Math.max(latest, estimated);
        return new LeakWindow(max, estimated, latest, kept, setAside);
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
