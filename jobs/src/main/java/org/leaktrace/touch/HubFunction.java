package org.leaktrace.touch;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.leaktrace.pipeline.StateTtl;
import org.leaktrace.pipeline.Swept;

/**
 * Recognises unlisted businesses on mobile numbers and turns their calls into touches.
 *
 * <p>A mobile number is a person until shown otherwise, so calls to and from it are
 * person-to-person and teach no touchpoint: a renovation firm or a property agent working from a
 * mobile would never be a candidate source. What sets such a number apart is how many distinct
 * people call it and talk for a while: a person has a handful of contacts who call, a business
 * has its customers. Keyed by the counterparty of each party event, this function keeps, per
 * mobile number, the first distinct inbound callers (answered voice calls of at least {@link
 * TouchConfig#hubMinCallSeconds()}) with the minute of their first such call. Once {@link
 * TouchConfig#hubMinCallers()} distinct callers are reached the number is a hub: the callers
 * kept are replayed as {@link PartyEvent#TOUCH_OUT} at their own times (so the customers who
 * made it a hub are not lost), the buffer is dropped, and from then on calls to it are
 * TOUCH_OUT of the caller and its calls and texts are {@link PartyEvent#TOUCH_IN} of the callee.
 *
 * <p>State per number: the minute of the first kept call, then one long per kept caller (its
 * digits in the high 44 bits, minutes since the first kept call in the low 20): 31 longs at the
 * default of 30, 245 bytes in a checkpoint ({@link HubCallersSerializer}); once the number is a
 * hub, a single flag. It lives as long as subscriber state. Callers with more than 13 digits
 * (rare foreign numbers) are not counted. Victims calling a one-ring number back hang up within
 * seconds, so a campaign number does not become a hub; spam callers' calls stay callee views for
 * the caller side. Touch events and events about other kinds of numbers pass through unchanged.
 */
public final class HubFunction extends KeyedProcessFunction<String, PartyEvent, PartyEvent> implements Swept {
    private static final long serialVersionUID = 1L;

    /** Largest allowed {@link TouchConfig#hubMinCallers()}: bounds the per-number buffer. */
    public static final int MAX_MIN_CALLERS = 36;

    private static final long MINUTE_MS = 60_000L;
    /** Low bits of a kept caller: minutes after the first kept call (two years at most). */
    private static final int MINUTE_BITS = 20;
    private static final long MAX_MINUTE_OFFSET = (1L << MINUTE_BITS) - 1;
    /** High bits of a kept caller: its E.164 digits, 13 digits at most ({@literal < 2^44}). */
    private static final long MAX_PACKED_NUMBER = 1L << (64 - MINUTE_BITS);

    private final TouchConfig config;
    private transient ValueState<Boolean> hub;
    private transient ValueState<long[]> callers;
    private transient List<StateDescriptor<?, ?>> swept;

    public HubFunction(TouchConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtl.refreshedOnWrite(config.subscriberTtl());
        ValueStateDescriptor<Boolean> hubDescriptor = new ValueStateDescriptor<>("hub", Types.BOOLEAN);
        hubDescriptor.enableTimeToLive(ttl);
        ValueStateDescriptor<long[]> callersDescriptor =
                new ValueStateDescriptor<>("hub-callers", HubCallersSerializer.TYPE);
        callersDescriptor.enableTimeToLive(ttl);
        hub = getRuntimeContext().getState(hubDescriptor);
        callers = getRuntimeContext().getState(callersDescriptor);
        swept = List.of(hubDescriptor, callersDescriptor);
    }

    @Override
    public List<StateDescriptor<?, ?>> sweptStates() {
        return swept;
    }

    @Override
    public void processElement(PartyEvent event, Context ctx, Collector<PartyEvent> out) throws Exception {
        boolean personToPerson = event.kind == PartyEvent.CALLEE || event.kind == PartyEvent.CALLER;
        if (!personToPerson || config.sourceKinds().kind(event.counterparty) != NumberKind.MOBILE) {
            out.collect(event);
            return;
        }
        if (Boolean.TRUE.equals(hub.value())) {
            byte kind = event.kind == PartyEvent.CALLER ? PartyEvent.TOUCH_OUT : PartyEvent.TOUCH_IN;
            out.collect(PartyEvent.touch(kind, event.subscriber, event.counterparty, event.timeMs));
            return;
        }
        if (event.kind == PartyEvent.CALLER && countsTowardsHub(event) && addCaller(event, out)) {
            return;
        }
        out.collect(event);
    }

    private boolean countsTowardsHub(PartyEvent callerView) {
        return callerView.answered && !callerView.sms && callerView.durationS >= config.hubMinCallSeconds();
    }

    /** Adds the caller; returns true when that made the number a hub (the event is then replayed). */
    private boolean addCaller(PartyEvent callerView, Collector<PartyEvent> out) throws Exception {
        long number = pack(callerView.subscriber);
        if (number < 0 || number >= MAX_PACKED_NUMBER) {
            return false;
        }
        long minute = Math.floorDiv(callerView.timeMs, MINUTE_MS);
        long[] kept = callers.value();
        if (kept == null || kept.length == 0) {
            kept = new long[] {minute};
        }
        long base = kept[0];
        for (int i = 1; i < kept.length; i++) {
            if (kept[i] >>> MINUTE_BITS == number) {
                return false;
            }
        }
        long offset = Math.max(0, Math.min(MAX_MINUTE_OFFSET, minute - base));
        kept = Arrays.copyOf(kept, kept.length + 1);
        kept[kept.length - 1] = number << MINUTE_BITS | offset;
        if (kept.length - 1 < config.hubMinCallers()) {
            callers.update(kept);
            return false;
        }
        hub.update(true);
        callers.clear();
        for (int i = 1; i < kept.length; i++) {
            long time = i == kept.length - 1
                    ? callerView.timeMs
                    : (base + (kept[i] & MAX_MINUTE_OFFSET)) * MINUTE_MS;
            out.collect(PartyEvent.touch(
                    PartyEvent.TOUCH_OUT, unpack(kept[i] >>> MINUTE_BITS), callerView.counterparty, time));
        }
        return true;
    }

    /**
     * The digits of an E.164 number as a long, or -1 when it is not one (at most 15 digits): one
     * long per number, exact, where a number must be kept or compared cheaply.
     */
    public static long pack(String e164) {
        if (e164 == null || e164.length() < 2 || e164.length() > 16 || e164.charAt(0) != '+' || e164.charAt(1) == '0') {
            return -1;
        }
        long value = 0;
        for (int i = 1; i < e164.length(); i++) {
            char c = e164.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static String unpack(long packed) {
        return "+" + packed;
    }
}
