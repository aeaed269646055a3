package org.leaktrace.caller;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.leaktrace.pipeline.EventTimeOrder;
import org.leaktrace.pipeline.NumberKeySerializer;
import org.leaktrace.pipeline.SweptKeyedProcessOperator;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.Organization;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.touch.CallerEvent;
import org.leaktrace.touch.HubFunction;
import org.leaktrace.touch.PartyEvent;
import org.leaktrace.touch.PartySplitter;
import org.leaktrace.touch.SourceSizeFunction;
import org.leaktrace.touch.TouchConfig;
import org.leaktrace.touch.TouchpointOperator;

/**
 * The first half of detection: touchpoints, call enrichment, caller risk and source sizes.
 *
 * <pre>
 * calls ─► party-splitter ◄─ directory (broadcast) ─► keyBy(counterparty) hubs ─► keyBy(subscriber) touchpoints
 *              ├─► first touches ─► keyBy(source) source-sizes ───────────────────┐
 *              └─► enriched calls, reciprocations ─┐                              │
 *                  cold calls ─► short-call burst, CEP (sequential, complaint-after-call) ─┤ │
 * complaints ──────────────────────────────────────┴► keyBy(caller) caller-profile ┴► AttributionInput
 * </pre>
 *
 * <p>Hubs, source sizes, shared devices and caller profiles each have an {@link EventTimeOrder}
 * in front: in bounded runs it passes their input on in event-time order, in a live stream as
 * it comes. Two patterns have a gate in front that hands on only the calls a match could use
 * ({@link SequentialDialingGate}, {@link ComplaintGate}); the short-call burst is a count, kept
 * without CEP ({@link ShortCallBurstFunction}).
 */
public final class CallerStage {
    private static final TypeInformation<PartyEvent> PARTY_EVENT = TypeInformation.of(PartyEvent.class);
    private static final TypeInformation<CallerEvent> CALLER_EVENT = TypeInformation.of(CallerEvent.class);
    /**
     * The complaint-after-call pattern's uid. Renamed from {@code cep-complaint-after-call} when it
     * was keyed by callee instead of by pair: the old state cannot be read as the new, so a job
     * restored from an older savepoint starts this pattern empty (docs/DEPLOYMENT.md).
     */
    public static final String COMPLAINT_AFTER_CALL_UID = "cep-complaint-after-call-by-callee";
    private static final TypeInformation<ReportedPairEvent> REPORTED_PAIR_EVENT =
            TypeInformation.of(ReportedPairEvent.class);
    private static final TypeInformation<AttributionInput> ATTRIBUTION_INPUT =
            TypeInformation.of(AttributionInput.class);

    private CallerStage() {}

    /**
     * Touchpoints, enrichment and caller risk; returns what campaign linking and attribution
     * consume.
     *
     * <p>{@code directoryUpdates} takes part in event time: an endless update stream must carry
     * watermarks or be marked idle ({@code WatermarkStrategy.withIdleness}), or the caller side's
     * complaint matching, patterns and source-size timers wait for it.
     *
     * <p>{@code ordered}: the keyed stages that act on the order of their input take it in
     * event-time order ({@link EventTimeOrder}), so that a run gives the same alerts whatever
     * the interleaving of the upstream subtasks; a live stream passes false and takes it as it
     * comes, for latency.
     */
    public static DataStream<AttributionInput> build(
            DataStream<CallRecord> calls,
            DataStream<Complaint> complaints,
            DataStream<Organization> directoryUpdates,
            List<Organization> initialDirectory,
            TouchConfig touchConfig,
            CallerConfig callerConfig,
            boolean ordered) {
        DataStream<PartyEvent> parties = calls
                .connect(directoryUpdates.broadcast(PartySplitter.DIRECTORY))
                .process(new PartySplitter(initialDirectory, touchConfig.sourceKinds()), PARTY_EVENT)
                .uid("party-splitter")
                .name("party-splitter");

        DataStream<PartyEvent> withHubs = EventTimeOrder.ordered(
                        parties.keyBy(e -> e.counterparty, NumberKeySerializer.TYPE), PartyEvent.TIES, ordered,
                        "hubs-order")
                .transform("hubs", PARTY_EVENT, new SweptKeyedProcessOperator<>(new HubFunction(touchConfig)))
                .uid("hubs")
                .name("hubs");

        SingleOutputStreamOperator<CallerEvent> touched = withHubs
                .keyBy(e -> e.subscriber, NumberKeySerializer.TYPE)
                .transform("touchpoints", CALLER_EVENT, new TouchpointOperator(touchConfig))
                .uid("touchpoints")
                .name("touchpoints");

        KeyedStream<Tuple2<String, Long>, String> firstTouches = touched
                .getSideOutput(TouchpointOperator.FIRST_TOUCHES)
                .keyBy(t -> t.f0, Types.STRING);
        DataStream<AttributionInput> sourceSizes = EventTimeOrder.ordered(
                        firstTouches, SourceSizeFunction.TIES, ordered, "source-sizes-order")
                .process(new SourceSizeFunction(touchConfig), ATTRIBUTION_INPUT)
                .uid("source-sizes")
                .name("source-sizes");

        DataStream<CallerEvent> coldCalls = touched
                .filter(CallerEvent::isColdCall)
                .uid("cold-calls")
                .name("cold-calls");
        DataStream<CallerEvent> complaintEvents = complaints
                .map(CallerEvent::complaint, CALLER_EVENT)
                .uid("complaint-events")
                .name("complaint-events");

        DataStream<CallerEvent> signals = signals(coldCalls, complaintEvents, callerConfig, ordered);

        return EventTimeOrder.ordered(
                        touched.union(complaintEvents, signals).keyBy(e -> e.caller, NumberKeySerializer.TYPE),
                        CallerEvent.TIES,
                        ordered,
                        "caller-profile-order")
                .transform("caller-profile", ATTRIBUTION_INPUT,
                        new SweptKeyedProcessOperator<>(new CallerProfileFunction(callerConfig, ordered)))
                .uid("caller-profile")
                .name("caller-profile")
                .union(sourceSizes);
    }

    /**
     * The pattern signals and the shared-device signal, each on the smallest input that can show
     * it; the shared-device stage takes its input in event-time order when {@code ordered}.
     */
    static DataStream<CallerEvent> signals(
            DataStream<CallerEvent> coldCalls, DataStream<CallerEvent> complaintEvents, CallerConfig config,
            boolean ordered) {
        int shortCallSeconds = config.shortCallSeconds();
        KeyedStream<CallerEvent, String> shortColdByCaller = coldCalls
                .filter(e -> ShortCallBurstFunction.counts(e, shortCallSeconds))
                .uid("short-cold-calls")
                .name("short-cold-calls")
                .keyBy(e -> e.caller, NumberKeySerializer.TYPE);
        // Always in event-time order: the pattern it replaced waited for the watermark too.
        DataStream<CallerEvent> bursts = EventTimeOrder.ordered(
                        shortColdByCaller, CallerEvent.TIES, true, "short-call-burst-order")
                .process(new ShortCallBurstFunction(config), CALLER_EVENT)
                .uid("short-call-burst")
                .name("short-call-burst");

        // Always in event-time order: the pattern waits for the watermark anyway.
        DataStream<CallerEvent> runs = EventTimeOrder.ordered(
                        coldCalls.keyBy(e -> e.caller, NumberKeySerializer.TYPE), CallerEvent.TIES, true,
                        "sequential-dialing-order")
                .process(new SequentialDialingGate(config), CALLER_EVENT)
                .uid("sequential-dialing-gate")
                .name("sequential-dialing-gate");
        DataStream<CallerEvent> sequences = CEP.pattern(
                        runs.keyBy(e -> e.caller, NumberKeySerializer.TYPE), SequentialDialingPattern.pattern(config))
                .inEventTime()
                .process(new SequentialDialingPattern(), CALLER_EVENT)
                .uid("cep-sequential-dialing")
                .name("cep-sequential-dialing");

        DataStream<CallerEvent> reportedComplaints = complaintEvents
                .filter(e -> e.counterparty != null)
                .uid("reported-complaints")
                .name("reported-complaints");
        DataStream<CallerEvent> complaintsAfterCalls = CEP.pattern(
                        coldCalls.union(reportedComplaints)
                                .map(ReportedPairEvent::of, REPORTED_PAIR_EVENT)
                                .uid("complaint-after-call-input")
                                .name("complaint-after-call-input")
                                .keyBy(e -> e.callee, Types.LONG)
                                .process(new ComplaintGate(config, REPORTED_PAIR_EVENT), REPORTED_PAIR_EVENT)
                                .uid("complaint-gate")
                                .name("complaint-gate")
                                .keyBy(e -> e.callee, Types.LONG),
                        ComplaintAfterCallPattern.pattern(config))
                .inEventTime()
                .process(new ComplaintAfterCallPattern(), CALLER_EVENT)
                .uid(COMPLAINT_AFTER_CALL_UID)
                .name(COMPLAINT_AFTER_CALL_UID);

        KeyedStream<CallerEvent, String> byDevice = coldCalls
                .filter(e -> e.callerImei != null)
                .uid("cold-calls-with-device")
                .name("cold-calls-with-device")
                .keyBy(e -> e.callerImei, NumberKeySerializer.TYPE);
        DataStream<CallerEvent> sharedDevices = EventTimeOrder.ordered(
                        byDevice, CallerEvent.TIES, ordered, "shared-devices-order")
                .transform("shared-devices", CALLER_EVENT, new SweptKeyedProcessOperator<>(new SharedDeviceFunction(config)))
                .uid("shared-devices")
                .name("shared-devices");

        return bursts.union(sequences, complaintsAfterCalls, sharedDevices);
    }
}
