package org.leaktrace.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Watches a Flink checkpoint directory and remembers the largest completed checkpoint, and the
 * size of each one it read.
 *
 * <p>Flink deletes superseded checkpoints, and a bounded job's last checkpoint holds little state
 * because finished operators snapshot nothing, so the size is sampled while the job runs. A
 * checkpoint counts once its {@code _metadata} is written; its size is the sum of the state
 * handles the metadata lists ({@link StateBreakdown}), i.e. all keyed and operator state at that
 * checkpoint, serialized, including files an incremental checkpoint shares with earlier ones
 * (those live outside {@code chk-N}). Where the metadata cannot be read the size falls back to
 * every file under {@code chk-N}.
 */
final class CheckpointSizer implements AutoCloseable {
    static final int READ_ATTEMPTS = 3;

    private final Path root;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long largest = -1;
    private volatile int completed;
    private volatile StateBreakdown largestBreakdown;
    private final Map<Long, StateBreakdown> read = new TreeMap<>();
    private final Set<Path> measured = new HashSet<>();
    private final Map<Path, Integer> failedReads = new HashMap<>();

    private CheckpointSizer(Path root, long periodMillis) {
        this.root = root;
        this.thread = new Thread(() -> loop(periodMillis), "checkpoint-sizer");
        this.thread.setDaemon(true);
    }

    /** A sizer that scans only when {@link #scan()} is called (tests). */
    static CheckpointSizer manual(Path root) {
        return new CheckpointSizer(root, 0);
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

    /** Per-operator sizes of the largest completed checkpoint, null before the first. */
    StateBreakdown largestBreakdown() {
        return largestBreakdown;
    }

    /**
     * Every checkpoint whose metadata was read, oldest first: how state grew and settled, which
     * the largest alone does not tell (a world's first days are its largest, every call being
     * cold until contacts are learned; a bounded run's last checkpoints follow the end of input).
     */
    synchronized List<StateBreakdown> series() {
        return List.copyOf(read.values());
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
                        if (Files.exists(chk.resolve(StateBreakdown.METADATA))) {
                            seen++;
                            measure(chk);
                        }
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // A checkpoint deleted while being measured; the next pass sees the newer one.
        }
        completed = Math.max(completed, seen);
    }

    /**
     * Reads a checkpoint's metadata once. Metadata that cannot be read may still be being written,
     * so it is tried again on the next passes; after {@value #READ_ATTEMPTS} failures the
     * checkpoint counts its files instead.
     */
    private synchronized void measure(Path chk) throws IOException {
        if (measured.contains(chk)) {
            return;
        }
        long bytes;
        try {
            StateBreakdown b = StateBreakdown.read(chk);
            bytes = b.totalBytes();
            if (largestBreakdown == null || bytes > largestBreakdown.totalBytes()) {
                largestBreakdown = b;
            }
            read.put(b.checkpointId(), b);
        } catch (IOException | RuntimeException e) {
            if (!Files.exists(chk) || failedReads.merge(chk, 1, Integer::sum) < READ_ATTEMPTS) {
                return;
            }
            bytes = size(chk);
        }
        measured.add(chk);
        largest = Math.max(largest, bytes);
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
