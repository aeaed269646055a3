package org.leaktrace.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 *
 * <p>Given a directory to keep checkpoints in, it hard-links the files of the largest checkpoint,
 * of the latest and of the one before it into it as it reads them, so that they can be split by
 * state ({@link StateSplit}) after Flink has deleted its own names for them.
 */
final class CheckpointSizer implements AutoCloseable {
    static final int READ_ATTEMPTS = 3;

    /** Under the keep directory: the largest checkpoint's links. */
    static final String LARGEST = "largest";
    /** Under the keep directory: the latest checkpoint's links. */
    static final String LATEST = "latest";
    /**
     * Under the keep directory: the links of the checkpoint read before the latest. A bounded
     * run's latest follows the end of its input, with every event-time window closed; this one is
     * what the job held while it ran.
     */
    static final String BEFORE_LATEST = "before-latest";
    /** Under the keep directory: links to the checkpoint being read. */
    static final String PENDING = "pending";

    private final Path root;
    private final Path keep;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long largest = -1;
    private volatile int completed;
    private volatile StateBreakdown largestBreakdown;
    private final TreeMap<Long, StateBreakdown> read = new TreeMap<>();
    private final Set<Path> measured = new HashSet<>();
    private final Map<Path, Integer> failedReads = new HashMap<>();

    private CheckpointSizer(Path root, Path keep, long periodMillis) {
        this.root = root;
        this.keep = keep;
        this.thread = new Thread(() -> loop(periodMillis), "checkpoint-sizer");
        this.thread.setDaemon(true);
    }

    /** A sizer that scans only when {@link #scan()} is called (tests). */
    static CheckpointSizer manual(Path root, Path keep) {
        return new CheckpointSizer(root, keep, 0);
    }

    /** A sizer that keeps nothing. */
    static CheckpointSizer manual(Path root) {
        return manual(root, null);
    }

    /** Scans every {@code periodMillis}, keeping nothing. */
    static CheckpointSizer watch(Path root, long periodMillis) {
        return watch(root, null, periodMillis);
    }

    /** Scans every {@code periodMillis}; with {@code keep} non-null, keeps the largest and latest checkpoints there. */
    static CheckpointSizer watch(Path root, Path keep, long periodMillis) {
        CheckpointSizer s = new CheckpointSizer(root, keep, periodMillis);
        s.thread.start();
        return s;
    }

    /**
     * The largest checkpoint kept, the one before the latest and the latest, split by state: one
     * split per checkpoint when they are the same, none without a keep directory. A kept
     * checkpoint that cannot be read back (a snapshot in a format {@link StateSplit} does not know)
     * is left out with its reason in {@code problems}; one whose files were gone before they were
     * linked was never kept.
     */
    List<StateSplit> splits(List<String> problems) {
        List<StateSplit> splits = new ArrayList<>();
        if (keep == null) {
            return splits;
        }
        for (String which : List.of(LARGEST, BEFORE_LATEST, LATEST)) {
            Path dir = keep.resolve(which);
            if (!Files.exists(dir.resolve(StateBreakdown.METADATA))) {
                continue;
            }
            try {
                StateSplit split = StateSplit.read(dir);
                if (splits.stream().noneMatch(x -> x.checkpointId() == split.checkpointId())) {
                    splits.add(split);
                }
            } catch (IOException | RuntimeException e) {
                problems.add(which + " checkpoint not split: " + e.getMessage());
            }
        }
        return splits;
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
            // Linked before its metadata is read: reading it can take longer (the first read loads
            // Flink's classes) than Flink keeps a superseded checkpoint at short intervals.
            Path source = chk;
            if (keep != null) {
                source = keep.resolve(PENDING);
                link(chk, source);
                if (!Files.exists(source.resolve(StateBreakdown.METADATA))) {
                    source = chk;
                }
            }
            StateBreakdown b = StateBreakdown.read(source);
            bytes = b.totalBytes();
            boolean newLargest = largestBreakdown == null || bytes > largestBreakdown.totalBytes();
            if (newLargest) {
                largestBreakdown = b;
            }
            boolean newLatest = read.isEmpty() || b.checkpointId() > read.lastKey();
            read.put(b.checkpointId(), b);
            if (keep != null) {
                if (newLargest) {
                    link(source, keep.resolve(LARGEST));
                }
                if (newLatest) {
                    if (Files.exists(keep.resolve(LATEST).resolve(StateBreakdown.METADATA))) {
                        link(keep.resolve(LATEST), keep.resolve(BEFORE_LATEST));
                    }
                    link(source, keep.resolve(LATEST));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!Files.exists(chk) || failedReads.merge(chk, 1, Integer::sum) < READ_ATTEMPTS) {
                return;
            }
            bytes = size(chk);
        }
        measured.add(chk);
        largest = Math.max(largest, bytes);
    }

    /**
     * Replaces {@code target} with hard links to the files of {@code chk}. A file gone meanwhile
     * leaves {@code target} without its metadata, so an incomplete copy is never split.
     */
    static void link(Path chk, Path target) {
        try {
            KafkaBench.deleteRecursively(target);
            Files.createDirectories(target);
            List<Path> files;
            try (Stream<Path> list = Files.list(chk)) {
                files = list.filter(Files::isRegularFile)
                        .sorted(Comparator.comparing(p -> p.getFileName().toString().equals(StateBreakdown.METADATA)))
                        .toList();
            }
            for (Path f : files) {
                Files.createLink(target.resolve(f.getFileName().toString()), f);
            }
        } catch (IOException | UncheckedIOException e) {
            try {
                Files.deleteIfExists(target.resolve(StateBreakdown.METADATA));
            } catch (IOException ignored) {
                // nothing to split then either way
            }
        }
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
