package org.leaktrace.bench.jmh;

import java.util.List;
import org.leaktrace.caller.CallerAssessment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link CallerAssessment#reasons}: the caller profile builds them for every cold call of a fresh
 * number it pools by source, and for every risk it sends. Every reason present, the shares
 * cycling through the fractions k/n of up to 64 calls that a young caller has.
 */
public class CallerReasonsBenchmark extends HotPathBenchmark {
    private CallerAssessment[] assessments;
    private int i;

    @Setup
    public void setUp() {
        assessments = new CallerAssessment[1024];
        int filled = 0;
        for (int n = 1; filled < assessments.length; n = n % 64 + 1) {
            for (int k = 0; k <= n && filled < assessments.length; k++) {
                double share = k / (double) n;
                assessments[filled++] =
                        new CallerAssessment(0.9, -1, 1 - share, share, share, 0, 0, n, k % 3, k % 2);
            }
        }
    }

    @Benchmark
    public List<String> allReasons() {
        return assessments[i++ & 1023].reasons();
    }
}
