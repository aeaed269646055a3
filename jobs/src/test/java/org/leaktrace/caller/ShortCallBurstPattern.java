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
 * The short-call burst as the CEP pattern that signalled it until {@link ShortCallBurstFunction}:
 * the reference the function is compared with ({@code CallerPatternsITCase}).
 *
 * <p>A short or unanswered cold call to a callee not already in the partial match, {@code
 * burstCalls} times within {@code burstWindow}. Each match ends the partial matches it overlaps
 * (skip past last event), so a long burst signals once per block rather than once per call.
 */
public final class ShortCallBurstPattern extends PatternProcessFunction<CallerEvent, CallerEvent> {
    private static final long serialVersionUID = 1L;

    /** Signal name. */
    public static final String SIGNAL = ShortCallBurstFunction.SIGNAL;
    private static final String CALLS = "calls";

    /** At least {@code burstCalls} short cold calls to distinct callees within {@code burstWindow}. */
    public static Pattern<CallerEvent, ?> pattern(CallerConfig config) {
        return Pattern.<CallerEvent>begin(CALLS, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new ShortColdToNewCallee(config.shortCallSeconds()))
                .times(config.burstCalls())
                .within(config.burstWindow());
    }

    @Override
    public void processMatch(Map<String, List<CallerEvent>> match, Context ctx, Collector<CallerEvent> out) {
        List<CallerEvent> calls = match.get(CALLS);
        CallerEvent last = calls.get(calls.size() - 1);
        out.collect(CallerEvent.signal(last.caller, SIGNAL, last.timeMs));
    }

    /** A short or unanswered cold call to a callee not already in the partial match. */
    static final class ShortColdToNewCallee extends IterativeCondition<CallerEvent> {
        private static final long serialVersionUID = 1L;
        private final int shortCallSeconds;

        ShortColdToNewCallee(int shortCallSeconds) {
            this.shortCallSeconds = shortCallSeconds;
        }

        @Override
        public boolean filter(CallerEvent e, Context<CallerEvent> ctx) throws Exception {
            if (!e.isColdCall() || (e.answered && e.durationS >= shortCallSeconds)) {
                return false;
            }
            for (CallerEvent earlier : ctx.getEventsForPattern(CALLS)) {
                if (earlier.counterparty.equals(e.counterparty)) {
                    return false;
                }
            }
            return true;
        }
    }
}
