package org.leaktrace.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Watches a Flink checkpoint directory and remembers the largest completed checkpoint.
 *
 * <p>Flink deletes superseded checkpoints, and a bounded job's last checkpoint holds little state
 * because finished operators snapshot nothing, so the size is sampled while the job runs. A
 * checkpoint counts once its {@code _metadata} is written; its size is every file under its
 * {@code chk-N} directory (small state is inlined into {@code _metadata}). Full snapshots only
 * (incremental checkpoints are off by default), so this is the serialized size of all keyed and
 * operator state at that checkpoint.
 */
final class CheckpointSizer implements AutoCloseable {
    private final Path root;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long largest = -1;
    private volatile int completed;

    private CheckpointSizer(Path root, long periodMillis) {
        this.root = root;
        this.thread = new Thread(() -> loop(periodMillis), "checkpoint-sizer");
        this.thread.setDaemon(true);
    }

    static CheckpointSizer watch(Path root, long periodMillis) {
        CheckpointSizer s = new CheckpointSizer(root, periodMillis);
        s.thread.start();
        return s;
    }

    /** Bytes of the largest completed checkpoint seen so far, -1 before the first. */
    long largestBytes() {
        return largest;
    }

    /** Completed checkpoints seen at once at the last scan (Flink keeps one). */
    int completedSeen() {
        return completed;
    }

    private void loop(long periodMillis) {
        while (running) {
            scan();
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass over {@code root/<job-id>/chk-N}. */
    void scan() {
        if (!Files.isDirectory(root)) {
            return;
        }
        int seen = 0;
        try (Stream<Path> jobs = Files.list(root)) {
            for (Path job : jobs.toList()) {
                try (Stream<Path> chks = Files.list(job)) {
                    for (Path chk : chks.filter(p -> p.getFileName().toString().startsWith("chk-")).toList()) {
                        if (Files.exists(chk.resolve("_metadata"))) {
                            seen++;
                            largest = Math.max(largest, size(chk));
                        }
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // A checkpoint deleted while being measured; the next pass sees the newer one.
        }
        completed = Math.max(completed, seen);
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0L;
                }
            }).sum();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        scan();
    }
}
