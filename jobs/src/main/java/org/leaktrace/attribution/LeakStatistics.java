package org.leaktrace.attribution;

/**
 * The chance that a source with customer share p shows up among a campaign's victims as often as
 * observed, if the campaign had nothing to do with it.
 *
 * <p>Under that null hypothesis the number X of a campaign's m victims who are the source's
 * customers is Binomial(m, p). Leaks are proven by tails far below what a double can hold
 * (1e-40 after a few dozen victims), so everything is computed as log10: the tail is summed
 * exactly, term by term, in log space, starting from the pmf at x (from log factorials) and
 * following the ratio pmf(k+1)/pmf(k) = (m-k)/(k+1) * p/(1-p). The sum stops once terms fall
 * below 1e-17 of the total past the mode, so its cost is small for every m this stage tracks;
 * no Poisson approximation is needed.
 */
public final class LeakStatistics {
    private static final double LN10 = Math.log(10);
    private static final int FACTORIAL_TABLE = 256;
    private static final double[] LN_FACTORIAL = new double[FACTORIAL_TABLE];
    private static final double NEGLIGIBLE_LN = Math.log(1e-17);

    static {
        double sum = 0;
        for (int n = 1; n < FACTORIAL_TABLE; n++) {
            sum += Math.log(n);
            LN_FACTORIAL[n] = sum;
        }
    }

    private LeakStatistics() {}

    /**
     * log10 P(X >= x) for X ~ Binomial(m, p).
     *
     * @return 0 when x <= 0; {@code Double.NEGATIVE_INFINITY} when x > m or p == 0 (impossible)
     */
    public static double log10UpperTail(int m, int x, double p) {
        if (m < 0 || p < 0 || p > 1 || Double.isNaN(p)) {
            throw new IllegalArgumentException("need m >= 0 and 0 <= p <= 1, got m=" + m + " p=" + p);
        }
        if (x <= 0) {
            return 0.0;
        }
        if (x > m || p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return 0.0;
        }
        double lnOdds = Math.log(p) - Math.log1p(-p);
        double lnTerm = lnBinomial(m, x) + x * Math.log(p) + (m - x) * Math.log1p(-p);
        double lnSum = lnTerm;
        double mode = (m + 1) * p;
        for (int k = x; k < m; k++) {
            lnTerm += Math.log((double) (m - k) / (k + 1)) + lnOdds;
            lnSum = lnAdd(lnSum, lnTerm);
            if (k + 1 > mode && lnTerm - lnSum < NEGLIGIBLE_LN) {
                break;
            }
        }
        return Math.min(0.0, lnSum / LN10);
    }

    /** log10 of the tail corrected for testing {@code candidates} sources (Bonferroni), at most 0. */
    public static double bonferroni(double log10P, int candidates) {
        if (candidates <= 1) {
            return Math.min(0.0, log10P);
        }
        return Math.min(0.0, log10P + Math.log10(candidates));
    }

    /** Observed over expected: x / (m p); infinite when nothing is expected. */
    public static double lift(int x, int m, double p) {
        double expected = m * p;
        return expected > 0 ? x / expected : (x > 0 ? Double.POSITIVE_INFINITY : 0.0);
    }

    /** ln(n!), from a table below 256 and Stirling's series above (error below 1e-16 relative). */
    static double lnFactorial(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n! needs n >= 0: " + n);
        }
        if (n < FACTORIAL_TABLE) {
            return LN_FACTORIAL[n];
        }
        double x = n;
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        return x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x)
                + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
    }

    /** ln C(m, k). */
    static double lnBinomial(int m, int k) {
        return lnFactorial(m) - lnFactorial(k) - lnFactorial(m - k);
    }

    private static double lnAdd(double a, double b) {
        double max = Math.max(a, b);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log1p(Math.exp(Math.min(a, b) - max));
    }
}
