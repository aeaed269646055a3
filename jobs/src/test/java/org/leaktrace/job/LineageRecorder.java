package org.leaktrace.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Records the id of every record that passes on to a sink, in checkpointed operator state.
 *
 * <p>After a failure the state rolls back with the sink's transactions, so the ids held by the
 * last attempt when it finishes are exactly what an exactly-once sink must have committed: the
 * records sent before the restored checkpoint plus everything sent since, whatever order or
 * timing the restarted run took. Each subtask publishes its list on close, keyed by
 * {@code name}, subtask and attempt; {@link #lineage} keeps the last attempt of each subtask.
 */
final class LineageRecorder<T> extends RichMapFunction<T, T> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** name → "subtask/attempt" → ids, filled on close. */
    static final Map<String, Map<String, List<String>>> PUBLISHED = new ConcurrentHashMap<>();
    /** name → checkpoint ids a subtask restored from. */
    static final Map<String, List<Long>> RESTORED = new ConcurrentHashMap<>();
    /** name → ids found in restored state: alerts sent before the failure and kept. */
    static final Map<String, AtomicLong> RESTORED_IDS = new ConcurrentHashMap<>();
    /**
     * name → checkpoint id → ids held in that checkpoint's snapshots. By name, because checkpoint
     * ids restart at 1 in every job of the test JVM: keyed by id alone, another test's job made a
     * checkpoint look as if it held this job's alerts.
     */
    static final Map<String, Map<Long, AtomicLong>> SNAPSHOTTED = new ConcurrentHashMap<>();

    private final String name;
    private final SerializableFunction<T, String> id;
    private transient List<String> ids;
    private transient ListState<String> state;

    LineageRecorder(String name, SerializableFunction<T, String> id) {
        this.name = name;
        this.id = id;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("ids", Types.STRING));
        ids = new ArrayList<>();
        for (String s : state.get()) {
            ids.add(s);
        }
        context.getRestoredCheckpointId().ifPresent(
                c -> RESTORED.computeIfAbsent(name, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(c));
        RESTORED_IDS.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(ids.size());
    }

    @Override
    public void open(OpenContext openContext) {}

    @Override
    public T map(T value) {
        ids.add(id.apply(value));
        return value;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        state.update(ids);
        SNAPSHOTTED.computeIfAbsent(name, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(context.getCheckpointId(), k -> new AtomicLong()).addAndGet(ids.size());
    }

    /** Ids the recorders {@code names} hold in the snapshots of {@code checkpointId} (complete once it is). */
    static long heldIn(long checkpointId, List<String> names) {
        long total = 0;
        for (String name : names) {
            AtomicLong held = SNAPSHOTTED.getOrDefault(name, Map.of()).get(checkpointId);
            total += held == null ? 0 : held.get();
        }
        return total;
    }

    @Override
    public void close() {
        String key = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "/"
                + getRuntimeContext().getTaskInfo().getAttemptNumber();
        PUBLISHED.computeIfAbsent(name, k -> new ConcurrentHashMap<>()).put(key, List.copyOf(ids));
    }

    /** The ids of the last attempt of every subtask of {@code name}, concatenated. */
    static List<String> lineage(String name) {
        Map<String, List<String>> published = PUBLISHED.getOrDefault(name, Map.of());
        Map<String, Integer> lastAttempt = new java.util.HashMap<>();
        published.keySet().forEach(k -> {
            String[] parts = k.split("/");
            lastAttempt.merge(parts[0], Integer.parseInt(parts[1]), Math::max);
        });
        List<String> all = new ArrayList<>();
        lastAttempt.forEach((subtask, attempt) -> all.addAll(published.get(subtask + "/" + attempt)));
        return all;
    }

    /** How often each id occurs, by id: a lineage or a topic's ids, to compare one with the other. */
    static Map<String, Long> countById(List<String> ids) {
        return ids.stream().collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
    }
}
