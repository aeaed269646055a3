package org.leaktrace.caller;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Holds a callee's cold calls of the last {@code complaintPatternWindow} as 16 bytes each and
 * hands them to the complaint-after-call pattern only when that callee complains.
 *
 * <p>Keyed by the callee's hash, as the pattern is. Nearly every cold call is never followed by a
 * complaint, yet the pattern opened a partial match, buffered the call and set two timers for
 * each: 18 % of a replay's CPU samples and the largest item of the checkpoint in a world's first
 * days (BENCHMARKS.md, "Three costs removed"). Here a call is two longs appended to the callee's
 * array, and a complaint, once the watermark has passed it (so every call before it has arrived),
 * releases the calls that could precede it within the window, then itself, all at the complaint's
 * time; the pattern matches them as it matched the stream and compares the calls' own times
 * ({@link ComplaintAfterCallPattern}). Released calls leave the array: their partial matches live
 * on in the pattern, so a later complaint about them still matches and a call is never matched
 * twice. Calls that no complaint can reach any more are dropped by one timer per callee at a time.
 */
public final class ComplaintGate extends KeyedProcessFunction<Long, ReportedPairEvent, ReportedPairEvent> {
    private static final long serialVersionUID = 1L;

    private final long windowMs;
    private final TypeInformation<ReportedPairEvent> type;
    /** Pending calls as (caller hash, time) pairs, in arrival order. */
    private transient ValueState<long[]> calls;
    private transient ListState<ReportedPairEvent> complaints;

    public ComplaintGate(CallerConfig config, TypeInformation<ReportedPairEvent> type) {
        this.windowMs = config.complaintPatternWindow().toMillis();
        this.type = type;
    }

    @Override
    public void open(OpenContext openContext) {
        calls = getRuntimeContext().getState(new ValueStateDescriptor<>(
                "complaint-gate-calls", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        complaints = getRuntimeContext().getListState(
                new ListStateDescriptor<>("complaint-gate-complaints", type));
    }

    @Override
    public void processElement(ReportedPairEvent e, Context ctx, Collector<ReportedPairEvent> out)
            throws Exception {
        if (e.complaint) {
            complaints.add(e);
            ctx.timerService().registerEventTimeTimer(e.timeMs);
            return;
        }
        long[] pending = calls.value();
        if (pending == null) {
            pending = new long[0];
            ctx.timerService().registerEventTimeTimer(e.timeMs + windowMs);
        }
        long[] grown = Arrays.copyOf(pending, pending.length + 2);
        grown[pending.length] = e.caller;
        grown[pending.length + 1] = e.timeMs;
        calls.update(grown);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReportedPairEvent> out)
            throws Exception {
        long[] pending = calls.value();
        List<ReportedPairEvent> due = new ArrayList<>();
        List<ReportedPairEvent> later = new ArrayList<>();
        for (ReportedPairEvent c : complaints.get()) {
            (c.timeMs <= timestamp ? due : later).add(c);
        }
        if (!due.isEmpty()) {
            due.sort((a, b) -> Long.compare(a.timeMs, b.timeMs));
            for (ReportedPairEvent complaint : due) {
                pending = release(pending, ctx.getCurrentKey(), complaint.timeMs, out);
                out.collect(complaint);
            }
            complaints.update(later);
        }
        pending = dropExpired(pending, timestamp);
        if (pending == null) {
            calls.clear();
        } else {
            calls.update(pending);
            ctx.timerService().registerEventTimeTimer(oldest(pending) + windowMs);
        }
    }

    /** Emits the calls a complaint at {@code complaintMs} could follow; returns the rest, or null. */
    private long[] release(
            long[] pending, long callee, long complaintMs, Collector<ReportedPairEvent> out) {
        if (pending == null) {
            return null;
        }
        long[] kept = new long[pending.length];
        int n = 0;
        for (int i = 0; i < pending.length; i += 2) {
            long timeMs = pending[i + 1];
            if (ComplaintAfterCallPattern.canFollow(timeMs, complaintMs, windowMs)) {
                ReportedPairEvent call = new ReportedPairEvent();
                call.caller = pending[i];
                call.callee = callee;
                call.timeMs = timeMs;
                out.collect(call);
            } else {
                kept[n++] = pending[i];
                kept[n++] = timeMs;
            }
        }
        return n == 0 ? null : Arrays.copyOf(kept, n);
    }

    /** The calls no complaint after {@code watermarkMs} can follow within the window removed; null if none is left. */
    private long[] dropExpired(long[] pending, long watermarkMs) {
        if (pending == null) {
            return null;
        }
        long[] kept = new long[pending.length];
        int n = 0;
        for (int i = 0; i < pending.length; i += 2) {
            if (pending[i + 1] + windowMs > watermarkMs) {
                kept[n++] = pending[i];
                kept[n++] = pending[i + 1];
            }
        }
        return n == 0 ? null : Arrays.copyOf(kept, n);
    }

    private static long oldest(long[] pending) {
        long oldest = Long.MAX_VALUE;
        for (int i = 1; i < pending.length; i += 2) {
            oldest = Math.min(oldest, pending[i]);
        }
        return oldest;
    }
}
