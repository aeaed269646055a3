package org.leaktrace.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every hot-path benchmark runs with, inherited (JMH's annotations are): operations
 * per second, three warm-up and five measured iterations of two seconds, one fork, state per
 * thread unless a benchmark declares its own.
 *
 * <p>One place, so that figures in BENCHMARKS.md taken with the defaults compare across
 * benchmarks; a run shortens them from the command line ({@code -wi 3 -i 5 -w 1 -r 1}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class HotPathBenchmark {}
