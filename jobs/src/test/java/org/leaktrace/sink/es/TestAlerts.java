package org.leaktrace.sink.es;

import java.time.Instant;
import java.util.List;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.sink.Pseudonymizer;

/** Small builders of alerts with fixed instants for the sink tests. */
final class TestAlerts {
    static final Pseudonymizer KEY = Pseudonymizer.fromSecret("test-key-for-leaktrace-es-0123456789");
    static final Instant DETECTED = Instant.parse("2026-03-01T09:15:00+08:00");

    private TestAlerts() {}

    /** A suspicion of source {@code org} explained by {@code victims} (E.164, pseudonymized here). */
    static LeakSuspicion suspicion(String suspicionId, String campaignId, String org, List<String> victims, int update) {
        return LeakSuspicion.newBuilder()
                .setSuspicionId(suspicionId)
                .setSourceOrgId(org)
                .setSourceName("Sunrise Primary School " + org)
                .setSourceCategory("SCHOOL")
                .setSourceNumber(null)
                .setCampaignId(campaignId)
                .setCallers(List.of("+8613900000001", "+8613900000002"))
                .setVictims(victims.size())
                .setCampaignVictims(victims.size() + 3)
                .setSourceCustomers(400)
                .setPopulation(20_000)
                .setCandidatesTested(120)
                .setExpected(0.41)
                .setLift(victims.size() / 0.41)
                .setLog10P(-12.5 - update)
                .setEventTime(DETECTED.plusSeconds(3600L * update))
                .setFirstDetected(DETECTED)
                .setCallsBeforeDetection(57)
                .setEstimatedLeakTime(Instant.parse("2026-02-20T00:00:00+08:00"))
                .setLeakTimeEarliest(Instant.parse("2026-02-18T00:00:00+08:00"))
                .setLeakTimeLatest(Instant.parse("2026-02-22T00:00:00+08:00"))
                .setCampaigns(List.of(campaignId))
                .setVictimPseudonyms(victims.stream().map(KEY::pseudonym).toList())
                .setUpdate(update)
                .build();
    }

    /** A caller alert for {@code caller}. */
    static CallerAlert callerAlert(String caller, String campaignId) {
        return CallerAlert.newBuilder()
                .setAlertId("ca-" + caller.substring(1))
                .setCaller(caller)
                .setCampaignId(campaignId)
                .setScore(0.93)
                .setReasons(List.of("short_call_burst", "complaints:3"))
                .setEventTime(DETECTED.plusSeconds(60))
                .setFirstSeen(DETECTED.minusSeconds(7200))
                .setCalls(240)
                .setDistinctCallees(231)
                .setAnswerRate(0.35)
                .setShortCallShare(0.8)
                .setColdShare(0.97)
                .setReciprocity(0.0)
                .setComplaints(3)
                .setCallerImei(null)
                .build();
    }

    /** {@code n} distinct subscriber numbers starting at {@code +86138…base}. */
    static List<String> victims(int base, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "+86138" + String.format("%08d", base + i)).toList();
    }
}
