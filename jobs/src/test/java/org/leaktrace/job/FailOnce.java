package org.leaktrace.job;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes records through, and fails the task once in the JVM's lifetime: at the first record after
 * {@code after} records of this attempt and after a checkpoint has completed since alerts reached
 * the sinks ({@link LineageRecorder#SENT}), so the job restarts from a checkpoint that holds state
 * and committed alerts.
 */
final class FailOnce<T> implements MapFunction<T, T>, CheckpointListener {
    private static final long serialVersionUID = 1L;

    /** Set when the failure has happened; static because the restarted attempt is a fresh copy. */
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private final long after;
    private transient long seen;
    private transient boolean checkpointed;

    FailOnce(long after) {
        this.after = after;
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
        checkpointed = checkpointed || LineageRecorder.SENT.get() > 0;
    }
}
