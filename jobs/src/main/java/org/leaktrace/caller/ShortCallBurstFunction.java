package org.leaktrace.caller;

import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.leaktrace.touch.CallerEvent;
import org.leaktrace.touch.ContactMemory;
import org.leaktrace.touch.HubFunction;

/**
 * {@code short_call_burst}: {@code burstCalls} short or unanswered cold calls to distinct callees
 * within {@code burstWindow}, keyed by caller, counted without an NFA.
 *
 * <p>This was a CEP pattern (a short cold call to a callee not yet in the match, {@code
 * times(burstCalls)}, {@code within(burstWindow)}, skip past last event). Every short cold call
 * opened a partial match, waited in the pattern's buffer and set a timer: about 9 % of a heap
 * replay's CPU and 36 % of a RocksDB replay's, where each of those is a map-state write and
 * delete (BENCHMARKS.md, "The short-call burst counted without CEP"). A burst is a count in a
 * window, not a sequence, so it needs none of that: one small state entry per caller.
 *
 * <p>The calls come in event-time order (an {@code EventTimeOrder} in front, always on: the
 * pattern waited for the watermark as well, so this adds no latency), and this signals where the
 * pattern did, at the same call. The pattern started a partial match at every short cold call;
 * each took every later call to a callee new to it, until a window after its first call. A
 * partial match started earlier holds at least as many callees as one started later, so the
 * earliest one still in its window is the first to complete, and the burst is there when it holds
 * {@code burstCalls} callees. A call to a callee called before in the window makes the partial
 * match started at that earlier call no different from the next one's, except that it times out
 * sooner; so that earlier call can be forgotten. What is kept is therefore the window's calls
 * to distinct callees, each at its latest call, at most {@code burstCalls - 1} of them: a
 * burst is there when the call coming in makes {@code burstCalls}. The match then ended every
 * partial match (skip past last event), and this forgets every call. {@code
 * CallerPatternsITCase} compares the two on random dialling, signal times and emission times.
 * One difference is by design: the pattern took a caller's calls of the same millisecond in the
 * order they arrived, which varied from run to run, and the order in front takes them by content
 * ({@code CallerEvent.TIES}), so where such a tie completes a burst, which of the two calls
 * starts the next count is the same on every run.
 *
 * <p>The window is on the records' timestamps, as the pattern's was, and a call at or behind the
 * watermark, or without a timestamp, is dropped and counted ({@code lateCallsDropped}), as the
 * pattern dropped it. Callees are compared by number: the digits of an E.164 number, exactly, or
 * a 63-bit hash of any other text (a missing callee as the empty text). The entry leaves one
 * window after the caller's last short cold call, by its first call's timer, which moves on to
 * the last call's time while calls are kept.
 */
public final class ShortCallBurstFunction extends KeyedProcessFunction<String, CallerEvent, CallerEvent> {
    private static final long serialVersionUID = 1L;

    /** Signal name. */
    public static final String SIGNAL = "short_call_burst";
    private static final long OTHER_TEXT_SEED = 0x2545f4914f6cdd1dL;

    private final int burstCalls;
    private final long windowMs;
    private final int shortCallSeconds;
    /** The window's calls to distinct callees in time order: {time, callee, time, callee, ...}. */
    private transient ValueState<long[]> recent;
    private transient Counter lateCallsDropped;

    public ShortCallBurstFunction(CallerConfig config) {
        this.burstCalls = config.burstCalls();
        this.windowMs = config.burstWindow().toMillis();
        this.shortCallSeconds = config.shortCallSeconds();
    }

    @Override
    public void open(OpenContext openContext) {
        recent = getRuntimeContext().getState(new ValueStateDescriptor<>(
                "short-call-burst-recent", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        lateCallsDropped = getRuntimeContext().getMetricGroup().counter("lateCallsDropped");
    }

    @Override
    public void processElement(CallerEvent e, Context ctx, Collector<CallerEvent> out) throws Exception {
        if (!counts(e, shortCallSeconds)) {
            return;
        }
        Long timestamp = ctx.timestamp();
        if (timestamp == null || timestamp <= ctx.timerService().currentWatermark()) {
            lateCallsDropped.inc();
            return;
        }
        long time = timestamp;
        long callee = calleeId(e.counterparty);
        long[] before = recent.value();
        int kept = before == null ? 0 : before.length / 2;
        long[] now = new long[2 * (kept + 1)];
        int n = 0;
        for (int i = 0; i < kept; i++) {
            long t = before[2 * i];
            if (time - t < windowMs && before[2 * i + 1] != callee) {
                now[2 * n] = t;
                now[2 * n + 1] = before[2 * i + 1];
                n++;
            }
        }
        now[2 * n] = time;
        now[2 * n + 1] = callee;
        n++;
        if (n >= burstCalls) {
            out.collect(CallerEvent.signal(e.caller, SIGNAL, e.timeMs));
            recent.clear();
            return;
        }
        if (before == null) {
            ctx.timerService().registerEventTimeTimer(time + windowMs);
        }
        recent.update(n == kept + 1 ? now : Arrays.copyOf(now, 2 * n));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CallerEvent> out) throws Exception {
        long[] calls = recent.value();
        if (calls == null) {
            return;
        }
        long latest = calls[calls.length - 2];
        if (latest + windowMs <= timestamp) {
            recent.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(latest + windowMs);
        }
    }

    /**
     * Whether a call counts towards a burst: a short or unanswered cold call. The stage filters
     * the calls it hands this function with the same test, so that the rest never reach it.
     */
    static boolean counts(CallerEvent e, int shortCallSeconds) {
        return e.isColdCall() && (!e.answered || e.durationS < shortCallSeconds);
    }

    /** The callee as compared: an E.164 number's digits, or a hash with the sign bit set of any other text. */
    static long calleeId(String number) {
        long digits = HubFunction.pack(number);
        return digits >= 0 ? digits : ContactMemory.hash(OTHER_TEXT_SEED, number == null ? "" : number) | Long.MIN_VALUE;
    }
}
