package org.leaktrace.touch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.leaktrace.pipeline.ReorderBuffer;
import org.leaktrace.pipeline.StateBytesSerializer;
import org.leaktrace.pipeline.StateSweep;
import org.leaktrace.pipeline.StateTtl;

/**
 * Learns each subscriber's touchpoints and contacts, and enriches the calls it receives.
 *
 * <p>Keyed by subscriber; one compact {@code byte[]} per subscriber (see {@link
 * SubscriberStateCodec}) with a time-to-live refreshed on every write, swept by {@link StateSweep}. A call to the subscriber
 * from a non-source leaves as a {@link CallerEvent#CALL} keyed by the caller, carrying the
 * subscriber's touches that precede it, whether the two knew each other, and whether a touch is
 * recent enough to make the call look like service. Callbacks and acquaintance calls leave as
 * {@link CallerEvent#RECIPROCATION} markers for the other number. First touches of a source, and
 * first sight of a subscriber (source {@code "*"}), go to the {@link #FIRST_TOUCHES} side output
 * as +1 counts. What an event does is {@link SubscriberUpdater}'s business.
 *
 * <p>Events are applied in event-time order. Without this, a replay whose calls reach a
 * subscriber through different channels could see a spam call before the touch that preceded
 * it by days, and the outcome would depend on thread scheduling. An event at or behind the
 * watermark is applied at once; one ahead of it waits in a single reorder buffer for the whole
 * subtask ({@link ReorderBuffer}), ordered by event time and, within one time, by content
 * ({@link PartyEvent#TIES}), and is applied when a watermark passes its time,
 * before that watermark is forwarded. In a replay nearly every event waits: one in-memory
 * queue instead of a keyed list and an event-time timer per event is what makes this stage
 * cheap (BENCHMARKS.md, "Profile"). Outputs carry the timestamps a {@code KeyedProcessOperator}
 * with per-event timers would give them: the event's time when it waited, the input record's
 * timestamp when it was applied at once.
 *
 * <p>The buffer is operator state with union redistribution: on restore, at any parallelism,
 * each subtask keeps the waiting events whose subscriber falls in its key groups.
 */
public final class TouchpointOperator extends AbstractStreamOperator<CallerEvent>
        implements OneInputStreamOperator<PartyEvent, CallerEvent> {
    private static final long serialVersionUID = 1L;

    /** Source key of the active population. */
    public static final String POPULATION = "*";

    /** (source, +1) for each first touch and each newly seen subscriber. */
    public static final OutputTag<Tuple2<String, Long>> FIRST_TOUCHES =
            new OutputTag<>("first-touches", Types.TUPLE(Types.STRING, Types.LONG));

    private final TouchConfig config;
    private transient SubscriberUpdater updater;
    private transient ValueState<byte[]> state;
    private transient ListState<PartyEvent> bufferState;
    private transient ReorderBuffer<PartyEvent> buffer;
    private transient long currentWatermark;
    private transient StreamRecord<CallerEvent> outRecord;
    private transient Emitter emitter;

    public TouchpointOperator(TouchConfig config) {
        this.config = config;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        bufferState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("touchpoint-reorder-buffer", TypeInformation.of(PartyEvent.class)));
        buffer = new ReorderBuffer<>(PartyEvent.TIES);
        if (context.isRestored()) {
            Predicate<Object> owned = ReorderBuffer.ownedKeys(getRuntimeContext().getTaskInfo());
            for (PartyEvent event : bufferState.get()) {
                if (owned.test(event.subscriber)) {
                    buffer.add(event.timeMs, event);
                }
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        updater = new SubscriberUpdater(config);
        ValueStateDescriptor<byte[]> descriptor =
                new ValueStateDescriptor<>("subscriber", StateBytesSerializer.TYPE);
        descriptor.enableTimeToLive(StateTtl.refreshedOnWrite(config.subscriberTtl()));
        state = getRuntimeContext().getState(descriptor);
        StateSweep.schedule(getProcessingTimeService(), getKeyedStateBackend(), List.of(descriptor));
        currentWatermark = Long.MIN_VALUE;
        outRecord = new StreamRecord<>(null);
        emitter = new Emitter();
        // How far ahead of the watermark this subtask runs: the buffer's memory, and its latency.
        getMetricGroup().<Integer, Gauge<Integer>>gauge("waitingEvents", () -> buffer.size());
    }

    @Override
    public void processElement(StreamRecord<PartyEvent> element) throws Exception {
        PartyEvent event = element.getValue();
        if (event.timeMs > currentWatermark) {
            buffer.add(event.timeMs, event);
            return;
        }
        if (element.hasTimestamp()) {
            outRecord.setTimestamp(element.getTimestamp());
        } else {
            outRecord.eraseTimestamp();
        }
        SubscriberState subscriber = updater.load(state.value(), emitter);
        updater.apply(event, subscriber, emitter);
        state.update(updater.store(subscriber));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        currentWatermark = mark.getTimestamp();
        applyDue(currentWatermark);
        super.processWatermark(mark);
    }

    /** Applies every waiting event up to {@code watermark} in order, one state round-trip per run of a subscriber. */
    private void applyDue(long watermark) throws Exception {
        ReorderBuffer.Waiting<PartyEvent> next = buffer.peekDue(watermark);
        while (next != null) {
            String subscriberKey = next.event().subscriber;
            setCurrentKey(subscriberKey);
            outRecord.setTimestamp(next.timeMs());
            SubscriberState subscriber = updater.load(state.value(), emitter);
            do {
                ReorderBuffer.Waiting<PartyEvent> due = buffer.pollDue(watermark);
                outRecord.setTimestamp(due.timeMs());
                updater.apply(due.event(), subscriber, emitter);
                next = buffer.peekDue(watermark);
            } while (next != null && subscriberKey.equals(next.event().subscriber));
            state.update(updater.store(subscriber));
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<PartyEvent> events = new ArrayList<>(buffer.size());
        for (ReorderBuffer.Waiting<PartyEvent> w : buffer.inOrder()) {
            events.add(w.event());
        }
        bufferState.update(events);
    }

    /** Events waiting for the watermark on this subtask. */
    int waitingEvents() {
        return buffer.size();
    }

    /** Sends results with the timestamp of the event being applied, as the operator's timers did. */
    private final class Emitter implements SubscriberUpdater.Emitter {
        @Override
        public void collect(CallerEvent event) {
            output.collect(outRecord.replace(event));
        }

        @Override
        public void firstTouch(String source) {
            output.collect(FIRST_TOUCHES, new StreamRecord<>(Tuple2.of(source, 1L), outRecord.getTimestamp()));
        }
    }
}
