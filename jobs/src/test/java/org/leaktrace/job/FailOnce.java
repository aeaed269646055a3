package org.leaktrace.job;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes records through, and fails the task once in the JVM's lifetime: at the first record after
 * {@code after} records of this attempt and after a checkpoint has completed whose snapshots hold
 * alerts ({@link LineageRecorder#heldIn}), so the job restarts from a checkpoint that holds state
 * and committed alerts.
 */
final class FailOnce<T> implements MapFunction<T, T>, CheckpointListener {
    private static final long serialVersionUID = 1L;

    /** Set when the failure has happened; static because the restarted attempt is a fresh copy. */
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private final long after;
    private final List<String> recorders;
    private transient long seen;
    private transient boolean checkpointed;

    /** Fails after {@code after} records, once a checkpoint holds alerts of the recorders named. */
    FailOnce(long after, List<String> recorders) {
        this.after = after;
        this.recorders = List.copyOf(recorders);
    }

    @Override
    public T map(T value) {
        seen++;
        if (seen > after && checkpointed && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + after + " records");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        // Alerts sent before this notification may have passed the recorders after the barrier:
        // only what the checkpoint's snapshots hold is sure to survive the restart.
        checkpointed = checkpointed || LineageRecorder.heldIn(checkpointId, recorders) > 0;
    }
}
