package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class LeakStatisticsTest {
    private static final MathContext MC = new MathContext(60);

    /** log10 P(X >= x) computed with exact rational arithmetic; p given as a decimal string. */
    private static double exactLog10Tail(int m, int x, String p) {
        BigDecimal prob = new BigDecimal(p);
        BigDecimal q = BigDecimal.ONE.subtract(prob);
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = x; k <= m; k++) {
            BigDecimal term = new BigDecimal(binomial(m, k)).multiply(prob.pow(k, MC), MC)
                    .multiply(q.pow(m - k, MC), MC);
            sum = sum.add(term, MC);
        }
        // log10 of a BigDecimal beyond double range: unscaled digits and scale.
        int shift = sum.precision() - sum.scale() - 1;
        double mantissa = sum.movePointLeft(shift).doubleValue();
        return Math.log10(mantissa) + shift;
    }

    private static BigInteger binomial(int n, int k) {
        BigInteger result = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }

    @Test
    void fairCoinTailIsExact() {
        assertEquals(Math.log10(56.0 / 1024), LeakStatistics.log10UpperTail(10, 8, 0.5), 1e-12);
    }

    @Test
    void smallCasesMatchExactArithmetic() {
        assertEquals(exactLog10Tail(20, 3, "0.05"), LeakStatistics.log10UpperTail(20, 3, 0.05),
                1e-10);
        assertEquals(exactLog10Tail(50, 10, "0.1"), LeakStatistics.log10UpperTail(50, 10, 0.1),
                1e-10);
        assertEquals(exactLog10Tail(30, 1, "0.3"), LeakStatistics.log10UpperTail(30, 1, 0.3),
                1e-10);
    }

    @Test
    void extremeTailsStayAccurateInLogSpace() {
        double exact = exactLog10Tail(200, 60, "0.005");
        double computed = LeakStatistics.log10UpperTail(200, 60, 0.005);
        assertTrue(exact < -80, "the reference is far below double precision of a plain sum");
        assertEquals(exact, computed, 1e-8 * Math.abs(exact));
        assertEquals(-3000.0, LeakStatistics.log10UpperTail(1000, 1000, 0.001), 1e-9);
    }

    @Test
    void largeCampaignsMatchExactArithmetic() {
        double exact = exactLog10Tail(1500, 120, "0.02");
        assertEquals(exact, LeakStatistics.log10UpperTail(1500, 120, 0.02), 1e-7 * Math.abs(exact));
    }

    @Test
    void tailFallsWithHitsAndRisesWithShare() {
        double previous = 0.0;
        for (int x = 1; x <= 40; x++) {
            double tail = LeakStatistics.log10UpperTail(100, x, 0.02);
            assertTrue(tail < previous || (x == 1 && tail <= previous), "x=" + x);
            previous = tail;
        }
        assertTrue(LeakStatistics.log10UpperTail(100, 10, 0.01)
                < LeakStatistics.log10UpperTail(100, 10, 0.02));
    }

    @Test
    void boundaryCases() {
        assertEquals(0.0, LeakStatistics.log10UpperTail(10, 0, 0.1));
        assertEquals(Double.NEGATIVE_INFINITY, LeakStatistics.log10UpperTail(10, 11, 0.1));
        assertEquals(Double.NEGATIVE_INFINITY, LeakStatistics.log10UpperTail(10, 1, 0.0));
        assertEquals(0.0, LeakStatistics.log10UpperTail(10, 10, 1.0));
    }

    @Test
    void logFactorialIsContinuousAcrossTheTableEdge() {
        double direct = 0;
        for (int n = 1; n <= 300; n++) {
            direct += Math.log(n);
        }
        assertEquals(direct, LeakStatistics.lnFactorial(300), 1e-9);
    }

    @Test
    void bonferroniAddsTheNumberOfCandidatesAndCapsAtZero() {
        assertEquals(-8.0, LeakStatistics.bonferroni(-10.0, 100), 1e-12);
        assertEquals(0.0, LeakStatistics.bonferroni(-1.0, 1000));
        assertEquals(-3.0, LeakStatistics.bonferroni(-3.0, 1));
    }

    @Test
    void liftIsObservedOverExpected() {
        assertEquals(40.0, LeakStatistics.lift(8, 10, 0.02), 1e-12);
    }
}
