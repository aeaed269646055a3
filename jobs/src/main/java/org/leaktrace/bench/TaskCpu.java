package org.leaktrace.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time per Flink task during a run, read from the JVM's threads while they live.
 *
 * <p>Why: a whole run's CPU varies by about ±15 % from run to run on the shared 2-core machine,
 * which hides any change smaller than that, while the share of one task against another in the
 * same run holds steady (BENCHMARKS.md, "The sequential-dialing pattern behind a gate"). A task
 * thread ends with its job, so the threads are sampled every {@code periodMs} and the last reading
 * of each is kept; a thread's CPU after its last sample (at most one period) is lost. Subtasks of
 * one task are summed under the task's name. JIT and GC threads are not Java threads and are not
 * counted.
 */
final class TaskCpu implements AutoCloseable {
    private static final Pattern SUBTASK = Pattern.compile("\\s*\\(\\d+/\\d+\\)(#\\d+)?$");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> cpuNanos = new HashMap<>();
    /** Threads' CPU when the watch began: only what they spend during the run counts. */
    private final Map<Long, Long> baseline = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private TaskCpu(long periodMs) {
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-task-cpu");
        sampler.setDaemon(true);
    }

    /** Starts sampling every {@code periodMs}; {@link #close} takes a last sample and stops. */
    static TaskCpu watch(long periodMs) {
        TaskCpu cpu = new TaskCpu(periodMs);
        if (cpu.threads.isThreadCpuTimeSupported()) {
            cpu.threads.setThreadCpuTimeEnabled(true);
            cpu.sample();
            cpu.baseline.putAll(cpu.cpuNanos);
            cpu.sampler.start();
        }
        return cpu;
    }

    private synchronized void sample() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long nanos = threads.getThreadCpuTime(ids[i]);
            if (infos[i] != null && nanos >= 0 && ids[i] != sampler.getId()) {
                names.put(ids[i], infos[i].getThreadName());
                cpuNanos.put(ids[i], nanos);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running && sampler.isAlive()) {
            sample();
        }
        running = false;
        sampler.interrupt();
        sampler.join();
    }

    /** The task a thread runs: its name without the subtask suffix, e.g. {@code " (1/2)#0"}. */
    static String taskName(String threadName) {
        return SUBTASK.matcher(threadName).replaceFirst("");
    }

    /** CPU seconds per task during the watch (subtasks summed), largest first. */
    synchronized Map<String, Double> secondsByTask() {
        Map<String, Double> byTask = new HashMap<>();
        cpuNanos.forEach((id, nanos) -> byTask.merge(
                taskName(names.get(id)), (nanos - baseline.getOrDefault(id, 0L)) / 1e9, Double::sum));
        List<Map.Entry<String, Double>> entries = new ArrayList<>(byTask.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Double> sorted = new LinkedHashMap<>();
        entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The {@code top} busiest tasks with their seconds and share of all sampled threads' CPU. */
    static String table(Map<String, Double> secondsByTask, int top) {
        double total = secondsByTask.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
            return "  CPU by task: not available on this JVM\n";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "  CPU by task (Java threads, %.1f s in all; JIT and GC not included):%n", total));
        secondsByTask.entrySet().stream().limit(top).forEach(e -> b.append(String.format(Locale.ROOT,
                "    %7.2f s %5.1f %%  %s%n", e.getValue(), 100 * e.getValue() / total, e.getKey())));
        return b.toString();
    }
}
