package org.leaktrace.touch;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.leaktrace.pipeline.EventTies;

/**
 * One subscriber's view of a call or SMS, keyed by that subscriber.
 *
 * <p>Public fields, serialized by {@link PartyEventSerializer} (a new field goes there too, with a
 * test). {@code counterparty} is the source key for touches and the other party for callee/caller
 * views; the call fields are only set on callee views, where the caller side needs them.
 */
@TypeInfo(PartyEventSerializer.Factory.class)
public final class PartyEvent {
    /** The subscriber contacted a source (called or texted it). */
    public static final byte TOUCH_OUT = 0;
    /** A source contacted the subscriber (its number called or its gateway texted). */
    public static final byte TOUCH_IN = 1;
    /** Someone who is not a source contacted the subscriber. */
    public static final byte CALLEE = 2;
    /** The subscriber contacted someone who is not a source. */
    public static final byte CALLER = 3;

    /**
     * Ties of one event time: by subscriber (so a subscriber's events stay together), kind,
     * counterparty and record.
     */
    public static final EventTies<PartyEvent> TIES = (a, b) -> {
        int c = EventTies.compareNullable(a.subscriber, b.subscriber);
        if (c == 0) {
            c = Byte.compare(a.kind, b.kind);
        }
        if (c == 0) {
            c = EventTies.compareNullable(a.counterparty, b.counterparty);
        }
        return c != 0 ? c : EventTies.compareNullable(a.recordId, b.recordId);
    };

    public byte kind;
    public String subscriber;
    public String counterparty;
    public long timeMs;
    public String recordId;
    public boolean sms;
    public int durationS;
    public boolean answered;
    public String callerImei;
    public String cellId;

    public PartyEvent() {}

    /** A touch of {@code source} by {@code subscriber}; {@code kind} is TOUCH_OUT or TOUCH_IN. */
    public static PartyEvent touch(byte kind, String subscriber, String source, long timeMs) {
        PartyEvent e = new PartyEvent();
        e.kind = kind;
        e.subscriber = subscriber;
        e.counterparty = source;
        e.timeMs = timeMs;
        return e;
    }

    @Override
    public String toString() {
        return "PartyEvent[" + kind + " " + subscriber + " <-> " + counterparty + " @" + timeMs + "]";
    }
}
