package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.caller.Events.DAY;
import static org.leaktrace.caller.Events.HOUR;
import static org.leaktrace.caller.Events.MINUTE;
import static org.leaktrace.caller.Events.T0;
import static org.leaktrace.caller.Events.call;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.leaktrace.pipeline.StateSweep;
import org.leaktrace.pipeline.StateTtl;
import org.leaktrace.pipeline.SweptKeyedProcessOperator;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;
import org.leaktrace.schema.internal.CallerRisk;
import org.leaktrace.schema.internal.VictimContact;
import org.leaktrace.touch.CallerEvent;

class CallerProfileFunctionTest {
    private static final String SPAMMER = mobile(9000);

    /**
     * Without the warm-up and early pooling, which have tests of their own: the others start at
     * their first call and see what a number sends on its own account.
     */
    private final CallerConfig config = NO_EARLY.withColdWarmUp(Duration.ZERO);
    /** The defaults but early pooling. */
    private static final CallerConfig NO_EARLY = CallerConfig.defaults().withEarlyPooling(0, Duration.ZERO);
    private KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, AttributionInput> harness;

    private KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, AttributionInput> newHarness()
            throws Exception {
        return newHarness(config);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, AttributionInput> newHarness(
            CallerConfig config) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new SweptKeyedProcessOperator<>(new CallerProfileFunction(config)), (CallerEvent e) -> e.caller,
                Types.STRING);
        h.setStateTtlProcessingTime(0);
        return h;
    }

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void process(CallerEvent e) throws Exception {
        harness.processElement(e, e.timeMs);
    }

    private void spamCalls(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            process(call(SPAMMER, mobile(i), T0 + i * MINUTE, false, 0));
        }
    }

    private List<String> kinds() {
        return harness.extractOutputValues().stream()
                .map(a -> a.getKind() == AttributionKind.CONTACT
                        ? "CONTACT:" + a.getContact().getVictim()
                        : a.getKind().name())
                .collect(Collectors.toList());
    }

    private List<CallerRisk> risks() {
        return harness.extractOutputValues().stream()
                .filter(a -> a.getKind() == AttributionKind.CALLER_RISK)
                .map(AttributionInput::getRisk)
                .collect(Collectors.toList());
    }

    @Test
    void buffersColdContactsUntilRiskyThenFlushesAndStreams() throws Exception {
        spamCalls(0, 4);
        assertEquals(List.of(), kinds());

        spamCalls(4, 5);
        assertEquals(riskThenFirstFiveContacts(), kinds());
        CallerRisk risk = risks().get(0);
        assertEquals(SPAMMER, risk.getCaller());
        assertEquals(5, risk.getCalls());
        assertTrue(risk.getScore() >= 0.7);
        assertTrue(risk.getReasons().contains("cold_share:1.00"), risk.getReasons().toString());

        AttributionInput first = harness.extractOutputValues().get(1);
        assertEquals(List.of("SCH-047"), first.getContact().getTouches().stream().map(t -> t.getSource()).toList());
        assertEquals("IMEI-000", first.getContact().getCallerImei());
        assertEquals(T0, first.getContact().getTimeMs(), "the contact keeps its call's time");
        assertEquals(T0 + 4 * MINUTE, first.getTimeMs(), "attribution sees it when the fifth call made it count");

        harness.getOutput().clear();
        spamCalls(5, 6);
        process(Events.prior(call(SPAMMER, mobile(77), T0 + 10 * MINUTE, true, 300)));
        assertEquals(List.of("CONTACT:" + mobile(5)), kinds().stream().filter(k -> k.startsWith("CONTACT")).toList(),
                "prior contacts are not victims");
        assertEquals(0, harness.numEventTimeTimers());
    }

    /** What a harness of the defaults without the warm-up sent, as kinds and victims. */
    private static List<String> kindsOf(
            KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, AttributionInput> h) {
        return h.extractOutputValues().stream()
                .map(a -> a.getKind() == AttributionKind.CALLER_RISK
                        ? a.getKind().name()
                        : a.getKind().name() + ":" + a.getContact().getVictim())
                .collect(Collectors.toList());
    }

    private static void calls(KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, AttributionInput> h,
            CallerEvent... events) throws Exception {
        for (CallerEvent e : events) {
            h.processElement(e, e.timeMs);
        }
    }

    @Test
    void aFreshNumbersColdCallsGoOutEarlyUntilItTalks() throws Exception {
        var h = newHarness(CallerConfig.defaults().withColdWarmUp(Duration.ZERO));
        h.open();
        calls(h, call(SPAMMER, mobile(0), T0, false, 0), call(SPAMMER, mobile(1), T0 + MINUTE, true, 12),
                call(SPAMMER, mobile(2), T0 + 2 * MINUTE, false, 0));
        assertEquals(List.of("EARLY_CONTACT:" + mobile(0), "EARLY_CONTACT:" + mobile(1),
                "EARLY_CONTACT:" + mobile(2)), kindsOf(h));
        AttributionInput third = h.extractOutputValues().get(2);
        assertEquals(SPAMMER, third.getRisk().getCaller());
        assertEquals(3, third.getRisk().getCalls(), "the profile as of the call, not judged before five calls");
        assertEquals(List.of("SCH-047"), third.getContact().getTouches().stream().map(t -> t.getSource()).toList());
        assertEquals(T0 + 2 * MINUTE, third.getTimeMs());

        h.getOutput().clear();
        calls(h, call(SPAMMER, mobile(3), T0 + 3 * MINUTE, true, 300), call(SPAMMER, mobile(4), T0 + 4 * MINUTE, false, 0));
        assertEquals(List.of(), kindsOf(h), "a conversation of minutes ends it");
        h.close();
    }

    @Test
    void aNumberWithAHistoryOrACallbackSendsNoEarlyContacts() throws Exception {
        var h = newHarness(CallerConfig.defaults().withColdWarmUp(Duration.ZERO));
        h.open();
        String old = mobile(9100);
        calls(h, call(old, mobile(0), T0, false, 0), call(old, mobile(1), T0 + 2 * DAY, false, 0));
        assertEquals(List.of("EARLY_CONTACT:" + mobile(0)), kindsOf(h), "fresh at its first call, not two days on");

        h.getOutput().clear();
        String calledBack = mobile(9200);
        calls(h, call(calledBack, mobile(0), T0, false, 0));
        CallerEvent back = call(calledBack, mobile(0), T0 + MINUTE, false, 0);
        back.kind = CallerEvent.RECIPROCATION;
        calls(h, back, call(calledBack, mobile(1), T0 + 2 * MINUTE, false, 0));
        assertEquals(List.of("EARLY_CONTACT:" + mobile(0)), kindsOf(h), "called back: not a list's number");

        h.getOutput().clear();
        String knows = mobile(9300);
        calls(h, Events.prior(call(knows, mobile(0), T0, true, 60)), call(knows, mobile(1), T0 + MINUTE, false, 0));
        assertEquals(List.of(), kindsOf(h), "calls someone it knew: not every call cold");
        h.close();
    }

    @Test
    void earlyContactsStopAfterEarlyMaxCallsAndARiskyNumberSendsItsOwn() throws Exception {
        var h = newHarness(CallerConfig.defaults().withColdWarmUp(Duration.ZERO).withEarlyPooling(3, Duration.ofDays(1)));
        h.open();
        for (int i = 0; i < 5; i++) {
            calls(h, call(SPAMMER, mobile(i), T0 + i * MINUTE, false, 0));
        }
        List<String> expected = new java.util.ArrayList<>(List.of("EARLY_CONTACT:" + mobile(0),
                "EARLY_CONTACT:" + mobile(1), "EARLY_CONTACT:" + mobile(2), "CALLER_RISK"));
        for (int i = 0; i < 5; i++) {
            expected.add("CONTACT:" + mobile(i));
        }
        assertEquals(expected, kindsOf(h), "the fourth call is past earlyMaxCalls; the fifth makes it risky");
        h.close();
    }

    @Test
    void legitimateCallerSendsNothing() throws Exception {
        for (int i = 0; i < 30; i++) {
            process(Events.service(call("+8613700000001", mobile(i), T0 + i * 10 * MINUTE, true, 60)));
        }
        assertEquals(List.of(), kinds());
    }

    @Test
    void complaintCountsOnlyWhenTheCallerReallyCalledTheReporter() throws Exception {
        spamCalls(0, 10);
        harness.getOutput().clear();

        process(Events.complaint(mobile(555), SPAMMER, T0 + HOUR));
        assertEquals(List.of(), kinds(), "the spammer never called the reporter");

        process(Events.complaint(mobile(3), SPAMMER, T0 + 3 * HOUR));
        CallerRisk risk = risks().get(0);
        assertEquals(1, risk.getComplaints(), "matched as it comes: its calls came before it");
        assertTrue(risk.getReasons().contains("complaints:1"), risk.getReasons().toString());
        assertEquals(0, harness.numEventTimeTimers(), "complaints come in event-time order and need no timer");
    }

    @Test
    void inALiveStreamComplaintsWaitForTheWatermarkSoThatTheirCallsHaveCome() throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CallerProfileFunction(config, false)), (CallerEvent e) -> e.caller,
                Types.STRING);
        harness.setStateTtlProcessingTime(0);
        harness.open();
        // The complaint comes before the call it is about, as two feeds read at different speeds give.
        process(Events.complaint(mobile(3), SPAMMER, T0 + 3 * HOUR));
        assertEquals(1, harness.numEventTimeTimers(), "it waits");
        spamCalls(0, 10);
        harness.getOutput().clear();
        harness.processWatermark(T0 + 4 * HOUR);
        CallerRisk risk = risks().get(0);
        assertEquals(1, risk.getComplaints(), "matched to the call once the watermark passed it");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void complaintWithoutReporterCountsAsUnmatched() throws Exception {
        spamCalls(0, 10);
        harness.getOutput().clear();
        process(Events.complaint(null, SPAMMER, T0 + HOUR));
        process(Events.complaint(null, SPAMMER, T0 + HOUR + MINUTE));
        CallerRisk risk = risks().get(0);
        assertEquals(1, risk.getComplaints());
        assertTrue(risk.getReasons().contains("complaints_unmatched:1"), risk.getReasons().toString());
        assertEquals(2, profile(SPAMMER).complaintsUnmatched);
    }

    @Test
    void complaintsPendingInAnOlderSavepointAreMatchedWhenTheWatermarkPassesThem() throws Exception {
        harness.close();
        var older = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PendingComplaintWriter()), (CallerEvent e) -> e.caller, Types.STRING);
        older.open();
        CallerEvent complaint = Events.complaint(mobile(3), SPAMMER, T0 + HOUR);
        older.processElement(complaint, complaint.timeMs);
        OperatorSubtaskState pending = older.snapshot(1L, T0 + HOUR);
        older.close();
        OperatorSubtaskState calls = harnessWithCalls();

        harness = newHarness();
        harness.initializeState(AbstractStreamOperatorTestHarness.repackageState(calls, pending));
        harness.open();
        assertEquals(1, harness.numEventTimeTimers(), "the older version's timer came with its complaint");
        harness.processWatermark(T0 + 2 * HOUR);
        assertEquals(1, risks().get(risks().size() - 1).getComplaints());
        assertEquals(0, harness.numEventTimeTimers());
    }

    /** A snapshot of this test's function after the spammer's ten calls. */
    private OperatorSubtaskState harnessWithCalls() throws Exception {
        harness = newHarness();
        harness.open();
        spamCalls(0, 10);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + HOUR);
        harness.close();
        return snapshot;
    }

    /** The profile of {@code caller}, read from the backend. */
    private CallerState profile(String caller) throws Exception {
        harness.getOperator().setCurrentKey(caller);
        ValueState<byte[]> profile = harness.getOperator().getKeyedStateBackend().getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                CallerProfileFunction.bytesDescriptor("caller-profile", StateTtl.refreshedOnWrite(config.callerTtl())));
        return CallerStateCodec.decode(profile.value());
    }

    @Test
    void patternSignalIsANewReason() throws Exception {
        spamCalls(0, 10);
        harness.getOutput().clear();
        process(CallerEvent.signal(SPAMMER, ShortCallBurstFunction.SIGNAL, T0 + HOUR));
        assertTrue(risks().get(0).getReasons().contains("short_call_burst"));
        assertFalse(risks().get(0).getSharedDevice());
    }

    @Test
    void sharedDeviceSignalMakesANumberRiskyBeforeItsOwnMinimumOfCalls() throws Exception {
        spamCalls(0, 1);
        assertEquals(List.of(), kinds(), "one call is not enough on its own");
        process(CallerEvent.signal(SPAMMER, SharedDeviceFunction.SIGNAL, T0 + MINUTE));
        assertEquals(List.of("CALLER_RISK", "CONTACT:" + mobile(0)), kinds());
        assertTrue(risks().get(0).getReasons().contains("shared_device"));
        assertTrue(risks().get(0).getSharedDevice(), "attribution reads the field, not the reasons");
    }

    @Test
    void sharedDeviceSignalDoesNotMakeALegitimateNumberRisky() throws Exception {
        String agent = mobile(8100);
        process(call(agent, mobile(1), T0, true, 300));
        process(CallerEvent.signal(agent, SharedDeviceFunction.SIGNAL, T0 + MINUTE));
        assertEquals(List.of(), kinds(), "an answered long call scores low whatever its device");
    }

    @Test
    void stateExpiresAfterTtl() throws Exception {
        spamCalls(0, 4);
        harness.setStateTtlProcessingTime(config.callerTtl().toMillis() + 1);
        spamCalls(4, 8);
        assertEquals(List.of(), kinds(), "expired calls and buffered contacts are forgotten");
        spamCalls(8, 9);
        assertEquals(List.of("CALLER_RISK", "CONTACT:" + mobile(4), "CONTACT:" + mobile(5), "CONTACT:" + mobile(6),
                "CONTACT:" + mobile(7), "CONTACT:" + mobile(8)), kinds());
    }

    /** A caller who stops calling leaves once its TTL has passed: every state it holds is swept, one state a step. */
    @Test
    void aCallerWhoStopsCallingIsSweptAfterItsTtl() throws Exception {
        spamCalls(0, 4);
        assertEquals(2, harness.numKeyedStateEntries(), "the profile and the buffered contacts");
        harness.setStateTtlProcessingTime(config.callerTtl().toMillis() + 1);
        for (int step = 1; step <= 3; step++) {
            harness.setProcessingTime(step * StateSweep.STEP_INTERVAL.toMillis());
        }
        assertEquals(0, harness.numKeyedStateEntries());
    }

    @Test
    void bufferKeepsOnlyTheMostRecentContactsWithinTheWindow() throws Exception {
        String slowStarter = mobile(8000);
        for (int i = 0; i < 150; i++) {
            CallerEvent c = call(slowStarter, mobile(i), T0 + i * MINUTE, true, 200);
            process(i < 140 ? Events.service(c) : c);
        }
        assertEquals(List.of(), kinds());
        long later = T0 + 4 * DAY;
        for (int i = 0; i < 2000; i++) {
            process(call(slowStarter, mobile(1000 + i), later + i * 1000, false, 0));
            if (!kinds().isEmpty()) {
                break;
            }
        }
        List<String> out = kinds();
        assertEquals("CALLER_RISK", out.get(0));
        assertTrue(out.size() - 2 <= config.bufferedContacts(), "flushed " + (out.size() - 2) + " + the current one");
        assertTrue(out.stream().skip(1).allMatch(k -> k.compareTo("CONTACT:" + mobile(1000)) >= 0),
                "contacts older than the buffer window are dropped");
    }

    @Test
    void aCallerThatNeverTurnsRiskyBuffersAtMostTheLimitAndTheSlack() throws Exception {
        // Answered cold calls of 40 s: neither short nor conversations, so the score stays
        // between the buffer's floor and the risk threshold (about 0.08 at full fan-out).
        String telemarketer = mobile(8100);
        int most = 0;
        for (int i = 0; i < 400; i++) {
            process(call(telemarketer, mobile(i), T0 + i * MINUTE, true, 40));
            most = Math.max(most, bufferedContacts(telemarketer).size());
        }
        assertEquals(List.of(), kinds());
        assertEquals(config.bufferedContacts() + CallerProfileFunction.APPEND_SLACK, most,
                "appended until the slack is used up, then cut back");
        List<VictimContact> kept = bufferedContacts(telemarketer);
        assertEquals(mobile(399), kept.get(kept.size() - 1).getVictim(), "the newest are kept");
        assertTrue(kept.size() >= config.bufferedContacts(), "never cut below what a flush sends: " + kept.size());
    }

    @Test
    void aLowScoreBeforeTheMinimumOfCallsStillBuffers() throws Exception {
        // A campaign number whose first call was answered for 40 s scores about 0.02 at that call.
        process(call(SPAMMER, mobile(0), T0, true, 40));
        assertEquals(1, bufferedContacts(SPAMMER).size(), "one call says too little to drop anything");
        spamCalls(1, 5);
        assertTrue(kinds().contains("CONTACT:" + mobile(0)), "the first call is sent when the fifth makes it risky: "
                + kinds());
    }

    @Test
    void aPlainlyLegitimateCallerKeepsNoBufferAndDropsWhatItHad() throws Exception {
        String courier = mobile(8200);
        process(call(courier, mobile(0), T0, false, 0));
        process(call(courier, mobile(1), T0 + MINUTE, false, 0));
        assertEquals(2, bufferedContacts(courier).size(), "two cold unanswered calls look like a campaign's first");

        for (int i = 2; i < 12; i++) {
            process(Events.service(call(courier, mobile(i), T0 + i * MINUTE, true, 60)));
        }
        assertEquals(List.of(), bufferedContacts(courier), "service calls made it plainly legitimate");
        assertEquals(List.of(), kinds());

        // Complaints can still make it risky; it then sends what it calls from there on.
        for (int i = 0; i < config.minComplaintsAlone(); i++) {
            harness.processElement(Events.complaint(mobile(i), courier, T0 + HOUR + i), T0 + HOUR + i);
        }
        harness.processWatermark(T0 + 2 * HOUR);
        process(call(courier, mobile(50), T0 + 3 * HOUR, false, 0));
        assertEquals("CALLER_RISK", kinds().get(0));
        assertEquals(List.of("CONTACT:" + mobile(50)), kinds().stream().filter(k -> k.startsWith("CONTACT")).toList(),
                "the calls made while it looked legitimate are not sent");
    }

    /** The contacts in {@code caller}'s buffer state, read from the backend. */
    private List<VictimContact> bufferedContacts(String caller) throws Exception {
        harness.getOperator().setCurrentKey(caller);
        ValueState<byte[]> buffer = harness.getOperator().getKeyedStateBackend().getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                CallerProfileFunction.bytesDescriptor("cold-contact-buffer",
                        StateTtl.refreshedOnWrite(config.callerTtl())));
        return ContactBuffer.decode(buffer.value(), caller).contacts();
    }

    @Test
    void aCallDaysLaterDropsWhatNoFlushCouldSend() throws Exception {
        process(call(SPAMMER, mobile(0), T0, false, 0));
        process(call(SPAMMER, mobile(1), T0 + MINUTE, false, 0));
        process(call(SPAMMER, mobile(2), T0 + 4 * DAY, false, 0));
        process(call(SPAMMER, mobile(3), T0 + 4 * DAY + MINUTE, false, 0));
        process(call(SPAMMER, mobile(4), T0 + 4 * DAY + 2 * MINUTE, false, 0));
        assertEquals(List.of("CALLER_RISK", "CONTACT:" + mobile(2), "CONTACT:" + mobile(3), "CONTACT:" + mobile(4)),
                kinds(), "calls come in time order, so the buffer is cut at the call's time, without a watermark");
    }

    @Test
    void theWatermarkLetsTheBufferDropWhatNoFlushCouldSend() throws Exception {
        process(call(SPAMMER, mobile(0), T0, false, 0));
        process(call(SPAMMER, mobile(1), T0 + MINUTE, false, 0));
        harness.processWatermark(T0 + 4 * DAY);
        for (int i = 2; i < 5; i++) {
            process(call(SPAMMER, mobile(i), T0 + 4 * DAY + i * MINUTE, false, 0));
        }
        assertEquals(List.of("CALLER_RISK", "CONTACT:" + mobile(2), "CONTACT:" + mobile(3), "CONTACT:" + mobile(4)),
                kinds());
    }

    /** A new harness of the function, from {@code snapshot}. */
    private void restore(OperatorSubtaskState snapshot) throws Exception {
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
    }

    /** The spammer judged at its fifth call, then its five buffered contacts. */
    private static List<String> riskThenFirstFiveContacts() {
        return List.of("CALLER_RISK", "CONTACT:" + mobile(0), "CONTACT:" + mobile(1), "CONTACT:" + mobile(2),
                "CONTACT:" + mobile(3), "CONTACT:" + mobile(4));
    }

    /**
     * An organization's call centre on an unlisted number, on the first morning after a fresh
     * start: one call in three answered for about a minute, the rest unanswered, every callee
     * cold because contact memory is empty. From {@code startMs}, 7 calls 15 minutes apart.
     */
    private static void callCentreMorning(
            KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, AttributionInput> h, long startMs)
            throws Exception {
        String callCentre = "+862131329595";
        for (int i = 0; i < 7; i++) {
            boolean answered = i % 3 == 1;
            CallerEvent e = call(callCentre, mobile(100 + i), startMs + i * 15 * MINUTE, answered, answered ? 70 : 0);
            h.processElement(e, e.timeMs);
        }
    }

    /** A call that only marks the moment the job first saw traffic. */
    private static void firstTraffic(
            KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, AttributionInput> h) throws Exception {
        CallerEvent e = call(mobile(7000), mobile(7001), T0, true, 300);
        h.processElement(e, e.timeMs);
    }

    /** A harness of the default configuration (warm-up on) that has seen its first traffic at T0. */
    private static KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, AttributionInput> warmingUp()
            throws Exception {
        var h = newHarness(NO_EARLY);
        h.open();
        firstTraffic(h);
        return h;
    }

    /** The kind of the first output, or null when there is none. */
    private static AttributionKind firstKind(
            KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, AttributionInput> h) {
        List<AttributionInput> out = h.extractOutputValues();
        return out.isEmpty() ? null : out.get(0).getKind();
    }

    @Test
    void coldCallsWeighLessWhileContactMemoryIsFilling() throws Exception {
        var warm = warmingUp();
        callCentreMorning(warm, T0 + 9 * HOUR);
        assertEquals(null, firstKind(warm), "nine hours in, cold calls are not counted yet");
        warm.close();

        firstTraffic(harness);
        callCentreMorning(harness, T0 + 9 * HOUR);
        assertEquals(AttributionKind.CALLER_RISK, firstKind(harness), "the same calls without a warm-up");

        var later = warmingUp();
        callCentreMorning(later, T0 + 2 * DAY);
        assertEquals(AttributionKind.CALLER_RISK, firstKind(later), "the same calls after the warm-up");
        later.close();
    }

    @Test
    void theFirstTrafficSeenSurvivesSnapshotAndRestore() throws Exception {
        var before = warmingUp();
        OperatorSubtaskState snapshot = before.snapshot(1L, T0);
        before.close();

        var after = newHarness(NO_EARLY);
        after.initializeState(snapshot);
        after.open();
        callCentreMorning(after, T0 + 2 * DAY);
        assertEquals(AttributionKind.CALLER_RISK, firstKind(after),
                "two days after the restored start, no warm-up: a fresh start would be warming up");
        after.close();
    }

    @Test
    void stateSurvivesSnapshotAndRestore() throws Exception {
        spamCalls(0, 4);
        process(Events.complaint(mobile(2), SPAMMER, T0 + HOUR));
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0 + HOUR);
        harness.close();

        restore(snapshot);
        spamCalls(4, 5);
        assertEquals(riskThenFirstFiveContacts(), kinds());
        assertEquals(1, risks().get(0).getComplaints(), "the complaint counted before the snapshot");
    }

    @Test
    void restoresASavepointOfTheFixedWidthProfileAndItsContactList() throws Exception {
        harness.close();
        var legacy = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new VersionOneProfileWriter(config)), (CallerEvent e) -> e.caller,
                Types.STRING);
        legacy.setStateTtlProcessingTime(0);
        legacy.open();
        for (int i = 0; i < 4; i++) {
            CallerEvent e = call(SPAMMER, mobile(i), T0 + i * MINUTE, false, 0);
            legacy.processElement(e, e.timeMs);
        }
        OperatorSubtaskState snapshot = legacy.snapshot(1L, T0 + HOUR);
        legacy.close();

        // With the warm-up on: a savepoint from before it has no first-traffic time, and a job
        // restored from it has seen traffic all along, so it must not warm up again.
        harness = newHarness(NO_EARLY);
        harness.initializeState(snapshot);
        harness.open();
        spamCalls(4, 5);
        assertEquals(riskThenFirstFiveContacts(), kinds());
        AttributionInput first = harness.extractOutputValues().get(1);
        assertEquals(List.of("SCH-047"), first.getContact().getTouches().stream().map(t -> t.getSource()).toList());
        assertEquals(5, risks().get(0).getCalls(), "the four calls of the old profile count");

        OperatorSubtaskState after = harness.snapshot(2L, T0 + 2 * HOUR);
        harness.close();
        restore(after);
        spamCalls(5, 6);
        assertEquals(List.of("CONTACT:" + mobile(5)), kinds(), "the old list was emptied when its contacts moved");
    }

    /** Writes state as the function did before the compact codec: a version-1 profile and a contact list. */
    /** What the function of the version before kept of a complaint: a pending list and a timer. */
    private static final class PendingComplaintWriter extends KeyedProcessFunction<String, CallerEvent, AttributionInput> {
        @Override
        public void processElement(CallerEvent event, Context ctx, Collector<AttributionInput> out) throws Exception {
            getRuntimeContext().getListState(
                    new ListStateDescriptor<>("pending-complaints", TypeInformation.of(CallerEvent.class))).add(event);
            ctx.timerService().registerEventTimeTimer(event.timeMs);
        }
    }

    private static final class VersionOneProfileWriter
            extends KeyedProcessFunction<String, CallerEvent, AttributionInput> {
        private final CallerConfig config;
        private transient ValueState<byte[]> profile;
        private transient ListState<VictimContact> contacts;

        VersionOneProfileWriter(CallerConfig config) {
            this.config = config;
        }

        @Override
        public void open(OpenContext openContext) {
            StateTtlConfig ttl = StateTtl.refreshedOnWrite(config.callerTtl());
            profile = getRuntimeContext().getState(CallerProfileFunction.bytesDescriptor("caller-profile", ttl));
            contacts = getRuntimeContext().getListState(CallerProfileFunction.legacyContactsDescriptor(ttl));
        }

        @Override
        public void processElement(CallerEvent event, Context ctx, Collector<AttributionInput> out) throws Exception {
            CallerState s = profile.value() == null
                    ? CallerState.firstSeen(event.timeMs)
                    : CallerStateCodec.decode(profile.value());
            s.recordCall(event, config);
            contacts.add(CallerProfileFunction.toContact(event));
            s.buffered++;
            profile.update(CallerStateCodecTest.versionOne(s));
        }
    }
}
