package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TaskCpuTest {
    /** Spins until this thread has used {@code nanos} more of CPU. */
    private static void burn(long nanos) {
        var threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + nanos;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    @Test
    void subtaskSuffixesAreDropped() {
        assertEquals("caller-profile-order -> caller-profile",
                TaskCpu.taskName("caller-profile-order -> caller-profile (1/2)#0"));
        assertEquals("hubs", TaskCpu.taskName("hubs (2/2)"));
        assertEquals("Source Data Fetcher for Source: cdr-file-source",
                TaskCpu.taskName("Source Data Fetcher for Source: cdr-file-source"));
    }

    @Test
    void subtasksAreSummedEndedThreadsKeptAndEarlierCpuLeftOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Thread before = new Thread(() -> {
            burn(300_000_000L);
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "before-watch (1/1)#0");
        before.start();
        started.await();

        Map<String, Double> seconds;
        try (TaskCpu cpu = TaskCpu.watch(20)) {
            Thread[] subtasks = new Thread[2];
            for (int i = 0; i < 2; i++) {
                subtasks[i] = new Thread(() -> {
                    burn(300_000_000L);
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "busy-task (" + (i + 1) + "/2)#0");
                subtasks[i].start();
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (cpu.secondsByTask().getOrDefault("busy-task", 0.0) < 0.55 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            release.countDown();
            for (Thread t : subtasks) {
                t.join();
            }
            before.join();
            cpu.close();
            seconds = cpu.secondsByTask();
        }
        assertTrue(seconds.get("busy-task") >= 0.55, "two subtasks of 0.3 s each, ended: " + seconds);
        assertTrue(seconds.getOrDefault("before-watch", 0.0) < 0.1,
                "the 0.3 s spent before the watch is not the run's: " + seconds);
        assertEquals("busy-task", seconds.keySet().iterator().next(), "largest first: " + seconds);
    }

    @Test
    void theTableListsTheBusiestTasksWithTheirShare() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("touchpoints", 3.0);
        seconds.put("hubs", 1.0);
        seconds.put("party-splitter", 0.5);
        String table = TaskCpu.table(seconds, 2);
        assertTrue(table.contains("4.5 s in all"), table);
        assertTrue(table.contains("   3.00 s  66.7 %  touchpoints"), table);
        assertTrue(table.contains("   1.00 s  22.2 %  hubs"), table);
        assertTrue(!table.contains("party-splitter"), table);
    }
}
