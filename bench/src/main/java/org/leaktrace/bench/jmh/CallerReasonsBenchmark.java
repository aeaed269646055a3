package org.leaktrace.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.leaktrace.caller.CallerAssessment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link CallerAssessment#reasons}: the caller profile builds them for every cold call of a fresh
 * number it pools by source, and for every risk it sends. Every reason present, the shares
 * cycling through the fractions k/n of up to 64 calls that a young caller has.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CallerReasonsBenchmark {
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
