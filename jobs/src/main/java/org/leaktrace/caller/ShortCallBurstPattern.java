package org.leaktrace.caller;

import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.util.Collector;
import org.leaktrace.touch.CallerEvent;

/**
 * {@code short_call_burst}: many short or unanswered cold calls to distinct numbers in a short
 * time, keyed by caller.
 *
 * <p>Fed only with short cold calls, and of those only the ones a burst could use
 * ({@link ShortCallBurstGate}), so the pattern state stays small. Each match ends the partial
 * matches it overlaps (skip past last event), so a long burst signals once per block rather than
 * once per call. The gate may hand on a call at the time of a later one, so the window is
 * checked on the calls' own times, as {@code within} does on an ungated stream.
 */
public final class ShortCallBurstPattern extends PatternProcessFunction<CallerEvent, CallerEvent> {
    private static final long serialVersionUID = 1L;

    /** Signal name. */
    public static final String SIGNAL = "short_call_burst";
    private static final String CALLS = "calls";

    /** At least {@code burstCalls} short cold calls to distinct callees within {@code burstWindow}. */
    public static Pattern<CallerEvent, ?> pattern(CallerConfig config) {
        return Pattern.<CallerEvent>begin(CALLS, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new ShortColdToNewCallee(config.shortCallSeconds(), config.burstWindow().toMillis()))
                .times(config.burstCalls())
                .within(config.burstWindow());
    }

    @Override
    public void processMatch(Map<String, List<CallerEvent>> match, Context ctx, Collector<CallerEvent> out) {
        List<CallerEvent> calls = match.get(CALLS);
        CallerEvent last = calls.get(calls.size() - 1);
        out.collect(CallerEvent.signal(last.caller, SIGNAL, last.timeMs));
    }

    /**
     * A short or unanswered cold call to a callee not already in the partial match, less than the
     * window after the match's first call (as {@code within} times a match out).
     */
    static final class ShortColdToNewCallee extends IterativeCondition<CallerEvent> {
        private static final long serialVersionUID = 1L;
        private final int shortCallSeconds;
        private final long windowMs;

        ShortColdToNewCallee(int shortCallSeconds, long windowMs) {
            this.shortCallSeconds = shortCallSeconds;
            this.windowMs = windowMs;
        }

        @Override
        public boolean filter(CallerEvent e, Context<CallerEvent> ctx) throws Exception {
            if (!e.isColdCall() || (e.answered && e.durationS >= shortCallSeconds)) {
                return false;
            }
            boolean first = true;
            for (CallerEvent earlier : ctx.getEventsForPattern(CALLS)) {
                if ((first && e.timeMs - earlier.timeMs >= windowMs) || earlier.counterparty.equals(e.counterparty)) {
                    return false;
                }
                first = false;
            }
            return true;
        }
    }
}
