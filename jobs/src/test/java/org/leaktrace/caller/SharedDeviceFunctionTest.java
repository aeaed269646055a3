package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.leaktrace.caller.Events.MINUTE;
import static org.leaktrace.caller.Events.T0;
import static org.leaktrace.caller.Events.call;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.leaktrace.touch.CallerEvent;

class SharedDeviceFunctionTest {
    private static final String BOX = "IMEI-BOX";

    private final CallerConfig config = CallerConfig.defaults();
    private KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> harness;
    private int callee;

    private KeyedOneInputStreamOperatorTestHarness<String, CallerEvent, CallerEvent> newHarness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SharedDeviceFunction(config)), (CallerEvent e) -> e.callerImei,
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

    /** The defaults with other device settings. */
    private CallerConfig withDevices(int sharedDeviceNumbers, int numbersPerDevice) {
        CallerConfig c = config;
        return new CallerConfig(c.shortCallSeconds(), c.complaintWindow(), c.complaintPatternWindow(),
                c.callerTtl(), c.riskThreshold(), c.minCalls(), c.minComplaintsAlone(), c.bufferedContacts(),
                c.bufferWindow(), c.bufferMinScore(), c.burstCalls(), c.burstWindow(), c.sequentialCalls(),
                c.sequentialMaxStep(), c.materialScoreChange(), c.reasonMinContribution(), c.distinctExactLimit(),
                c.distinctBitmapBits(), c.recentCalleeBits(), sharedDeviceNumbers, numbersPerDevice, c.coldWarmUp(),
                c.earlyMaxCalls(), c.earlyFreshness(),
                c.weights());
    }

    /** A cold call from {@code caller} on {@code imei}, answered for {@code durationS} or not. */
    private void coldCall(String caller, String imei, boolean answered, int durationS) throws Exception {
        callee++;
        CallerEvent e = call(caller, mobile(5000 + callee), T0 + callee * MINUTE, answered, durationS);
        e.callerImei = imei;
        harness.processElement(e, e.timeMs);
    }

    private List<String> signalled() {
        return harness.extractOutputValues().stream()
                .map(e -> e.signal + ":" + e.caller)
                .toList();
    }

    @Test
    void rotatingNumbersOnOneBoxAreSignalledOnceThePooledCallsAreRisky() throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int n = 1; n <= 3; n++) {
                coldCall(mobile(n), BOX, false, 0);
            }
        }
        assertEquals(List.of("shared_device:" + mobile(1), "shared_device:" + mobile(2),
                "shared_device:" + mobile(3)), signalled(),
                "judged at the 5th pooled call (pooling starts with the second number), each number once");
        coldCall(mobile(1), BOX, false, 0);
        coldCall(mobile(4), BOX, false, 0);
        assertEquals(4, signalled().size(), "a known number is not signalled again, a new one is");
        assertEquals("shared_device:" + mobile(4), signalled().get(3));
    }

    @Test
    void aPhoneWithOneNumberHoldsOnlyThatNumber() throws Exception {
        for (int i = 0; i < 10; i++) {
            coldCall(mobile(1), "IMEI-PHONE", false, 0);
        }
        assertEquals(List.of(), signalled());
        assertEquals(1, harness.numKeyedStateEntries(), "no pooled profile until a second number");
    }

    @Test
    void aDualSimPhoneIsNeverShared() throws Exception {
        for (int i = 0; i < 20; i++) {
            coldCall(mobile(1 + i % 2), "IMEI-DUAL", false, 0);
        }
        assertEquals(List.of(), signalled());
    }

    @Test
    void aSharedDeviceThatCallsLikeABusinessIsNotSignalled() throws Exception {
        for (int i = 0; i < 30; i++) {
            coldCall(mobile(1 + i % 6), "IMEI-PBX", true, 240);
        }
        assertEquals(List.of(), signalled());
    }

    @Test
    void numbersBeyondTheRememberedOnesAreSignalledAtEachCall() throws Exception {
        CallerConfig small = withDevices(3, 3);
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SharedDeviceFunction(small)), (CallerEvent e) -> e.callerImei,
                Types.STRING);
        harness.open();
        for (int i = 0; i < 6; i++) {
            coldCall(mobile(1 + i % 3), BOX, false, 0);
        }
        assertEquals(3, signalled().size());
        coldCall(mobile(9), BOX, false, 0);
        coldCall(mobile(9), BOX, false, 0);
        assertEquals(List.of("shared_device:" + mobile(9), "shared_device:" + mobile(9)),
                signalled().subList(3, 5), "unremembered: signalled again, which the profile ignores");
    }

    @Test
    void callsWithPriorContactDoNotCount() throws Exception {
        for (int i = 0; i < 20; i++) {
            callee++;
            CallerEvent e = Events.prior(call(mobile(1 + i % 4), mobile(5000 + callee), T0 + callee * MINUTE, false, 0));
            e.callerImei = BOX;
            harness.processElement(e, e.timeMs);
        }
        assertEquals(List.of(), signalled());
    }

    @Test
    void stateSurvivesSnapshotAndRestoreAndExpires() throws Exception {
        coldCall(mobile(1), BOX, false, 0);
        coldCall(mobile(2), BOX, false, 0);
        coldCall(mobile(3), BOX, false, 0);
        coldCall(mobile(1), BOX, false, 0);
        coldCall(mobile(3), BOX, false, 0);
        assertEquals(List.of(), signalled(), "4 calls pooled, from the second number on");
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        coldCall(mobile(2), BOX, false, 0);
        assertEquals(3, signalled().size(), "the pooled calls and numbers were restored");

        harness.setStateTtlProcessingTime(config.callerTtl().toMillis() + 1);
        coldCall(mobile(7), BOX, false, 0);
        assertEquals(3, signalled().size(), "an expired device starts over: one number, one call");
    }

    @Test
    void rejectsFewerRememberedNumbersThanMakeADeviceShared() {
        assertThrows(IllegalArgumentException.class, () -> new SharedDeviceFunction(withDevices(4, 3)));
    }
}
