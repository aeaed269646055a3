package org.leaktrace.job;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes records through, and fails the task once per set of recorders: at the first record after
 * {@code after} records of this attempt and after a checkpoint has completed whose snapshots hold
 * alerts ({@link LineageRecorder#heldIn}), so the job restarts from a checkpoint that holds state
 * and committed alerts.
 *
 * <p>Past {@code after} records and until such a checkpoint, each record waits a millisecond (a
 * minute in all at most): a fast job could otherwise pass its last record before one completes,
 * and never fail (seen on 2026-12-04, once the job got faster).
 */
final class FailOnce<T> implements MapFunction<T, T>, CheckpointListener {
    private static final long serialVersionUID = 1L;

    /**
     * Recorders' names → set when the failure for them has happened; static because the
     * restarted attempt is a fresh copy, by name because each test's job fails once.
     */
    private static final Map<List<String>, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

    private static final long MAX_WAIT_MS = 60_000;

    private final long after;
    private final List<String> recorders;
    private transient long seen;
    private transient long waitedMs;
    private transient boolean checkpointed;

    /** Fails after {@code after} records, once a checkpoint holds alerts of the recorders named. */
    FailOnce(long after, List<String> recorders) {
        this.after = after;
        this.recorders = List.copyOf(recorders);
    }

    @Override
    public T map(T value) throws InterruptedException {
        seen++;
        if (seen > after && !failed(recorders)) {
            if (checkpointed && FAILED.computeIfAbsent(recorders, k -> new AtomicBoolean())
                    .compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + after + " records");
            }
            if (!checkpointed && waitedMs < MAX_WAIT_MS) {
                Thread.sleep(1);
                waitedMs++;
            }
        }
        return value;
    }

    /** Whether the job whose alerts pass the recorders {@code recorders} has failed. */
    static boolean failed(List<String> recorders) {
        AtomicBoolean f = FAILED.get(recorders);
        return f != null && f.get();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        // Alerts sent before this notification may have passed the recorders after the barrier:
        // only what the checkpoint's snapshots hold is sure to survive the restart.
        checkpointed = checkpointed || LineageRecorder.heldIn(checkpointId, recorders) > 0;
    }
}
