package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The caller score's reason numbers must read exactly as {@code String.format("%.2f")} wrote them. */
class TwoDecimalsTest {

    private static void same(double v) {
        assertEquals(String.format(Locale.ROOT, "%.2f", v), CallerScorer.twoDecimals(v), "for " + v);
    }

    @Test
    void everyShareAScorerCanProduce() {
        // Shares are counts over calls: k/n for every n up to 2,000 calls covers every tie that occurs.
        for (int n = 1; n <= 2_000; n++) {
            for (int k = 0; k <= n; k++) {
                same(k / (double) n);
            }
        }
    }

    @Test
    void tiesTinyValuesAndRandomDoubles() {
        for (double v : new double[] {0.0, 1.0, 0.005, 0.015, 0.125, 0.285, 1.005, 2.675, 0.995, 0.9999, 1e-5,
            1e-12, 12.345, 99.995, -0.005, -1.005}) {
            same(v);
        }
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 200_000; i++) {
            same(random.nextDouble() * 2e6);
        }
        for (int i = 0; i < 200_000; i++) {
            same(random.nextDouble() * (i % 2 == 0 ? 1 : 1000));
        }
    }

    @Test
    void aroundEveryTieBelowTenAndBeyondTheArithmeticRange() {
        // Each half-hundredth, the doubles next to it, and values just inside and outside the
        // margin within which the decimal representation decides.
        for (int thousandths = 5; thousandths < 10_000; thousandths += 10) {
            double tie = thousandths / 1000.0;
            double below = tie;
            double above = tie;
            for (int ulps = 0; ulps < 4; ulps++) {
                same(below);
                same(above);
                below = Math.nextDown(below);
                above = Math.nextUp(above);
            }
            for (double offset : new double[] {5e-9, 1.1e-8, 2e-8, 1e-7}) {
                same(tie - offset);
                same(tie + offset);
            }
        }
        for (double v : new double[] {999_999.994, 999_999.995, 999_999.996, 1e6, 1_000_000.125, 123_456_789.015}) {
            same(v);
        }
    }
}
