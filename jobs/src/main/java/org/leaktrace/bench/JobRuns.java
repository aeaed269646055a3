package org.leaktrace.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;

/** Small helpers shared by the timed runs. */
final class JobRuns {
    private JobRuns() {}

    /** The job's net runtime in seconds, as the JobManager measured it. */
    static double seconds(JobExecutionResult result) {
        return result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
    }

    /** A counter accumulator's value, 0 when the job never created it. */
    static long count(JobExecutionResult result, String name) {
        Object v = result.getAllAccumulatorResults().get(name);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    /** One-minute load average, or -1 where the platform reports none. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** CPU seconds this JVM has used so far, or -1 where the platform does not say. */
    static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? -1 : nanos / 1e9;
        }
        return -1;
    }

    /** CPU seconds used since {@code startCpuSeconds}, or -1 if unknown. */
    static double cpuSince(double startCpuSeconds) {
        double now = processCpuSeconds();
        return startCpuSeconds < 0 || now < 0 ? -1 : now - startCpuSeconds;
    }

    /** Heap in use after asking for full collections until it settles. */
    static long heapUsedAfterGc() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 1_000_000) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
