package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.OptionalFailure;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    /**
     * A job that ends between two progress lines, on a MiniCluster that shuts down with it: asking
     * for accumulators then fails at once, as MiniClusterJobClient does, and the run must still
     * end with the job's result (the demo once failed here).
     */
    @Test
    void aClusterThatShutDownWithItsJobStillGivesTheResult() throws Exception {
        JobExecutionResult done = result(5, 42);
        JobClient endedCluster = client(done, 200, () -> {
            throw new IllegalStateException("MiniCluster is not yet running or has already been shut down.");
        });
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ProgressReporter reporter = new ProgressReporter(new PrintStream(printed, true, StandardCharsets.UTF_8), 10);

        RunSummary summary = reporter.await(endedCluster, System.nanoTime());

        assertEquals(42, summary.recordsRead());
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "no progress line could be read");
    }

    /**
     * The bench reads the job's own result (net runtime, accumulators) after a run of possibly
     * hours, and prints records so far while it runs.
     */
    @Test
    void awaitResultPrintsProgressWhileTheJobRunsAndReturnsItsResult() throws Exception {
        JobExecutionResult done = result(7_000, 500);
        JobClient running = client(done, 400,
                () -> CompletableFuture.completedFuture(Map.of(ReplayJob.RECORDS_READ, 250L)));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ProgressReporter reporter = new ProgressReporter(new PrintStream(printed, true, StandardCharsets.UTF_8), 50);

        JobExecutionResult r = reporter.awaitResult(running, System.nanoTime());

        assertSame(done, r);
        assertEquals(7_000, r.getNetRuntime());
        String lines = printed.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("records 250 ("), lines);
    }

    private static JobExecutionResult result(long netRuntimeMs, long recordsRead) {
        return new JobExecutionResult(new JobID(), netRuntimeMs,
                Map.of(ReplayJob.RECORDS_READ, OptionalFailure.of(recordsRead)));
    }

    /** A client of a job that ends with {@code done} after {@code millis}, answering with {@code accumulators}. */
    private static JobClient client(JobExecutionResult done, long millis,
            Supplier<CompletableFuture<Map<String, Object>>> accumulators) {
        JobID id = done.getJobID();
        CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(() -> result.complete(done));
        return new JobClient() {
            @Override
            public JobID getJobID() {
                return id;
            }

            @Override
            public CompletableFuture<JobStatus> getJobStatus() {
                return CompletableFuture.completedFuture(result.isDone() ? JobStatus.FINISHED : JobStatus.RUNNING);
            }

            @Override
            public CompletableFuture<Void> cancel() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<String> stopWithSavepoint(
                    boolean advanceToEndOfEventTime, String dir, SavepointFormatType format) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException());
            }

            @Override
            public CompletableFuture<String> triggerSavepoint(String dir, SavepointFormatType format) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException());
            }

            @Override
            public CompletableFuture<Map<String, Object>> getAccumulators() {
                return accumulators.get();
            }

            @Override
            public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
                return result;
            }
        };
    }
}
