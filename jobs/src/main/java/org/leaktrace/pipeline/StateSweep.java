package org.leaktrace.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

/**
 * Reads every key's time-to-live states a slice of keys at a time, so that Flink drops the
 * expired ones, instead of taking a cleanup step on every state access.
 *
 * <p>Flink's incremental TTL cleanup walks the state table one entry per access of the state.
 * Every call reads and writes a subscriber's and a caller's state, so the walk ran on every one
 * of them: 15 % of the touchpoint task's CPU and 12 % of the caller profile's, mostly cache
 * misses on table entries nothing else touched (JFR, BENCHMARKS.md). Expired values are never
 * returned either way, and reading an expired value clears it; what the walk is for is the keys
 * nobody reads again (a number that stopped calling). This sweep reaches those once a {@link
 * #ROUND} of processing time, whatever the traffic: a step every {@link #STEP_INTERVAL} reads its
 * share of the keys of one state, listed when that state's turn comes, so that every state is
 * gone round within a day (at least one key a step). A key therefore leaves within about a day of
 * its TTL (days to weeks), and costs at most a read or so a day, where the walk cost a step per
 * access. A fixed 4,000 keys a second was tried first: on the bench's 20,000 subscribers it went
 * round every few seconds and was 3.5 % of a replay's samples.
 *
 * <p>On the heap only: with RocksDB, Flink's compaction filter drops expired values in the
 * background, and a sweep would add a round trip per key read. Value and list states only: a read
 * of either clears it once expired. The states' TTL must not also sweep incrementally ({@link
 * StateTtl#refreshedOnWrite}). Steps run in the task thread (processing-time callbacks), and each
 * restores the key it found.
 */
public final class StateSweep<K> {
    /** Processing time between two steps. */
    public static final Duration STEP_INTERVAL = Duration.ofSeconds(1);

    /** Processing time in which every state of a sweep is gone round once. */
    public static final Duration ROUND = Duration.ofDays(1);

    private final KeyedStateBackend<K> backend;
    private final List<StateDescriptor<?, ?>> descriptors;
    private final int stepsPerState;
    private int stateIndex = -1;
    private State state;
    private List<K> keys = List.of();
    private int position;
    private int keysPerStep;
    private long keysRead;

    /**
     * @param descriptors the value and list states to sweep, as registered with {@code backend}
     * @param stepsPerRound {@link #step()}s in which every state is gone round once; each reads
     *     its state's share of the keys, at least one
     */
    public StateSweep(KeyedStateBackend<K> backend, List<StateDescriptor<?, ?>> descriptors, int stepsPerRound) {
        for (StateDescriptor<?, ?> descriptor : descriptors) {
            if (descriptor.getType() != StateDescriptor.Type.VALUE && descriptor.getType() != StateDescriptor.Type.LIST) {
                throw new IllegalArgumentException("only value and list states are swept: " + descriptor.getName());
            }
        }
        if (descriptors.isEmpty() || stepsPerRound < descriptors.size()) {
            throw new IllegalArgumentException("a sweep needs a state and a step per state and round");
        }
        this.backend = backend;
        this.descriptors = List.copyOf(descriptors);
        this.stepsPerState = stepsPerRound / descriptors.size();
    }

    /**
     * Sweeps {@code descriptors} of {@code backend} once a {@link #ROUND}, a step every {@link
     * #STEP_INTERVAL}, when {@code backend} keeps its state on the heap; does nothing otherwise.
     */
    public static <K> void schedule(
            ProcessingTimeService time, KeyedStateBackend<K> backend, List<StateDescriptor<?, ?>> descriptors) {
        if (!(backend instanceof HeapKeyedStateBackend)) {
            return;
        }
        long interval = STEP_INTERVAL.toMillis();
        StateSweep<K> sweep = new StateSweep<>(backend, descriptors, (int) (ROUND.toMillis() / interval));
        time.scheduleWithFixedDelay(now -> sweep.step(), interval, interval);
    }

    /**
     * Reads the states of the next keys of the state whose turn it is, its keys over the steps
     * of its share of a round; once they are done, the next step lists the next state's.
     */
    public void step() throws Exception {
        if (position >= keys.size()) {
            stateIndex = (stateIndex + 1) % descriptors.size();
            StateDescriptor<?, ?> descriptor = descriptors.get(stateIndex);
            state = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
            // Listed at once: the heap table's iterator fails on the removals the reads make.
            try (Stream<K> listed = backend.getKeys(descriptor.getName(), VoidNamespace.INSTANCE)) {
                keys = listed.collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
            }
            position = 0;
            keysPerStep = Math.max(1, (int) ((keys.size() + (long) stepsPerState - 1) / stepsPerState));
        }
        int end = Math.min(keys.size(), position + keysPerStep);
        if (position == end) {
            return;
        }
        K found = backend.getCurrentKey();
        try {
            for (; position < end; position++) {
                backend.setCurrentKey(keys.get(position));
                read(state);
                keysRead++;
            }
        } finally {
            if (found != null) {
                backend.setCurrentKey(found);
            }
        }
    }

    /** Keys read since the sweep started. */
    public long keysRead() {
        return keysRead;
    }

    private static void read(State state) throws Exception {
        if (state instanceof ValueState<?> value) {
            value.value();
        } else {
            // A TTL list drops its expired elements as it is iterated to the end.
            for (Object ignored : ((ListState<?>) state).get()) {
                // nothing: the iteration is the read
            }
        }
    }
}
