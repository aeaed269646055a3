package org.leaktrace.caller;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.leaktrace.touch.CallerEvent;

/**
 * Hands the sequential-dialing pattern only the cold calls that make runs of small steps, so that
 * a caller who dials people rather than a number range costs the pattern nothing.
 *
 * <p>Every cold call used to open a partial match in the pattern, wait in its buffer and set a
 * timer, though the next call nearly always ended it: 15 % of a replay's CPU samples
 * (BENCHMARKS.md, "The sequential-dialing pattern behind a gate"). Here a call costs one small
 * state entry per caller: the last cold call's time and number, and whether it was handed on.
 *
 * <p>The pattern needs strict contiguity: a call that breaks a run must end the run's partial
 * matches. Calls arrive in event-time order (an {@code EventTimeOrder} in front, always on: the
 * pattern waits for the watermark anyway, so it adds no latency). A call a small step from the
 * caller's last cold call, less than the window after it, is handed on. If that last call was
 * not handed on, it is handed on first, after a {@link #runBreak marker} that is not a cold call
 * and so ends any partial match the pattern still holds from an earlier run, as the calls between
 * the runs would have. Calls outside runs are not handed on. A run's first call is thus handed on
 * at the time of its second call, and the pattern checks its window on the calls' own times
 * ({@link SequentialDialingPattern}). A late call (at or behind the watermark) passes through
 * untouched, as it reached the pattern before, which drops it, and does not change the state.
 * The entry leaves one window after the caller's last cold call, by one timer per caller at a time.
 */
public final class SequentialDialingGate extends KeyedProcessFunction<String, CallerEvent, CallerEvent> {
    private static final long serialVersionUID = 1L;

    /** The marker's signal name; the pattern never matches it. */
    public static final String RUN_BREAK = "run_break";
    private static final int TIME = 0;
    private static final int NUMBER = 1;
    private static final int HANDED_ON = 2;

    private final long maxStep;
    private final long windowMs;
    /** The caller's last cold call: {time, numeric value of the callee, 1 if handed on}. */
    private transient ValueState<long[]> last;

    public SequentialDialingGate(CallerConfig config) {
        this.maxStep = config.sequentialMaxStep();
        this.windowMs = config.burstWindow().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        last = getRuntimeContext().getState(new ValueStateDescriptor<>(
                "sequential-dialing-last-call", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(CallerEvent e, Context ctx, Collector<CallerEvent> out) throws Exception {
        if (ctx.timestamp() != null && ctx.timestamp() <= ctx.timerService().currentWatermark()) {
            out.collect(e);
            return;
        }
        long number = SequentialDialingPattern.numeric(e.counterparty);
        long[] previous = last.value();
        boolean handOn = previous != null
                && e.timeMs - previous[TIME] < windowMs
                && SequentialDialingPattern.smallStep(previous[NUMBER], number, maxStep);
        if (handOn && previous[HANDED_ON] == 0) {
            out.collect(runBreak(e.caller, previous[TIME]));
            out.collect(firstCall(e.caller, previous[TIME], previous[NUMBER]));
        }
        if (handOn) {
            out.collect(e);
        }
        if (previous == null) {
            ctx.timerService().registerEventTimeTimer(e.timeMs + windowMs);
            previous = new long[3];
        }
        previous[TIME] = e.timeMs;
        previous[NUMBER] = number;
        previous[HANDED_ON] = handOn ? 1 : 0;
        last.update(previous);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CallerEvent> out) throws Exception {
        long[] previous = last.value();
        if (previous == null) {
            return;
        }
        if (previous[TIME] + windowMs <= timestamp) {
            last.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(previous[TIME] + windowMs);
        }
    }

    /** Not a cold call, so it ends every partial match of the pattern, as a call between runs did. */
    static CallerEvent runBreak(String caller, long timeMs) {
        return CallerEvent.signal(caller, RUN_BREAK, timeMs);
    }

    /** A run's first call as the pattern reads it: the callee's numeric value and the call's time. */
    private static CallerEvent firstCall(String caller, long timeMs, long number) {
        CallerEvent e = new CallerEvent();
        e.kind = CallerEvent.CALL;
        e.caller = caller;
        e.counterparty = "+" + number;
        e.timeMs = timeMs;
        return e;
    }
}
