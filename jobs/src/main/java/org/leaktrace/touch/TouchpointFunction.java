package org.leaktrace.touch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.leaktrace.schema.internal.Touch;

/**
 * Learns each subscriber's touchpoints and contacts, and enriches the calls it receives.
 *
 * <p>Keyed by subscriber; one compact {@code byte[]} per subscriber (see {@link
 * SubscriberStateCodec}) with a time-to-live refreshed on every write. A call to the subscriber
 * from a non-source leaves as a {@link CallerEvent#CALL} keyed by the caller, carrying the
 * subscriber's touches that precede it, whether the two knew each other, and whether a touch is
 * recent enough to make the call look like service. Callbacks and acquaintance calls leave as
 * {@link CallerEvent#RECIPROCATION} markers for the other number. First touches of a source, and
 * first sight of a subscriber (source {@code "*"}), go to the {@link #FIRST_TOUCHES} side output
 * as +1 counts.
 *
 * <p>Events are applied in event-time order: an event ahead of the watermark waits in a small
 * per-subscriber buffer for an event-time timer at its own time. Without this, a replay whose
 * calls reach a subscriber through different channels could see a spam call before the
 * touch that preceded it by days, and the outcome would depend on thread scheduling.
 */
public final class TouchpointFunction extends KeyedProcessFunction<String, PartyEvent, CallerEvent> {
    private static final long serialVersionUID = 1L;

    /** Source key of the active population. */
    public static final String POPULATION = "*";

    /** (source, +1) for each first touch and each newly seen subscriber. */
    public static final OutputTag<Tuple2<String, Long>> FIRST_TOUCHES =
            new OutputTag<>("first-touches", Types.TUPLE(Types.STRING, Types.LONG));

    private final TouchConfig config;
    private transient SubscriberStateCodec codec;
    private transient ValueState<byte[]> state;
    private transient ListState<PartyEvent> pending;

    public TouchpointFunction(TouchConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = new SubscriberStateCodec(config);
        ValueStateDescriptor<byte[]> descriptor =
                new ValueStateDescriptor<>("subscriber", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(config.subscriberTtl())
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                // Flink's default sweeps 5 entries of the whole state table on every state access,
                // which was ~19% of a replay's CPU (BENCHMARKS.md). Visibility does not depend on
                // cleanup (expired values are never returned), so sweeping 1 entry per access changes
                // no result; a full sweep still takes only (keys / accesses per second) seconds.
                .cleanupIncrementally(1, false)
                .build());
        state = getRuntimeContext().getState(descriptor);
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("pending", TypeInformation.of(PartyEvent.class)));
    }

    @Override
    public void processElement(PartyEvent event, Context ctx, Collector<CallerEvent> out) throws Exception {
        if (event.timeMs <= ctx.timerService().currentWatermark()) {
            apply(List.of(event), ctx, out);
            return;
        }
        pending.add(event);
        ctx.timerService().registerEventTimeTimer(event.timeMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CallerEvent> out) throws Exception {
        List<PartyEvent> due = new ArrayList<>();
        List<PartyEvent> later = new ArrayList<>();
        for (PartyEvent e : pending.get()) {
            (e.timeMs <= timestamp ? due : later).add(e);
        }
        if (due.isEmpty()) {
            return;
        }
        if (later.isEmpty()) {
            pending.clear();
        } else {
            pending.update(later);
        }
        due.sort(Comparator.comparingLong(e -> e.timeMs));
        apply(due, ctx, out);
    }

    private void apply(List<PartyEvent> events, Context ctx, Collector<CallerEvent> out) throws Exception {
        byte[] raw = state.value();
        SubscriberState subscriber;
        if (raw == null) {
            subscriber = SubscriberState.empty(config);
            ctx.output(FIRST_TOUCHES, Tuple2.of(POPULATION, 1L));
        } else {
            subscriber = codec.decode(raw);
        }
        for (PartyEvent event : events) {
            switch (event.kind) {
                case PartyEvent.TOUCH_OUT, PartyEvent.TOUCH_IN -> onTouch(event, subscriber, ctx, out);
                case PartyEvent.CALLEE -> onCallee(event, subscriber, out);
                case PartyEvent.CALLER -> onCaller(event, subscriber, out);
                default -> throw new IllegalArgumentException("unknown party event kind " + event.kind);
            }
        }
        state.update(codec.encode(subscriber));
    }

    private void onTouch(PartyEvent event, SubscriberState subscriber, Context ctx, Collector<CallerEvent> out) {
        String source = event.counterparty;
        if (subscriber.touch(source, event.timeMs)) {
            ctx.output(FIRST_TOUCHES, Tuple2.of(source, 1L));
        }
        boolean unregisteredNumber = source.startsWith("+");
        if (event.kind == PartyEvent.TOUCH_OUT && unregisteredNumber) {
            // Calling an unregistered business line back is how a call centre earns its callbacks.
            remember(ContactMemory.OUT, source, event, subscriber, out);
        }
    }

    private void onCallee(PartyEvent event, SubscriberState subscriber, Collector<CallerEvent> out) {
        String caller = event.counterparty;
        ContactMemory memory = subscriber.memory();
        boolean calledThemBefore = memory.contains(ContactMemory.OUT, caller);
        boolean calledByThemBefore = memory.contains(ContactMemory.IN, caller);
        out.collect(enrich(event, subscriber.touchesBefore(event.timeMs),
                calledThemBefore || calledByThemBefore, config.serviceWindow().toMillis()));
        if (calledThemBefore) {
            out.collect(CallerEvent.reciprocation(caller, event.subscriber, event.timeMs));
        }
        if (event.answered && !event.sms) {
            memory.add(ContactMemory.IN, caller, config.contactBloomCapacity());
        }
    }

    private void onCaller(PartyEvent event, SubscriberState subscriber, Collector<CallerEvent> out) {
        remember(ContactMemory.OUT, event.counterparty, event, subscriber, out);
    }

    private void remember(
            long direction, String number, PartyEvent event, SubscriberState subscriber, Collector<CallerEvent> out) {
        ContactMemory memory = subscriber.memory();
        if (memory.contains(ContactMemory.IN, number)) {
            out.collect(CallerEvent.reciprocation(number, event.subscriber, event.timeMs));
        }
        memory.add(direction, number, config.contactBloomCapacity());
    }

    /** The caller-side view of a call to a subscriber with the given prior touches. */
    static CallerEvent enrich(PartyEvent call, List<Touch> touches, boolean priorContact, long serviceWindowMs) {
        CallerEvent e = new CallerEvent();
        e.kind = CallerEvent.CALL;
        e.caller = call.counterparty;
        e.counterparty = call.subscriber;
        e.timeMs = call.timeMs;
        e.recordId = call.recordId;
        e.sms = call.sms;
        e.durationS = call.durationS;
        e.answered = call.answered;
        e.callerImei = call.callerImei;
        e.cellId = call.cellId;
        e.priorContact = priorContact;
        int n = touches.size();
        e.touchSources = new String[n];
        e.touchFirstMs = new long[n];
        e.touchLastMs = new long[n];
        for (int i = 0; i < n; i++) {
            Touch t = touches.get(i);
            e.touchSources[i] = t.getSource();
            e.touchFirstMs[i] = t.getFirstMs();
            e.touchLastMs[i] = t.getLastMs();
            if (t.getLastMs() >= call.timeMs - serviceWindowMs) {
                e.inService = true;
            }
        }
        return e;
    }
}
