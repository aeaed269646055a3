package org.leaktrace.caller;

import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.leaktrace.touch.CallerEvent;

/**
 * Hands the short-call-burst pattern only the short cold calls that a burst could be made of: a
 * caller's calls are held until {@code burstCalls} of them fall within one window.
 *
 * <p>Every short cold call used to open a partial match in the pattern and wait in its buffer
 * for the window, with a timer, though most callers never make a burst (BENCHMARKS.md, "The
 * short-call-burst pattern behind a gate"). Here a caller's calls wait as (time, callee) pairs,
 * fewer than {@code burstCalls} of them at a time.
 *
 * <p>Calls arrive in event-time order (an {@code EventTimeOrder} in front, always on: the pattern
 * waits for the watermark anyway). A call less than the window after the last call handed on is
 * handed on. Otherwise it is held with the caller's calls of the window before it, and once
 * those number {@code burstCalls} they are all handed on, oldest first, at the time of the call
 * that completed them. The pattern thus sees the calls it saw before in the same order, less
 * calls that no burst contains: a burst's calls lie within one window, so the last of them finds
 * the others held or handed on, and a partial match the pattern holds could only take a call
 * that comes within the window of one handed on, which is handed on too. Calls handed on late
 * carry their own time, on which the pattern checks its window ({@link ShortCallBurstPattern}).
 * A late call (at or behind the watermark) passes through untouched, as it reached the pattern
 * before, which drops it, and does not change the state. The state leaves one window after the
 * caller's last call, by one timer per caller at a time.
 */
public final class ShortCallBurstGate extends KeyedProcessFunction<String, CallerEvent, CallerEvent> {
    private static final long serialVersionUID = 1L;

    private final int burstCalls;
    private final long windowMs;
    private transient ValueState<HeldCalls> state;

    public ShortCallBurstGate(CallerConfig config) {
        this.burstCalls = config.burstCalls();
        this.windowMs = config.burstWindow().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>(
                "short-call-burst-held", TypeInformation.of(HeldCalls.class)));
    }

    @Override
    public void processElement(CallerEvent e, Context ctx, Collector<CallerEvent> out) throws Exception {
        if (ctx.timestamp() != null && ctx.timestamp() <= ctx.timerService().currentWatermark()) {
            out.collect(e);
            return;
        }
        HeldCalls held = state.value();
        if (held == null) {
            held = new HeldCalls();
            ctx.timerService().registerEventTimeTimer(e.timeMs + windowMs);
        }
        held.lastCallMs = e.timeMs;
        if (e.timeMs - held.lastHandedOnMs < windowMs) {
            out.collect(e);
            held.lastHandedOnMs = e.timeMs;
        } else {
            held.dropBefore(e.timeMs - windowMs);
            if (held.size() + 1 >= burstCalls) {
                for (int i = 0; i < held.size(); i++) {
                    out.collect(shortCall(e.caller, held.timesMs[i], held.callees[i]));
                }
                out.collect(e);
                held.clear();
                held.lastHandedOnMs = e.timeMs;
            } else {
                held.add(e.timeMs, e.counterparty);
            }
        }
        state.update(held);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CallerEvent> out) throws Exception {
        HeldCalls held = state.value();
        if (held == null) {
            return;
        }
        if (held.lastCallMs + windowMs <= timestamp) {
            state.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(held.lastCallMs + windowMs);
        }
    }

    /** A held call as the pattern reads it: an unanswered cold call to {@code callee} at its own time. */
    private static CallerEvent shortCall(String caller, long timeMs, String callee) {
        CallerEvent e = new CallerEvent();
        e.kind = CallerEvent.CALL;
        e.caller = caller;
        e.counterparty = callee;
        e.timeMs = timeMs;
        return e;
    }

    /** A caller's held calls, oldest first, and the times of its last call and last call handed on. */
    public static final class HeldCalls {
        public long lastCallMs;
        public long lastHandedOnMs = Long.MIN_VALUE / 2;
        public long[] timesMs = new long[0];
        public String[] callees = new String[0];

        public HeldCalls() {}

        int size() {
            return timesMs.length;
        }

        void add(long timeMs, String callee) {
            int n = timesMs.length;
            timesMs = Arrays.copyOf(timesMs, n + 1);
            callees = Arrays.copyOf(callees, n + 1);
            timesMs[n] = timeMs;
            callees[n] = callee;
        }

        /** Drops the calls at or before {@code cutoffMs}: no burst with a later call contains them. */
        void dropBefore(long cutoffMs) {
            int from = 0;
            while (from < timesMs.length && timesMs[from] <= cutoffMs) {
                from++;
            }
            if (from > 0) {
                timesMs = Arrays.copyOfRange(timesMs, from, timesMs.length);
                callees = Arrays.copyOfRange(callees, from, callees.length);
            }
        }

        void clear() {
            timesMs = new long[0];
            callees = new String[0];
        }
    }
}
