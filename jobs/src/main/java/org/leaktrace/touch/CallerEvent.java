package org.leaktrace.touch;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.leaktrace.pipeline.EventTies;
import org.leaktrace.schema.Complaint;

/**
 * Everything the caller side learns about one caller number, keyed by {@link #caller}.
 *
 * <p>One type for all four kinds so they can be unioned into a single keyed operator; public
 * fields, serialized by {@link CallerEventSerializer} (a new field goes there too, with a test).
 * A CALL carries the callee's touchpoints that precede the call as three parallel arrays.
 */
@TypeInfo(CallerEventSerializer.Factory.class)
public final class CallerEvent {
    /** A call or SMS from {@code caller} to {@code counterparty}, enriched with the callee's touches. */
    public static final byte CALL = 0;
    /** {@code counterparty} called {@code caller} back, or {@code caller} called an acquaintance. */
    public static final byte RECIPROCATION = 1;
    /** {@code counterparty} (may be null) complained about {@code caller}; id in {@code recordId}. */
    public static final byte COMPLAINT = 2;
    /** A pattern matched on {@code caller}'s calls; its name in {@code signal}. */
    public static final byte SIGNAL = 3;

    /**
     * Ties of one event time: pattern signals first, so that the call that completed a pattern is
     * judged with it (the signal comes from that call, on another channel); then
     * reciprocations, calls and complaints; then by caller, counterparty, record and signal.
     */
    public static final EventTies<CallerEvent> TIES = (a, b) -> {
        int c = Integer.compare(tieRank(a.kind), tieRank(b.kind));
        if (c == 0) {
            c = EventTies.compareNullable(a.caller, b.caller);
        }
        if (c == 0) {
            c = EventTies.compareNullable(a.counterparty, b.counterparty);
        }
        if (c == 0) {
            c = EventTies.compareNullable(a.recordId, b.recordId);
        }
        return c != 0 ? c : EventTies.compareNullable(a.signal, b.signal);
    };

    public byte kind;
    public String caller;
    public String counterparty;
    public long timeMs;
    public String recordId;
    public boolean sms;
    public int durationS;
    public boolean answered;
    public String callerImei;
    public String cellId;
    /** The callee knew the caller already (one of them had called the other). */
    public boolean priorContact;
    /** The callee's last touch with one of {@link #touchSources} is within the service window. */
    public boolean inService;
    public String[] touchSources;
    public long[] touchFirstMs;
    public long[] touchLastMs;
    public String signal;

    public CallerEvent() {}

    /** The complaint as an event keyed by the reported number. */
    public static CallerEvent complaint(Complaint c) {
        CallerEvent e = new CallerEvent();
        e.kind = COMPLAINT;
        e.caller = c.getReportedNumber();
        e.counterparty = c.getReporter();
        e.timeMs = c.getReportedAt().toEpochMilli();
        e.recordId = c.getComplaintId();
        return e;
    }

    /** A reciprocation marker for {@code caller}, given by {@code subscriber}. */
    public static CallerEvent reciprocation(String caller, String subscriber, long timeMs) {
        CallerEvent e = new CallerEvent();
        e.kind = RECIPROCATION;
        e.caller = caller;
        e.counterparty = subscriber;
        e.timeMs = timeMs;
        return e;
    }

    /** A named pattern signal for {@code caller}. */
    public static CallerEvent signal(String caller, String signal, long timeMs) {
        CallerEvent e = new CallerEvent();
        e.kind = SIGNAL;
        e.caller = caller;
        e.signal = signal;
        e.timeMs = timeMs;
        return e;
    }

    private static int tieRank(byte kind) {
        return switch (kind) {
            case SIGNAL -> 0;
            case RECIPROCATION -> 1;
            case CALL -> 2;
            default -> 3;
        };
    }

    /** Whether this is a CALL to someone the caller had no prior contact with. */
    public boolean isColdCall() {
        return kind == CALL && !priorContact;
    }

    @Override
    public String toString() {
        return "CallerEvent[" + kind + " " + caller + " -> " + counterparty + " @" + timeMs
                + (signal == null ? "" : " " + signal) + (priorContact ? " prior" : "")
                + (inService ? " service" : "") + "]";
    }
}
