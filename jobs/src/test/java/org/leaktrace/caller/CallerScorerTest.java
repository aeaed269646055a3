package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leaktrace.caller.Events.DAY;
import static org.leaktrace.caller.Events.MINUTE;
import static org.leaktrace.caller.Events.T0;
import static org.leaktrace.caller.Events.call;
import static org.leaktrace.touch.CallBuilder.mobile;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leaktrace.touch.CallerEvent;

class CallerScorerTest {
    private final CallerConfig config = CallerConfig.defaults();

    private CallerState state(List<CallerEvent> calls) {
        CallerState s = CallerState.firstSeen(T0);
        for (CallerEvent c : calls) {
            s.recordCall(c, config);
        }
        return s;
    }

    @Test
    void spamCallerIsRiskyWithReasons() {
        List<CallerEvent> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(call(mobile(9000), mobile(i), T0 + i * 2 * MINUTE, i % 4 == 0, 10));
        }
        CallerState s = state(calls);
        s.complaintsMatched = 2;
        CallerAssessment a = CallerScorer.assess(s, config);

        assertTrue(CallerScorer.isRisky(s, a, config), "score " + a.score());
        assertTrue(a.score() > 0.95, "score " + a.score());
        assertEquals(List.of("fan_out:30", "short_call_share:1.00", "cold_share:1.00", "answer_rate:0.27",
                "complaints:2"), a.reasons());
        assertEquals(30, a.distinctCallees());
    }

    @Test
    void courierDriverIsNotRisky() {
        List<CallerEvent> calls = new java.util.ArrayList<>();
        for (int day = 0; day < 3; day++) {
            for (int i = 0; i < 40; i++) {
                boolean answered = i % 10 != 0;
                CallerEvent c = call(mobile(7000), mobile(day * 100 + i), T0 + day * DAY + i * 10 * MINUTE,
                        answered, 20 + (i * 7) % 70);
                calls.add(i % 10 < 8 ? Events.service(c) : c);
            }
        }
        CallerState s = state(calls);
        CallerAssessment a = CallerScorer.assess(s, config);
        assertFalse(CallerScorer.isRisky(s, a, config), "score " + a.score());
        assertTrue(a.score() < 0.1, "score " + a.score());
        assertTrue(a.distinctCallees() > 100, "estimated " + a.distinctCallees());
    }

    @Test
    void callCentreAgentOnUnregisteredNumberIsNotRisky() {
        List<CallerEvent> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean answered = i % 10 < 7;
            calls.add(call("+862087654321", mobile(i), T0 + i * 3 * MINUTE, answered, 60 + i % 240));
        }
        CallerState s = state(calls);
        s.reciprocations = 20;
        CallerAssessment a = CallerScorer.assess(s, config);
        assertFalse(CallerScorer.isRisky(s, a, config), "score " + a.score());
    }

    /**
     * A call centre whose first calls went unanswered looks like a campaign on every rate at its
     * fifth call; its one conversation of minutes is what tells it apart (seed 2, 5,000
     * subscribers, had such a centre alerted before long calls counted).
     */
    @Test
    void aConversationOfMinutesKeepsAnUnluckyCallCentreFromBeingJudgedAtItsFifthCall() {
        List<CallerEvent> centre = fifthCallWithOneAnswered("+862131369190", 180);
        CallerState s = state(centre);
        CallerAssessment a = CallerScorer.assess(s, config);
        assertEquals(config.minCalls(), s.calls);
        assertFalse(CallerScorer.isRisky(s, a, config), "score " + a.score());

        List<CallerEvent> campaign = fifthCallWithOneAnswered(mobile(9100), 20);
        CallerState c = state(campaign);
        assertTrue(CallerScorer.isRisky(c, CallerScorer.assess(c, config), config));
    }

    private static List<CallerEvent> fifthCallWithOneAnswered(String caller, int answeredSeconds) {
        List<CallerEvent> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(call(caller, mobile(300 + i), T0 + i * 20 * MINUTE, i == 2, i == 2 ? answeredSeconds : 0));
        }
        return calls;
    }

    @Test
    void normalSubscriberIsNotRisky() {
        List<CallerEvent> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            CallerEvent c = call(mobile(1), mobile(i % 5), T0 + i * DAY, i % 6 != 0, 45 + i * 20);
            calls.add(i < 5 && i % 2 == 0 ? c : Events.prior(c));
        }
        CallerState s = state(calls);
        s.reciprocations = 6;
        CallerAssessment a = CallerScorer.assess(s, config);
        assertFalse(CallerScorer.isRisky(s, a, config), "score " + a.score());
        assertTrue(a.score() < 0.01, "score " + a.score());
        assertEquals(List.of(), a.reasons().stream().filter(r -> r.startsWith("complaints")).toList());
    }

    @Test
    void fewCallsAreNeverRisky() {
        CallerState s = state(List.of(
                call(mobile(5), mobile(1), T0, false, 0),
                call(mobile(5), mobile(2), T0 + MINUTE, false, 0)));
        s.recordSignal("short_call_burst");
        CallerAssessment a = CallerScorer.assess(s, config);
        assertTrue(a.score() >= config.riskThreshold());
        assertFalse(CallerScorer.isRisky(s, a, config));
        assertTrue(a.reasons().contains("short_call_burst"));
    }

    @Test
    void complaintsAloneMakeANumberRiskyWhenNoCallIsSeen() {
        CallerState s = CallerState.firstSeen(T0);
        s.complaintsUnmatched = config.minComplaintsAlone() - 1;
        assertFalse(CallerScorer.isRisky(s, CallerScorer.assess(s, config), config));

        s.complaintsUnmatched++;
        CallerAssessment a = CallerScorer.assess(s, config);
        assertTrue(CallerScorer.isRisky(s, a, config));
        assertTrue(a.reasons().contains("complaints:" + config.minComplaintsAlone()), a.reasons().toString());
    }

    @Test
    void stateRoundTripsThroughCodec() {
        List<CallerEvent> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(call(mobile(9000), mobile(i), T0 + i * MINUTE, i % 3 == 0, 12));
        }
        CallerState s = state(calls);
        s.recordSignal("sequential_dialing");
        CallerState back = CallerStateCodec.decode(CallerStateCodec.encode(s));
        assertEquals(CallerScorer.assess(s, config), CallerScorer.assess(back, config));
        assertTrue(back.calledRecently(mobile(42), T0 + DAY, config));
        assertEquals(s.lastImei, back.lastImei);
        System.out.println("caller state bytes: heavy " + CallerStateCodec.encode(s).length + ", light "
                + CallerStateCodec.encode(state(calls.subList(0, 5))).length);
    }
}
