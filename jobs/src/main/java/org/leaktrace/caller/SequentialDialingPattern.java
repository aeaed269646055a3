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
 *
 * <p>It is fed by {@link SequentialDialingGate}, which hands on only the calls of runs and may
 * hand on a run's first call at the time of its second; so the window is checked on the calls'
 * own times, which is what the pattern's {@code within} does on an ungated stream.
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
                .where(new SmallStep(config.sequentialMaxStep(), config.burstWindow().toMillis()))
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

    /**
     * The numeric value of an E.164 number (ASCII digits after an optional {@code +}), or -1 when
     * it is not all digits, empty or longer than 18 digits. Read in place: the gate asks it of
     * every cold call.
     */
    static long numeric(String e164) {
        if (e164 == null) {
            return -1;
        }
        int start = e164.startsWith("+") ? 1 : 0;
        int digits = e164.length() - start;
        if (digits == 0 || digits > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < e164.length(); i++) {
            char c = e164.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Whether {@code b} follows {@code a} (values of {@link #numeric}) as a run's next number. */
    static boolean smallStep(long a, long b, long maxStep) {
        long step = Math.abs(b - a);
        return a >= 0 && b >= 0 && step > 0 && step <= maxStep;
    }

    /**
     * A cold call whose callee is a small non-zero step from the previous callee of the match,
     * less than the window after the match's first call (as {@code within} times a match out).
     */
    static final class SmallStep extends IterativeCondition<CallerEvent> {
        private static final long serialVersionUID = 1L;
        private final long maxStep;
        private final long windowMs;

        SmallStep(long maxStep, long windowMs) {
            this.maxStep = maxStep;
            this.windowMs = windowMs;
        }

        @Override
        public boolean filter(CallerEvent e, Context<CallerEvent> ctx) throws Exception {
            if (!e.isColdCall()) {
                return false;
            }
            CallerEvent first = last(ctx.getEventsForPattern(FIRST));
            if (first == null || e.timeMs - first.timeMs >= windowMs) {
                return false;
            }
            CallerEvent previous = last(ctx.getEventsForPattern(STEPS));
            if (previous == null) {
                previous = first;
            }
            return smallStep(numeric(previous.counterparty), numeric(e.counterparty), maxStep);
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
