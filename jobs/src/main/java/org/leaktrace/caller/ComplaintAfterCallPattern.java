package org.leaktrace.caller;

import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;
import org.leaktrace.touch.CallerEvent;

/**
 * {@code complaint_after_call}: a cold call X→R followed by a complaint from R about X within
 * the complaint window, keyed by the pair (X, R).
 *
 * <p>Input: cold calls and complaints that name their reporter, both as {@link CallerEvent}s
 * whose {@code caller} is X and {@code counterparty} is R. A complaint that follows a real call
 * from the number is much stronger evidence than one that cannot be tied to any call.
 */
public final class ComplaintAfterCallPattern extends PatternProcessFunction<CallerEvent, CallerEvent> {
    private static final long serialVersionUID = 1L;

    /** Signal name. */
    public static final String SIGNAL = "complaint_after_call";
    private static final String CALL = "call";
    private static final String COMPLAINT = "complaint";

    /** A call, then (not necessarily next) a complaint, within {@code complaintWindow}. */
    public static Pattern<CallerEvent, ?> pattern(CallerConfig config) {
        return Pattern.<CallerEvent>begin(CALL, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> e.kind == CallerEvent.CALL))
                .followedBy(COMPLAINT)
                .where(SimpleCondition.of(e -> e.kind == CallerEvent.COMPLAINT))
                .within(config.complaintWindow());
    }

    /**
     * The part of a call or complaint the pattern reads: kind, pair and time.
     *
     * <p>The pattern keeps every cold call for the whole complaint window, one entry per pair, and
     * was more than half of all checkpointed state (BENCHMARKS.md) while it carried each call's
     * touchpoints, which it never reads.
     */
    public static CallerEvent slim(CallerEvent e) {
        CallerEvent slim = new CallerEvent();
        slim.kind = e.kind;
        slim.caller = e.caller;
        slim.counterparty = e.counterparty;
        slim.timeMs = e.timeMs;
        return slim;
    }

    @Override
    public void processMatch(Map<String, List<CallerEvent>> match, Context ctx, Collector<CallerEvent> out) {
        CallerEvent complaint = match.get(COMPLAINT).get(0);
        out.collect(CallerEvent.signal(complaint.caller, SIGNAL, complaint.timeMs));
    }
}
