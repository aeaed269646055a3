package org.leaktrace.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Events ahead of the watermark, in (event time, content, arrival) order, for one subtask.
 *
 * <p>One in-memory queue for the whole subtask rather than a keyed list and a timer per event:
 * in a replay nearly every event waits, and per-event timers were the largest cost of the
 * touchpoint stage (BENCHMARKS.md, "Profile"). Arrival order only decides between events whose
 * time and content are equal, where the order cannot matter. The owning operator keeps the
 * waiting events in operator state with union redistribution and, on restore, keeps those
 * whose key falls in its key groups ({@link #ownedKeys}).
 */
public final class ReorderBuffer<T> {
    private final EventTies<? super T> ties;
    private final PriorityQueue<Waiting<T>> queue = new PriorityQueue<>(this::compare);
    private long arrivals;

    public ReorderBuffer(EventTies<? super T> ties) {
        this.ties = ties;
    }

    /** Adds an event that is due at {@code timeMs}. */
    public void add(long timeMs, T event) {
        queue.add(new Waiting<>(timeMs, arrivals++, event));
    }

    /** The next event due at or before {@code watermark}, or null when none is. */
    public Waiting<T> peekDue(long watermark) {
        Waiting<T> next = queue.peek();
        return next != null && next.timeMs() <= watermark ? next : null;
    }

    /** Removes and returns the next event due at or before {@code watermark}, or null. */
    public Waiting<T> pollDue(long watermark) {
        return peekDue(watermark) == null ? null : queue.poll();
    }

    /** The waiting events in the order they will be released; for a snapshot. */
    public List<Waiting<T>> inOrder() {
        List<Waiting<T>> waiting = new ArrayList<>(queue);
        waiting.sort(this::compare);
        return waiting;
    }

    public int size() {
        return queue.size();
    }

    private int compare(Waiting<T> a, Waiting<T> b) {
        int byTime = Long.compare(a.timeMs(), b.timeMs());
        if (byTime != 0) {
            return byTime;
        }
        int byContent = ties.compare(a.event(), b.event());
        return byContent != 0 ? byContent : Long.compare(a.arrival(), b.arrival());
    }

    /**
     * The keys this subtask owns: after a restore with union redistribution every subtask sees
     * every subtask's waiting events and keeps only its own keys'.
     */
    public static Predicate<Object> ownedKeys(TaskInfo task) {
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        KeyGroupRange owned = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                maxParallelism, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        return key -> owned.contains(KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism));
    }

    /** An event waiting for the watermark to pass {@code timeMs}. */
    public record Waiting<T>(long timeMs, long arrival, T event) {}
}
