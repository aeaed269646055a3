package org.leaktrace.caller;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.leaktrace.pipeline.StateBytesSerializer;
import org.leaktrace.pipeline.StateTtl;
import org.leaktrace.pipeline.Swept;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;
import org.leaktrace.schema.internal.CallerRisk;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;
import org.leaktrace.touch.CallerEvent;

/**
 * Profiles each caller number and hands the cold contacts of risky callers to attribution.
 *
 * <p>Keyed by caller. In a bounded run it is fed in event-time order by an {@link
 * org.leaktrace.pipeline.EventTimeOrder} in front of it (one time's signals before its calls,
 * complaints after them): the calls a complaint is about have been applied when it comes, even when
 * complaints and calls come from sources read at different speeds, and the outcome does not depend
 * on how the upstream subtasks interleave. Each event updates the profile at once; a complaint is
 * matched against the caller's recent callees. A live stream takes its input as it comes ({@code
 * ordered} false): then complaints wait for the watermark to pass them before they are matched, as
 * do the complaints a savepoint of an older version holds as pending. While a caller is not risky
 * its recent cold contacts are buffered (bounded, in a compact {@link ContactBuffer}), unless it
 * scores as plainly legitimate ({@link CallerConfig#bufferMinScore()}); when it becomes risky a
 * {@code CALLER_RISK} goes out followed by the buffered contacts, and from then on each cold
 * contact goes out at once. A risky caller's profile is re-sent when it changes materially; if it
 * falls below the threshold the update says so and contacts are buffered again, so consumers should
 * treat the latest {@code CALLER_RISK} as current. A fresh number that is not risky yet and has
 * made only cold calls also sends each cold contact as {@code EARLY_CONTACT}, with its profile, for
 * attribution to pool by source ({@link CallerConfig#earlyMaxCalls()}).
 *
 * <p>The earliest event time this operator has seen is kept in operator state (a union list, so
 * a restore at any parallelism takes the earliest of all subtasks): cold calls weigh less until
 * {@link CallerConfig#coldWarmUp()} after it, while contact memory is still filling.
 */
public final class CallerProfileFunction extends KeyedProcessFunction<String, CallerEvent, AttributionInput>
        implements CheckpointedFunction, Swept {
    private static final long serialVersionUID = 1L;
    /** Contacts a buffer may hold beyond the configured number before it is cut back. */
    static final int APPEND_SLACK = 16;

    private final CallerConfig config;
    private final boolean ordered;
    /** The config's durations in milliseconds, converted once: per call, the conversions showed in profiles. */
    private final long coldWarmUpMs;
    private final long bufferWindowMs;
    private transient ValueState<byte[]> profile;
    private transient ValueState<byte[]> buffer;
    /** Where buffered contacts were kept before {@link ContactBuffer}; read once per key, then cleared. */
    private transient ListState<VictimContact> legacyBuffer;
    private transient ListState<CallerEvent> pendingComplaints;
    private transient ListState<Long> historyStartState;
    private transient List<StateDescriptor<?, ?>> swept;
    /** The earliest event time seen, here or before a restore; {@code Long.MAX_VALUE} before any. */
    private transient long historyStartMs;

    /** A profile fed in event-time order, as in every bounded run. */
    public CallerProfileFunction(CallerConfig config) {
        this(config, true);
    }

    /**
     * @param ordered whether the input comes in event-time order; a live stream's does not, and
     *     then complaints wait for the watermark to pass them (so that the calls they are about
     *     have come) and the buffer is cut at the watermark
     */
    public CallerProfileFunction(CallerConfig config, boolean ordered) {
        this.config = config;
        this.ordered = ordered;
        this.coldWarmUpMs = config.coldWarmUpMs();
        this.bufferWindowMs = config.bufferWindow().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtl.refreshedOnWrite(config.callerTtl());
        ValueStateDescriptor<byte[]> profileDescriptor = bytesDescriptor("caller-profile", ttl);
        ValueStateDescriptor<byte[]> bufferDescriptor = bytesDescriptor("cold-contact-buffer", ttl);
        ListStateDescriptor<VictimContact> legacyDescriptor = legacyContactsDescriptor(ttl);
        profile = getRuntimeContext().getState(profileDescriptor);
        buffer = getRuntimeContext().getState(bufferDescriptor);
        legacyBuffer = getRuntimeContext().getListState(legacyDescriptor);
        swept = List.of(profileDescriptor, bufferDescriptor, legacyDescriptor);
        pendingComplaints = getRuntimeContext().getListState(
                new ListStateDescriptor<>("pending-complaints", TypeInformation.of(CallerEvent.class)));
    }

    @Override
    public List<StateDescriptor<?, ?>> sweptStates() {
        return swept;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        historyStartState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("history-start", Types.LONG));
        historyStartMs = Long.MAX_VALUE;
        for (Long start : historyStartState.get()) {
            historyStartMs = Math.min(historyStartMs, start);
        }
        if (context.isRestored() && historyStartMs == Long.MAX_VALUE) {
            // A savepoint from before the warm-up: its contact memory has been filling all along.
            historyStartMs = 0L;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        historyStartState.clear();
        if (historyStartMs != Long.MAX_VALUE) {
            historyStartState.add(historyStartMs);
        }
    }

    /** A per-caller byte array under {@code name}, expiring with {@code ttl}. */
    static ValueStateDescriptor<byte[]> bytesDescriptor(String name, StateTtlConfig ttl) {
        ValueStateDescriptor<byte[]> descriptor =
                new ValueStateDescriptor<>(name, StateBytesSerializer.TYPE);
        descriptor.enableTimeToLive(ttl);
        return descriptor;
    }

    /** The contact list of savepoints taken before {@link ContactBuffer}. */
    static ListStateDescriptor<VictimContact> legacyContactsDescriptor(StateTtlConfig ttl) {
        ListStateDescriptor<VictimContact> descriptor =
                new ListStateDescriptor<>("cold-contacts", TypeInformation.of(VictimContact.class));
        descriptor.enableTimeToLive(ttl);
        return descriptor;
    }

    @Override
    public void processElement(CallerEvent event, Context ctx, Collector<AttributionInput> out) throws Exception {
        if (event.kind == CallerEvent.COMPLAINT && !ordered) {
            pendingComplaints.add(event);
            ctx.timerService().registerEventTimeTimer(event.timeMs);
            return;
        }
        if (event.kind == CallerEvent.COMPLAINT) {
            applyComplaints(ctx.getCurrentKey(), event.timeMs, List.of(event), out);
            return;
        }
        historyStartMs = Math.min(historyStartMs, event.timeMs);
        CallerState s = load(ctx.getCurrentKey(), event.timeMs);
        VictimContact contact = null;
        switch (event.kind) {
            case CallerEvent.CALL -> {
                s.recordCall(event, config);
                if (!event.priorContact) {
                    contact = toContact(event);
                }
            }
            case CallerEvent.RECIPROCATION -> s.reciprocations++;
            case CallerEvent.SIGNAL -> s.recordSignal(event.signal);
            default -> throw new IllegalArgumentException("unknown caller event kind " + event.kind);
        }
        CallerAssessment a = reassess(s, ctx.getCurrentKey(), event.timeMs, out);
        if (s.risky) {
            if (contact != null) {
                out.collect(contactInput(contact, contact.getTimeMs()));
            }
        } else if (a.score() < config.bufferMinScore() && s.calls >= config.minCalls()) {
            dropBuffer(s);
        } else if (contact != null) {
            bufferContact(s, contact,
                    ordered ? event.timeMs : Math.min(event.timeMs, ctx.timerService().currentWatermark()));
            if (config.isEarly(s, CallerConfig.coldWeight(coldWarmUpMs, historyStartMs, event.timeMs), event.timeMs)) {
                out.collect(earlyInput(contact, risk(ctx.getCurrentKey(), s, a)));
            }
        }
        profile.update(CallerStateCodec.encode(s));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AttributionInput> out) throws Exception {
        List<CallerEvent> due = new ArrayList<>();
        List<CallerEvent> later = new ArrayList<>();
        for (CallerEvent complaint : pendingComplaints.get()) {
            (complaint.timeMs <= timestamp ? due : later).add(complaint);
        }
        if (due.isEmpty()) {
            return;
        }
        if (later.isEmpty()) {
            pendingComplaints.clear();
        } else {
            pendingComplaints.update(later);
        }
        applyComplaints(ctx.getCurrentKey(), timestamp, due, out);
    }

    /**
     * Counts complaints about {@code caller} at {@code timeMs}, each matched when the caller
     * called its reporter recently, and re-scores the caller.
     */
    private void applyComplaints(String caller, long timeMs, List<CallerEvent> complaints,
            Collector<AttributionInput> out) throws Exception {
        CallerState s = load(caller, timeMs);
        for (CallerEvent complaint : complaints) {
            if (complaint.counterparty == null) {
                s.complaintsUnmatched++;
            } else if (s.calledRecently(complaint.counterparty, complaint.timeMs, config)) {
                s.complaintsMatched++;
            }
        }
        reassess(s, caller, timeMs, out);
        profile.update(CallerStateCodec.encode(s));
    }

    private CallerState load(String caller, long timeMs) throws Exception {
        CallerState s = CallerStateCodec.decodeOrFirstSeen(profile.value(), timeMs);
        if (s.contactsInLegacyList) {
            moveLegacyContacts(s, caller);
        }
        return s;
    }

    /**
     * Moves the contacts a profile of version 1 buffered in the older list state into the
     * current buffer, once per key after a restore from such a savepoint.
     */
    private void moveLegacyContacts(CallerState s, String caller) throws Exception {
        ContactBuffer contacts = ContactBuffer.inTimeOrder(legacyBuffer.get());
        legacyBuffer.clear();
        storeBuffer(s, caller, contacts);
        s.contactsInLegacyList = false;
    }

    private void storeBuffer(CallerState s, String caller, ContactBuffer contacts) throws Exception {
        if (contacts.size() == 0) {
            buffer.clear();
        } else {
            buffer.update(contacts.encode(caller));
        }
        s.buffered = contacts.size();
    }

    /** Scores the caller, says so downstream when that changed materially; returns the assessment. */
    private CallerAssessment reassess(CallerState s, String caller, long timeMs, Collector<AttributionInput> out)
            throws Exception {
        CallerAssessment a =
                CallerScorer.assess(s, config, CallerConfig.coldWeight(coldWarmUpMs, historyStartMs, timeMs));
        boolean riskyNow = CallerScorer.isRisky(s, a, config);
        boolean changed = riskyNow != s.risky
                || (riskyNow
                        && (Math.abs(a.score() - s.emittedScore) >= config.materialScoreChange()
                                || (a.reasonMask() & ~s.emittedReasons) != 0));
        if (!changed) {
            return a;
        }
        out.collect(riskInput(caller, s, a, timeMs));
        boolean becameRisky = riskyNow && !s.risky;
        s.risky = riskyNow;
        s.emittedScore = a.score();
        s.emittedReasons = a.reasonMask();
        if (becameRisky) {
            flush(s, caller, timeMs, out);
        }
        return a;
    }

    private void dropBuffer(CallerState s) {
        if (s.buffered > 0) {
            buffer.clear();
            s.buffered = 0;
        }
    }

    /**
     * Buffers {@code contact}, dropping what a flush at {@code flushFromMs} or later could not send.
     *
     * <p>That bound is the call's time when calls come in event-time order: a flush, at the time
     * of the call that tips the caller over, is then not earlier than a call already buffered.
     * In a live stream calls come as the upstream subtasks interleave, and the bound is the
     * watermark: a later call is not behind it unless it is late data, so nothing a flush could
     * send is dropped.
     */
    private void bufferContact(CallerState s, VictimContact contact, long flushFromMs) throws Exception {
        // The common case appends without reading the buffer. It is cut back to what a flush
        // could send when it holds APPEND_SLACK contacts more than that, or when its first
        // contact is out of the window.
        if (config.bufferedContacts() == 0) {
            return;
        }
        byte[] raw = s.buffered == 0 ? null : buffer.value();
        if (raw != null && s.buffered < config.bufferedContacts() + APPEND_SLACK
                && ContactBuffer.firstTimeMs(raw) >= ContactBuffer.since(flushFromMs, bufferWindowMs)) {
            buffer.update(ContactBuffer.append(raw, contact, contact.getCaller()));
            s.buffered++;
            return;
        }
        ContactBuffer contacts = ContactBuffer.decode(raw, contact.getCaller());
        contacts.add(contact, flushFromMs, bufferWindowMs, config.bufferedContacts());
        storeBuffer(s, contact.getCaller(), contacts);
    }

    /** Sends the buffered contacts within the buffer window, at most the configured number, oldest first. */
    private void flush(CallerState s, String caller, long timeMs, Collector<AttributionInput> out) throws Exception {
        if (s.buffered > 0) {
            ContactBuffer contacts = ContactBuffer.decode(buffer.value(), caller);
            for (VictimContact contact : contacts.recent(timeMs, bufferWindowMs, config.bufferedContacts())) {
                out.collect(contactInput(contact, Math.max(timeMs, contact.getTimeMs())));
            }
        }
        dropBuffer(s);
    }

    /**
     * What attribution gets of a cold call: the numbers, time, device, cell and the victim's
     * touches before it.
     *
     * <p>Not the record id, which attribution never reads: a not-yet-risky caller's contacts are
     * buffered, and fresh numbers' contacts pooled, so every byte of a contact is kept many times
     * over, and an operator's ids may be UUIDs of 36 characters.
     */
    static VictimContact toContact(CallerEvent call) {
        List<Touch> touches = new ArrayList<>();
        if (call.touchSources != null) {
            for (int i = 0; i < call.touchSources.length; i++) {
                touches.add(new Touch(call.touchSources[i], call.touchFirstMs[i], call.touchLastMs[i]));
            }
        }
        return VictimContact.newBuilder()
                .setRecordId("")
                .setCaller(call.caller)
                .setVictim(call.counterparty)
                .setTimeMs(call.timeMs)
                .setAnswered(call.answered)
                .setDurationS(call.durationS)
                .setCallerImei(call.callerImei)
                .setCellId(call.cellId)
                .setTouches(touches)
                .build();
    }

    /**
     * A contact for attribution, happening at {@code timeMs}: its own call's time when the caller
     * is already risky, the time of the call that made it risky when it was buffered.
     *
     * <p>The contact keeps its call's time (touches must precede it), but attribution acts at the
     * input's time: a suspicion raised by a flushed contact carried the first call's time as its
     * {@code event_time}, so it seemed detected before the calls that made the evidence existed.
     */
    static AttributionInput contactInput(VictimContact contact, long timeMs) {
        return AttributionInput.newBuilder()
                .setKind(AttributionKind.CONTACT)
                .setTimeMs(timeMs)
                .setContact(contact)
                .build();
    }

    static AttributionInput riskInput(String caller, CallerState s, CallerAssessment a, long timeMs) {
        return AttributionInput.newBuilder()
                .setKind(AttributionKind.CALLER_RISK)
                .setTimeMs(timeMs)
                .setRisk(risk(caller, s, a))
                .build();
    }

    /**
     * The cold contact of a fresh number not risky on its own, with its profile, for attribution
     * to pool by source ({@link CallerConfig#earlyMaxCalls()}); it is also buffered, for when the
     * number becomes risky by itself.
     */
    static AttributionInput earlyInput(VictimContact contact, CallerRisk risk) {
        return AttributionInput.newBuilder()
                .setKind(AttributionKind.EARLY_CONTACT)
                .setTimeMs(contact.getTimeMs())
                .setContact(contact)
                .setRisk(risk)
                .build();
    }

    static CallerRisk risk(String caller, CallerState s, CallerAssessment a) {
        return CallerRisk.newBuilder()
                .setCaller(caller)
                .setScore(a.score())
                .setReasons(new ArrayList<>(a.reasons()))
                .setFirstSeenMs(s.firstSeenMs)
                .setCalls(s.calls)
                .setDistinctCallees(a.distinctCallees())
                .setAnswerRate(a.answerRate())
                .setShortCallShare(a.shortCallShare())
                .setColdShare(a.coldShare())
                .setReciprocity(a.reciprocity())
                .setComplaints(a.complaints())
                .setCallerImei(s.lastImei)
                .setCellId(s.lastCell)
                .setSharedDevice(s.hasSignal(CallerState.SHARED_DEVICE))
                .build();
    }
}
