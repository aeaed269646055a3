package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubFunctionTest {
    private static final long T0 = CallBuilder.T0.toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final String AGENT = mobile(500);
    private static final String LANDLINE = "+862155550000";

    private final TouchConfig config = TouchConfig.defaults();
    private KeyedOneInputStreamOperatorTestHarness<String, PartyEvent, PartyEvent> harness;

    private KeyedOneInputStreamOperatorTestHarness<String, PartyEvent, PartyEvent> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new HubFunction(config)), e -> e.counterparty, Types.STRING);
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

    /** The caller's view of a voice call to {@code callee}. */
    private static PartyEvent callTo(String callee, String caller, long time, int seconds) {
        PartyEvent e = PartyEvent.touch(PartyEvent.CALLER, caller, callee, time);
        e.answered = seconds > 0;
        e.durationS = seconds;
        return e;
    }

    /** The callee's view of a call or text from {@code caller}. */
    private static PartyEvent callFrom(String caller, String callee, long time) {
        PartyEvent e = PartyEvent.touch(PartyEvent.CALLEE, callee, caller, time);
        e.recordId = "r-" + time;
        e.answered = true;
        e.durationS = 60;
        return e;
    }

    private void process(PartyEvent e) throws Exception {
        harness.processElement(e, e.timeMs);
    }

    private List<PartyEvent> drain() {
        List<PartyEvent> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    private void customersCall(int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            process(callTo(AGENT, mobile(1000 + i), T0 + i * HOUR, 120));
        }
    }

    @Test
    void aMobileWithFewCallersStaysAPerson() throws Exception {
        customersCall(0, config.hubMinCallers() - 1);
        process(callFrom(AGENT, mobile(7), T0 + 100 * HOUR));

        List<PartyEvent> out = drain();
        assertEquals(config.hubMinCallers(), out.size());
        assertTrue(out.stream().allMatch(e -> e.kind == PartyEvent.CALLER || e.kind == PartyEvent.CALLEE));
    }

    @Test
    void enoughDistinctCallersMakeAHubAndItsEarlierCustomersAreReplayedAsTouches() throws Exception {
        customersCall(0, config.hubMinCallers() - 1);
        drain();
        customersCall(config.hubMinCallers() - 1, 1);

        List<PartyEvent> replayed = drain();
        assertEquals(config.hubMinCallers(), replayed.size());
        for (int i = 0; i < replayed.size(); i++) {
            PartyEvent e = replayed.get(i);
            assertEquals(PartyEvent.TOUCH_OUT, e.kind);
            assertEquals(mobile(1000 + i), e.subscriber);
            assertEquals(AGENT, e.counterparty);
            assertEquals(T0 + i * HOUR, e.timeMs);
        }
    }

    @Test
    void aHubsCallsToAndFromCustomersAreTouches() throws Exception {
        customersCall(0, config.hubMinCallers());
        drain();

        process(callTo(AGENT, mobile(9001), T0 + 200 * HOUR, 0));
        process(callFrom(AGENT, mobile(9002), T0 + 201 * HOUR));

        List<PartyEvent> out = drain();
        assertEquals(2, out.size());
        assertEquals(PartyEvent.TOUCH_OUT, out.get(0).kind);
        assertEquals(mobile(9001), out.get(0).subscriber);
        assertEquals(PartyEvent.TOUCH_IN, out.get(1).kind);
        assertEquals(mobile(9002), out.get(1).subscriber);
        assertEquals(AGENT, out.get(1).counterparty);
    }

    @Test
    void repeatedShortOrUnansweredCallsDoNotCount() throws Exception {
        for (int i = 0; i < 3 * config.hubMinCallers(); i++) {
            process(callTo(AGENT, mobile(1000 + i), T0 + i * HOUR, i % 2 == 0 ? 0 : 10));
        }
        for (int i = 0; i < 3 * config.hubMinCallers(); i++) {
            process(callTo(AGENT, mobile(1), T0 + (100 + i) * HOUR, 300));
        }
        assertTrue(drain().stream().noneMatch(e -> e.kind == PartyEvent.TOUCH_OUT));
    }

    @Test
    void touchesAndNonMobileNumbersPassThrough() throws Exception {
        PartyEvent touch = PartyEvent.touch(PartyEvent.TOUCH_OUT, mobile(1), "ORG-1", T0);
        process(touch);
        for (int i = 0; i < 2 * config.hubMinCallers(); i++) {
            process(callTo(LANDLINE, mobile(1000 + i), T0 + i * HOUR, 120));
        }
        List<PartyEvent> out = drain();
        assertEquals(1 + 2 * config.hubMinCallers(), out.size());
        assertEquals(PartyEvent.TOUCH_OUT, out.get(0).kind);
        assertTrue(out.stream().skip(1).allMatch(e -> e.kind == PartyEvent.CALLER));
    }

    @Test
    void bufferIsDroppedOnceAHubIsKnownAndBothSurviveRestore() throws Exception {
        customersCall(0, config.hubMinCallers() - 1);
        assertEquals(1, harness.numKeyedStateEntries(), "the kept callers");
        OperatorSubtaskState halfway = harness.snapshot(1, T0);
        harness.close();

        harness = newHarness();
        harness.initializeState(halfway);
        harness.open();
        customersCall(config.hubMinCallers() - 1, 1);
        assertEquals(config.hubMinCallers(), drain().size());
        assertEquals(1, harness.numKeyedStateEntries(), "only the hub flag");

        OperatorSubtaskState hub = harness.snapshot(2, T0);
        harness.close();
        harness = newHarness();
        harness.initializeState(hub);
        harness.open();
        process(callFrom(AGENT, mobile(9002), T0 + 300 * HOUR));
        assertEquals(PartyEvent.TOUCH_IN, drain().get(0).kind);
    }

    @Test
    void packsE164DigitsAndRejectsAnythingElse() {
        assertEquals(8613800000001L, HubFunction.pack("+8613800000001"));
        assertEquals("+8613800000001", HubFunction.unpack(HubFunction.pack("+8613800000001")));
        assertEquals(-1, HubFunction.pack("ORG-1"));
        assertEquals(-1, HubFunction.pack("+0123"));
        assertEquals(-1, HubFunction.pack("+12345678901234567"));
    }
}
