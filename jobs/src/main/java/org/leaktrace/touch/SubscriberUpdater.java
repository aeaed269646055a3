package org.leaktrace.touch;

import java.util.List;
import org.leaktrace.schema.internal.Touch;

/**
 * What a party event teaches its subscriber, and what it tells the caller side.
 *
 * <p>The rules of the touchpoint stage without Flink: {@link TouchpointOperator} decides when
 * an event is applied (in event time, under the subscriber's key) and where the results go; this
 * class decides what applying it means. A subscriber's state is loaded once, any number of its
 * events are applied in time order, and it is stored once.
 */
final class SubscriberUpdater {
    /** Where the caller events and first touches of applied events go. */
    interface Emitter {
        /** A caller event: an enriched call or a reciprocation marker. */
        void collect(CallerEvent event);

        /** The first touch of {@code source} by this subscriber, or its first sight ({@link TouchpointOperator#POPULATION}). */
        void firstTouch(String source);
    }

    private final TouchConfig config;
    private final SubscriberStateCodec codec;
    /** {@link TouchConfig#serviceWindow()} once: converting a duration on every call showed in profiles. */
    private final long serviceWindowMs;

    SubscriberUpdater(TouchConfig config) {
        this.config = config;
        this.codec = new SubscriberStateCodec(config);
        this.serviceWindowMs = config.serviceWindow().toMillis();
    }

    /** The subscriber stored as {@code raw}; a subscriber never seen ({@code raw == null}) is counted as new. */
    SubscriberState load(byte[] raw, Emitter out) {
        if (raw == null) {
            out.firstTouch(TouchpointOperator.POPULATION);
            return SubscriberState.empty(config);
        }
        return codec.decode(raw);
    }

    /** The subscriber's state as stored. */
    byte[] store(SubscriberState subscriber) {
        return codec.encode(subscriber);
    }

    /** Applies one event of the subscriber; events must come in event-time order. */
    void apply(PartyEvent event, SubscriberState subscriber, Emitter out) {
        switch (event.kind) {
            case PartyEvent.TOUCH_OUT, PartyEvent.TOUCH_IN -> onTouch(event, subscriber, out);
            case PartyEvent.CALLEE -> onCallee(event, subscriber, out);
            case PartyEvent.CALLER -> onCaller(event, subscriber, out);
            default -> throw new IllegalArgumentException("unknown party event kind " + event.kind);
        }
    }

    private void onTouch(PartyEvent event, SubscriberState subscriber, Emitter out) {
        String source = event.counterparty;
        if (subscriber.touch(source, event.timeMs)) {
            out.firstTouch(source);
        }
        boolean unregisteredNumber = source.startsWith("+");
        if (event.kind == PartyEvent.TOUCH_OUT && unregisteredNumber) {
            // Calling an unregistered business line back is how a call centre earns its callbacks.
            remember(ContactMemory.OUT, source, event, subscriber, out);
        }
    }

    private void onCallee(PartyEvent event, SubscriberState subscriber, Emitter out) {
        String caller = event.counterparty;
        ContactMemory memory = subscriber.memory();
        boolean calledThemBefore = memory.contains(ContactMemory.OUT, caller);
        boolean calledByThemBefore = memory.contains(ContactMemory.IN, caller);
        out.collect(enrich(event, subscriber.touchesBefore(event.timeMs),
                calledThemBefore || calledByThemBefore, serviceWindowMs));
        if (calledThemBefore) {
            out.collect(CallerEvent.reciprocation(caller, event.subscriber, event.timeMs));
        }
        if (event.answered && !event.sms) {
            memory.add(ContactMemory.IN, caller, config.contactBloomCapacity());
        }
    }

    private void onCaller(PartyEvent event, SubscriberState subscriber, Emitter out) {
        remember(ContactMemory.OUT, event.counterparty, event, subscriber, out);
    }

    private void remember(long direction, String number, PartyEvent event, SubscriberState subscriber, Emitter out) {
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
