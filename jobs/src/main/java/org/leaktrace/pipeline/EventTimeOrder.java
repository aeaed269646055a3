package org.leaktrace.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes a keyed stream on in event-time order, ties broken by content, as the watermark passes.
 *
 * <p>Put in front of a keyed operator that acts on the order of its input: one that decides when
 * a threshold is crossed, or reads a signal that another branch computed from the same call.
 * Such an operator receives from several upstream subtasks and branches, and their interleaving
 * is up to the network, so without this a replay of the same files gave different alerts from
 * run to run, even at parallelism 1 (a pattern's signal and the call it came from race on two
 * channels). Events are released when a watermark passes their time, before that watermark is
 * forwarded, so the operator after it sees the same sequence on every run. An event at or behind
 * the watermark (late data) passes at once. It chains to the operator after it ({@link #ordered}).
 * Its cost is latency: an event waits for the slowest input's watermark (in a live stream a
 * pattern's branch or the complaints feed), about 150 ms at p50 in the latency bench
 * (BENCHMARKS.md), so a live stream turns it off, as it does attribution's wait.
 *
 * <p>Waiting events are operator state with union redistribution, with their timestamps; on
 * restore at any parallelism each subtask keeps the events whose key is in its key groups.
 *
 * <p>It holds the very objects it was handed, which jobs hand on without copies ({@code
 * Environments.OBJECT_REUSE}). That is safe because its input is a keyed stream: a keyBy is a
 * network edge, so each event it holds was deserialized for it alone and nothing upstream can
 * change it.
 */
public final class EventTimeOrder<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> type;
    private final EventTies<? super T> ties;
    private final boolean enabled;
    private transient ReorderBuffer<T> buffer;
    private transient ListState<Tuple2<Long, T>> bufferState;
    private transient long currentWatermark;
    private transient StreamRecord<T> outRecord;

    /**
     * @param enabled false passes every event on at once: a live stream, which gives up the same
     *     outcome on every run for latency, keeps the operator (and its uid) so that its job
     *     graph is the same as a bounded run's and either can restore the other's savepoints
     */
    public EventTimeOrder(TypeInformation<T> type, EventTies<? super T> ties, boolean enabled) {
        this.type = type;
        this.ties = ties;
        this.enabled = enabled;
    }

    /**
     * {@code input} in event-time order under {@code uid} (as it comes unless {@code enabled}),
     * keyed again by {@code key} so that the keyed operator after it chains to it without
     * another shuffle.
     */
    public static <T, K> KeyedStream<T, K> ordered(
            KeyedStream<T, K> input, EventTies<? super T> ties, boolean enabled, String uid) {
        KeySelector<T, K> key = input.getKeySelector();
        return DataStreamUtils.reinterpretAsKeyedStream(
                input.transform(uid, input.getType(), new EventTimeOrder<>(input.getType(), ties, enabled))
                        .uid(uid)
                        .name(uid),
                key,
                input.getKeyType());
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        bufferState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("event-time-order", Types.TUPLE(Types.LONG, type)));
        buffer = new ReorderBuffer<>(ties);
        if (context.isRestored()) {
            @SuppressWarnings("unchecked")
            KeySelector<T, ?> key = (KeySelector<T, ?>) getStateKeySelector1();
            Predicate<Object> owned = ReorderBuffer.ownedKeys(getRuntimeContext().getTaskInfo());
            for (Tuple2<Long, T> waiting : bufferState.get()) {
                if (owned.test(key.getKey(waiting.f1))) {
                    buffer.add(waiting.f0, waiting.f1);
                }
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        currentWatermark = Long.MIN_VALUE;
        outRecord = new StreamRecord<>(null);
        getMetricGroup().<Integer, Gauge<Integer>>gauge("waitingEvents", () -> buffer.size());
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        if (enabled && element.hasTimestamp() && element.getTimestamp() > currentWatermark) {
            buffer.add(element.getTimestamp(), element.getValue());
        } else {
            output.collect(element);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        currentWatermark = mark.getTimestamp();
        for (ReorderBuffer.Waiting<T> due = buffer.pollDue(currentWatermark);
                due != null;
                due = buffer.pollDue(currentWatermark)) {
            output.collect(outRecord.replace(due.event(), due.timeMs()));
        }
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<ReorderBuffer.Waiting<T>> waiting = buffer.inOrder();
        List<Tuple2<Long, T>> entries = new ArrayList<>(waiting.size());
        for (ReorderBuffer.Waiting<T> w : waiting) {
            entries.add(Tuple2.of(w.timeMs(), w.event()));
        }
        bufferState.update(entries);
    }

    /** Events waiting for the watermark on this subtask. */
    int waitingEvents() {
        return buffer.size();
    }
}
