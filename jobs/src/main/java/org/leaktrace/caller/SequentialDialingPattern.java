package org.leaktrace.caller;

import java.util.Iterator;
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
 * {@code sequential_dialing}: consecutive cold calls to numbers a small step apart, keyed by
 * caller — a dialler walking a number range rather than a list of people.
 */
public final class SequentialDialingPattern extends PatternProcessFunction<CallerEvent, CallerEvent> {
    private static final long serialVersionUID = 1L;

    /** Signal name. */
    public static final String SIGNAL = "sequential_dialing";
    private static final String FIRST = "first";
    private static final String STEPS = "steps";

    /** {@code sequentialCalls} strictly consecutive cold calls, each |step| <= maxStep, within the burst window. */
    public static Pattern<CallerEvent, ?> pattern(CallerConfig config) {
        return Pattern.<CallerEvent>begin(FIRST, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(CallerEvent::isColdCall))
                .next(STEPS)
                .where(new SmallStep(config.sequentialMaxStep()))
                .times(config.sequentialCalls() - 1)
                .consecutive()
                .within(config.burstWindow());
    }

    @Override
    public void processMatch(Map<String, List<CallerEvent>> match, Context ctx, Collector<CallerEvent> out) {
        List<CallerEvent> steps = match.get(STEPS);
        CallerEvent last = steps.get(steps.size() - 1);
        out.collect(CallerEvent.signal(last.caller, SIGNAL, last.timeMs));
    }

    /** The numeric value of an E.164 number, or -1 when it is not all digits or too long. */
    static long numeric(String e164) {
        String digits = e164.startsWith("+") ? e164.substring(1) : e164;
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    /** A cold call whose callee is a small non-zero step from the previous callee of the match. */
    static final class SmallStep extends IterativeCondition<CallerEvent> {
        private static final long serialVersionUID = 1L;
        private final long maxStep;

        SmallStep(long maxStep) {
            this.maxStep = maxStep;
        }

        @Override
        public boolean filter(CallerEvent e, Context<CallerEvent> ctx) throws Exception {
            if (!e.isColdCall()) {
                return false;
            }
            CallerEvent previous = last(ctx.getEventsForPattern(STEPS));
            if (previous == null) {
                previous = last(ctx.getEventsForPattern(FIRST));
            }
            if (previous == null) {
                return false;
            }
            long a = numeric(previous.counterparty);
            long b = numeric(e.counterparty);
            long step = Math.abs(b - a);
            return a >= 0 && b >= 0 && step > 0 && step <= maxStep;
        }

        private static CallerEvent last(Iterable<CallerEvent> events) {
            CallerEvent last = null;
            Iterator<CallerEvent> it = events.iterator();
            while (it.hasNext()) {
                last = it.next();
            }
            return last;
        }
    }
}
