package org.leaktrace.job;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;

/**
 * Waits for a job and prints a progress line every few seconds: records/s and alerts so far.
 *
 * <p>Reads the same accumulators as the final summary, so the last progress line and the summary
 * agree. A null stream waits silently.
 */
public final class ProgressReporter {
    private final PrintStream out;
    private final long intervalMillis;

    public ProgressReporter(PrintStream out, long intervalMillis) {
        this.out = out;
        this.intervalMillis = intervalMillis;
    }

    public static ProgressReporter silent() {
        return new ProgressReporter(null, 1000);
    }

    RunSummary await(JobClient client, long startedNanos) throws Exception {
        JobExecutionResult done = awaitResult(client, startedNanos);
        return RunSummary.fromAccumulators(done.getAllAccumulatorResults(), seconds(startedNanos));
    }

    /**
     * Waits for the job's result, printing a progress line every interval meanwhile; for callers
     * that read the result's own figures (net runtime, accumulators) rather than a summary.
     */
    public JobExecutionResult awaitResult(JobClient client, long startedNanos) throws Exception {
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        long lastRecords = 0;
        long lastNanos = startedNanos;
        while (true) {
            try {
                return result.get(intervalMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (out == null) {
                    continue;
                }
                Map<String, Object> acc;
                try {
                    acc = client.getAccumulators().get(intervalMillis, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                    continue;
                } catch (IllegalStateException finishedMeanwhile) {
                    // A MiniCluster shuts down as soon as its job ends and then refuses, at once,
                    // to be asked; the job's result is in by then.
                    continue;
                }
                RunSummary now = RunSummary.fromAccumulators(acc, seconds(startedNanos));
                long nanos = System.nanoTime();
                double rate = (now.recordsRead() - lastRecords) / ((nanos - lastNanos) / 1e9);
                out.printf(Locale.ROOT, "  [%5.1fs] records %,d (%,.0f/s), dead letters %d, suspicion lines %d, alerts %d%n",
                        now.seconds(), now.recordsRead(), rate, now.deadLetters(), now.suspicionLines(), now.alertsWritten());
                lastRecords = now.recordsRead();
                lastNanos = nanos;
            }
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
