package org.leaktrace.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Events ahead of the watermark, in (event time, content, arrival) order, for one subtask.
 *
 * <p>One in-memory list for the whole subtask rather than a keyed list and a timer per event:
 * in a replay nearly every event waits, and per-event timers were the largest cost of the
 * touchpoint stage (BENCHMARKS.md, "Profile"). Arrival order only decides between events whose
 * time and content are equal, where the order cannot matter. The owning operator keeps the
 * waiting events in operator state with union redistribution and, on restore, keeps those
 * whose key falls in its key groups ({@link #ownedKeys}).
 */
public final class ReorderBuffer<T> {
    /** Released entries kept at the front until they are this many and half the list. */
    private static final int COMPACT_AFTER = 1024;

    private final EventTies<? super T> ties;
    /** Waiting events from {@link #head} on; sorted from there whenever {@link #sorted}. */
    private final ArrayList<Waiting<T>> waiting = new ArrayList<>();
    private int head;
    private boolean sorted = true;
    private long arrivals;

    public ReorderBuffer(EventTies<? super T> ties) {
        this.ties = ties;
    }

    /**
     * Adds an event that is due at {@code timeMs}. Events are appended and sorted when next asked
     * for: they come nearly in order (two or a few upstream channels, each in order), which a
     * merge sort takes in a few comparisons per event, where a heap took two per level for each.
     */
    public void add(long timeMs, T event) {
        Waiting<T> w = new Waiting<>(timeMs, arrivals++, event);
        if (sorted && waiting.size() > head && compare(w, waiting.get(waiting.size() - 1)) < 0) {
            sorted = false;
        }
        waiting.add(w);
    }

    /** The next event due at or before {@code watermark}, or null when none is. */
    public Waiting<T> peekDue(long watermark) {
        if (head == waiting.size()) {
            return null;
        }
        sort();
        Waiting<T> next = waiting.get(head);
        return next.timeMs() <= watermark ? next : null;
    }

    /** Removes and returns the next event due at or before {@code watermark}, or null. */
    public Waiting<T> pollDue(long watermark) {
        Waiting<T> next = peekDue(watermark);
        if (next == null) {
            return null;
        }
        waiting.set(head++, null);
        if (head == waiting.size()) {
            waiting.clear();
            head = 0;
        } else if (head >= COMPACT_AFTER && head * 2 >= waiting.size()) {
            waiting.subList(0, head).clear();
            head = 0;
        }
        return next;
    }

    /** The waiting events in the order they will be released; for a snapshot. */
    public List<Waiting<T>> inOrder() {
        sort();
        return new ArrayList<>(waiting.subList(head, waiting.size()));
    }

    public int size() {
        return waiting.size() - head;
    }

    private void sort() {
        if (!sorted) {
            if (head > 0) {
                waiting.subList(0, head).clear();
                head = 0;
            }
            waiting.sort(this::compare);
            sorted = true;
        }
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
