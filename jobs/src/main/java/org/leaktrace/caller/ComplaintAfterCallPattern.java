package org.leaktrace.caller;

import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;
import org.leaktrace.touch.CallerEvent;

/**
 * {@code complaint_after_call}: a cold call X→R followed by a complaint from R about X within
 * the pattern's window ({@link CallerConfig#complaintPatternWindow()}), keyed by the callee R.
 *
 * <p>A complaint that follows a real call from the number is much stronger evidence than one
 * that cannot be tied to any call. Keyed by the callee, not by the pair: most pairs see one call,
 * so a pair key opened an NFA, an element queue and a timer for nearly every cold call and made
 * this pattern two thirds of all checkpointed state (BENCHMARKS.md). A callee receives few cold
 * calls in a window, so the condition that compares a complaint with each pending call is cheap.
 * Its input comes through the {@link ComplaintGate}: only a complaint and the calls it could
 * follow, so the pattern holds calls only of callees who complained.
 */
public final class ComplaintAfterCallPattern extends PatternProcessFunction<ReportedPairEvent, CallerEvent> {
    private static final long serialVersionUID = 1L;

    /** Signal name. */
    public static final String SIGNAL = "complaint_after_call";
    private static final String CALL = "call";
    private static final String COMPLAINT = "complaint";

    /**
     * A call, then (not necessarily next) a complaint about the same caller, within
     * {@code complaintPatternWindow}.
     *
     * <p>No skip after a match: a match must not discard the pending calls of other callers to
     * the same callee. Several calls from the reported number match the one complaint several
     * times; the signal is a flag on the caller's profile, so repeats change nothing.
     */
    public static Pattern<ReportedPairEvent, ?> pattern(CallerConfig config) {
        return Pattern.<ReportedPairEvent>begin(CALL, AfterMatchSkipStrategy.noSkip())
                .where(SimpleCondition.of(e -> !e.complaint))
                .followedBy(COMPLAINT)
                .where(new AboutTheCaller(config.complaintPatternWindow().toMillis()))
                .within(config.complaintPatternWindow());
    }

    @Override
    public void processMatch(Map<String, List<ReportedPairEvent>> match, Context ctx, Collector<CallerEvent> out) {
        ReportedPairEvent complaint = match.get(COMPLAINT).get(0);
        out.collect(CallerEvent.signal(complaint.reported, SIGNAL, complaint.timeMs));
    }

    /**
     * Whether a complaint at {@code complaintMs} can follow a call at {@code callMs}: not before
     * it, and less than the window after it (as {@code within} times a match out). The gate
     * releases exactly the calls this allows.
     */
    static boolean canFollow(long callMs, long complaintMs, long windowMs) {
        return callMs <= complaintMs && complaintMs - callMs < windowMs;
    }

    /**
     * A complaint about the number that made the call this partial match began with, within the
     * window of the call's own time: the {@link ComplaintGate} hands calls over at the complaint's
     * time, so the stream's timestamps no longer say when the call was made.
     */
    static final class AboutTheCaller extends IterativeCondition<ReportedPairEvent> {
        private static final long serialVersionUID = 1L;
        private final long windowMs;

        AboutTheCaller(long windowMs) {
            this.windowMs = windowMs;
        }

        @Override
        public boolean filter(ReportedPairEvent e, Context<ReportedPairEvent> ctx) throws Exception {
            if (!e.complaint) {
                return false;
            }
            for (ReportedPairEvent call : ctx.getEventsForPattern(CALL)) {
                if (call.caller == e.caller && canFollow(call.timeMs, e.timeMs, windowMs)) {
                    return true;
                }
            }
            return false;
        }
    }
}
