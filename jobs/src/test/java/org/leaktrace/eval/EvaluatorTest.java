package org.leaktrace.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.sim.Truth;
import org.leaktrace.sim.WorldSimulator;

class EvaluatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String A1 = "+8613800000001";
    private static final String A2 = "+8613800000002";
    private static final String B1 = "+8613900000001";
    private static final String C1 = "+8613700000001";
    private static final String DRIVER = "+8618600000001";
    private static final String DIALER = "+8618600000002";
    private static final String CENTRE = "+862138000001";
    private static final String UNREGISTERED = "+862131111111";

    static Truth truth() {
        List<Truth.Org> orgs = List.of(
                new Truth.Org("SCH-001", "School", "SCHOOL", true, List.of("+862131234567"), 400, 50),
                new Truth.Org("BNK-001", "Bank", "BANK", true, List.of("+8695588"), 4000, 500),
                new Truth.Org("UNR-001", "Tutoring", "SCHOOL", false, List.of(UNREGISTERED), 120, 20));
        List<Truth.LeakTruth> leaks = List.of(
                new Truth.LeakTruth("LEAK-01", "SCH-001", null, "2026-01-10T00:00:00+08:00", 350),
                new Truth.LeakTruth("LEAK-02", "UNR-001", UNREGISTERED, "2026-01-12T12:00:00+08:00", 100));
        List<Truth.CampaignTruth> campaigns = List.of(
                campaign("CMP-01", List.of(A1, A2), List.of("LEAK-01"), List.of("2026-01-12T09:00:00+08:00",
                        "2026-01-12T09:10:00+08:00", "2026-01-12T09:20:00+08:00", "2026-01-12T09:30:00+08:00",
                        "2026-01-12T09:40:00+08:00")),
                campaign("CMP-02", List.of(B1), List.of("LEAK-01", "LEAK-02"), List.of("2026-01-14T10:00:00+08:00",
                        "2026-01-14T11:00:00+08:00", "2026-01-14T12:00:00+08:00")),
                campaign("CMP-03", List.of(C1), List.of("LEAK-02"), List.of()));
        List<Truth.LookalikeTruth> lookalikes = List.of(
                new Truth.LookalikeTruth(DRIVER, "COURIER_DRIVER", "CUR-001"),
                new Truth.LookalikeTruth(DIALER, "RANDOM_DIALER", null),
                new Truth.LookalikeTruth(CENTRE, "CALL_CENTRE", "BNK-001"));
        return new Truth(new Truth.Config(1, 20_000, 21, "2026-01-05", "Asia/Shanghai", 0, 5),
                new Truth.Counts(0, 0, 0, 0), orgs, leaks, campaigns, lookalikes, List.of(), List.of());
    }

    static Truth.CampaignTruth campaign(String id, List<String> callers, List<String> leakIds, List<String> times) {
        return new Truth.CampaignTruth(id, callers, null, "SIM_BOX", "SHUFFLED", leakIds, 0.1, 10, 9,
                times.isEmpty() ? null : times.get(0), times.isEmpty() ? null : times.get(times.size() - 1),
                times.size(), 0, 1, 0, times);
    }

    static String suspicion(String id, String org, String number, List<String> callers, Object eventTime,
            String estimatedLeak) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", "leak_suspicion");
        n.put("suspicion_id", id);
        n.put("source_org_id", org);
        n.put("source_number", number);
        n.put("campaign_id", "c-" + id);
        n.set("callers", MAPPER.valueToTree(callers));
        n.put("victims", 12);
        if (eventTime instanceof Long) {
            n.put("event_time", (Long) eventTime);
        } else {
            n.put("event_time", (String) eventTime);
        }
        n.put("estimated_leak_time", estimatedLeak);
        n.put("some_future_field", "ignored");
        return n.toString();
    }

    static String callerAlert(String caller) {
        return callerAlert(caller, null);
    }

    static String callerAlert(String caller, String campaignId) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", "caller_alert");
        n.put("caller", caller);
        if (campaignId != null) {
            n.put("campaign_id", campaignId);
        }
        n.put("score", 0.9);
        n.put("event_time", "2026-01-12T10:00:00+08:00");
        return n.toString();
    }

    static List<String> alerts() {
        List<String> lines = new ArrayList<>();
        lines.add(suspicion("S1", "SCH-001", null, List.of(A1), "2026-01-12T09:20:00+08:00", "2026-01-11T00:00:00+08:00"));
        lines.add(callerAlert(A1));
        lines.add(suspicion("S3", "BNK-001", null, List.of(A1), "2026-01-12T09:25:00+08:00", null));
        lines.add(suspicion("S5", "SCH-001", null, List.of(A2), "2026-01-12T09:35:00+08:00", "2026-01-09T00:00:00+08:00"));
        lines.add(suspicion("S1", "SCH-001", null, List.of(A1, A2, DRIVER), "2026-01-12T09:40:00+08:00",
                "2026-01-10T12:00:00+08:00"));
        lines.add(suspicion("S2", null, UNREGISTERED, List.of(B1),
                Instant.parse("2026-01-14T03:30:00Z").toEpochMilli(), null));
        lines.add(suspicion("S4", "SCH-001", null, List.of(DIALER), "2026-01-14T09:00:00+08:00", null));
        lines.add(callerAlert(CENTRE));
        lines.add(callerAlert(DIALER));
        lines.add(callerAlert(DIALER));
        lines.add("{\"kind\":\"heartbeat\",\"event_time\":\"2026-01-12T10:00:00+08:00\"}");
        lines.add("");
        lines.add("not json at all");
        return lines;
    }

    @Test
    void scoresAHandBuiltRunExactly() {
        EvaluationResult r = Evaluator.evaluate(truth(), alerts());
        assertEquals(5, r.suspicions());
        assertEquals(3, r.correctSuspicions());
        assertEquals(0.6, r.precision(), 1e-9);
        assertEquals(3, r.pairs(), "CMP-03 made no call and cannot be found");
        assertEquals(2, r.foundPairs());
        assertEquals(2.0 / 3, r.recall(), 1e-9);
        assertEquals(new EvaluationResult.Stat(2, 2.5, 3.0), r.callsBeforeDetection());
        assertEquals(new EvaluationResult.Stat(1, 0.5, 0.5), r.leakTimeErrorDays());
        assertEquals(Map.of("COURIER_DRIVER", List.of(DRIVER), "RANDOM_DIALER", List.of(DIALER)),
                r.legitimateInSuspicions());
        assertEquals(Map.of("CALL_CENTRE", List.of(CENTRE), "RANDOM_DIALER", List.of(DIALER)),
                r.legitimateWithCallerAlerts());
        assertEquals(3, r.callerAlerts());
        assertEquals(1, r.campaignCallersAlerted());
        assertEquals(3, r.campaignCallers());
        assertEquals(0, r.otherCallersAlerted(), "every alerted caller is a campaign number or a look-alike");
        assertEquals(0, r.campaignsAlerted(), "the alerts carry no campaign");
        assertEquals(3, r.distinctSourcesNamed());
        assertEquals(1, r.unreadableLines());
    }

    /** An ordinary subscriber alerted, even once and withdrawn, is a false alarm the look-alikes miss. */
    @Test
    void ordinarySubscribersWithACallerAlertAreCounted() {
        List<String> lines = new ArrayList<>(alerts());
        lines.add(callerAlert("+8613100000001"));
        lines.add(callerAlert("+8613100000002"));
        lines.add(callerAlert("+8613100000002"));
        EvaluationResult r = Evaluator.evaluate(truth(), lines);
        assertEquals(2, r.otherCallersAlerted());
        assertEquals(20_000, r.subscribers());
        assertEquals(1e-4, r.otherCallersAlertedShare(), 1e-12);
        assertTrue(EvaluateCommand.report(r).contains("Other subscribers w/ caller alert: 2 (0.0100% of 20000)"),
                EvaluateCommand.report(r));
    }

    @Test
    void aSuspicionWhoseLastLineSaysWhichGoesOnIsCountedAsEndedByAMerge() {
        List<String> lines = new ArrayList<>(alerts());
        String last = suspicion("S5", "SCH-001", null, List.of(A1, A2), "2026-01-12T09:45:00+08:00", null);
        lines.add(last.substring(0, last.lastIndexOf('}')) + ",\"merged_into\":\"S1\"}");
        EvaluationResult r = Evaluator.evaluate(truth(), lines);
        assertEquals(1, r.suspicionsEndedByMerge());
        assertEquals(5, r.suspicions(), "still said, so still counted");
        assertEquals(0, Evaluator.evaluate(truth(), alerts()).suspicionsEndedByMerge());
    }

    @Test
    void detectionIsTheFirstLineOfTheEarliestFindingSuspicion() {
        EvaluationResult r = Evaluator.evaluate(truth(), alerts());
        EvaluationResult.Pair schoolPair = r.pairDetails().stream()
                .filter(p -> p.campaignId().equals("CMP-01")).findFirst().orElseThrow();
        assertEquals("S1", schoolPair.suspicionId());
        assertEquals(3L, schoolPair.callsBeforeDetection());
        assertEquals(0.5, schoolPair.leakTimeErrorDays(), 1e-9);
        EvaluationResult.Pair resale = r.pairDetails().stream()
                .filter(p -> p.campaignId().equals("CMP-02") && p.source().equals("SCH-001")).findFirst().orElseThrow();
        assertFalse(resale.found());
        EvaluationResult.Pair unregistered = r.pairDetails().stream()
                .filter(p -> p.source().equals("UNR-001")).findFirst().orElseThrow();
        assertTrue(unregistered.found());
        assertEquals(2L, unregistered.callsBeforeDetection());
        assertNull(unregistered.leakTimeErrorDays());
    }

    /**
     * A second buyer of a list whose numbers join a suspicion raised days before for the first
     * buyer is detected when its own numbers are named, not at the suspicion's first line (which
     * once counted it as found after 0 calls).
     */
    @Test
    void aCampaignJoiningAnEarlierSuspicionIsDetectedWhenItsOwnNumbersAreNamed() {
        Truth t = truth();
        List<Truth.CampaignTruth> campaigns = new ArrayList<>(t.campaigns());
        String d1 = "+8613600000001";
        campaigns.add(campaign("CMP-04", List.of(d1), List.of("LEAK-01"), List.of("2026-01-15T10:00:00+08:00",
                "2026-01-15T11:00:00+08:00", "2026-01-15T12:00:00+08:00")));
        Truth withSecondBuyer = new Truth(t.config(), t.counts(), t.organizations(), t.leaks(), campaigns,
                t.lookalikes(), List.of(), List.of());
        List<String> lines = new ArrayList<>(alerts());
        lines.add(suspicion("S1", "SCH-001", null, List.of(A1, A2, d1), "2026-01-15T11:30:00+08:00",
                "2026-01-10T06:00:00+08:00"));

        EvaluationResult r = Evaluator.evaluate(withSecondBuyer, lines);
        EvaluationResult.Pair second = r.pairDetails().stream()
                .filter(p -> p.campaignId().equals("CMP-04")).findFirst().orElseThrow();
        assertTrue(second.found());
        assertEquals("S1", second.suspicionId());
        assertEquals(2L, second.callsBeforeDetection());
        EvaluationResult.Pair first = r.pairDetails().stream()
                .filter(p -> p.campaignId().equals("CMP-01")).findFirst().orElseThrow();
        assertEquals(3L, first.callsBeforeDetection());
    }

    /**
     * Each number's latest caller alert says which campaign it ended in: CMP-01's two numbers
     * start apart and end in one, CMP-02's single number is whole by itself.
     */
    @Test
    void aCampaignIsWholeWhenItsNumbersEndInOneCampaign() {
        List<String> lines = new ArrayList<>();
        lines.add(callerAlert(A1, "cmp-a"));
        lines.add(callerAlert(A2, "cmp-b"));
        lines.add(callerAlert(B1, "cmp-c"));
        EvaluationResult apart = Evaluator.evaluate(truth(), lines);
        assertEquals(2, apart.campaignsAlerted());
        assertEquals(1, apart.campaignsWhole());
        assertEquals(new EvaluationResult.Stat(2, 1.5, 2.0), apart.campaignPieces());
        assertEquals(0, apart.joinedCampaigns());

        lines.add(callerAlert(A2, "cmp-a"));
        EvaluationResult joined = Evaluator.evaluate(truth(), lines);
        assertEquals(2, joined.campaignsWhole());
        assertEquals(new EvaluationResult.Stat(2, 1.0, 1.0), joined.campaignPieces());
        assertEquals(0, joined.joinedCampaigns());
        assertTrue(EvaluateCommand.report(joined).contains("Campaigns found whole : 2 of 2 alerted"));

        lines.add(callerAlert(B1, "cmp-a"));
        EvaluationResult buyers = Evaluator.evaluate(truth(), lines);
        assertEquals(1, buyers.joinedCampaigns(), "CMP-01 and CMP-02 in one campaign");
        assertEquals(2, buyers.campaignsWhole());
    }

    @Test
    void noAlertsMeansNothingFoundAndNothingWrong() {
        EvaluationResult r = Evaluator.evaluate(truth(), List.of());
        assertEquals(0, r.suspicions());
        assertEquals(1.0, r.precision());
        assertEquals(0.0, r.recall());
        assertEquals(new EvaluationResult.Stat(0, null, null), r.callsBeforeDetection());
        assertEquals(0, r.legitimateInSuspicionsTotal());
    }

    @Test
    void commandReadsFilesPrintsAReportAndWritesJson(@TempDir Path dir) throws Exception {
        Path truthFile = dir.resolve("truth.json");
        Path alertsFile = dir.resolve("alerts.jsonl");
        Path json = dir.resolve("eval.json");
        WorldSimulator.mapper().writeValue(truthFile.toFile(), truth());
        Files.write(alertsFile, alerts());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvaluateCommand.run(new String[] {"--truth", truthFile.toString(), "--alerts", alertsFile.toString(),
            "--json", json.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("Attribution precision : 0.600"), report);
        assertTrue(report.contains("Attribution recall    : 0.667"), report);
        EvaluationResult back = MAPPER.readValue(json.toFile(), EvaluationResult.class);
        assertEquals(Evaluator.evaluate(truth(), alerts()), back);
    }

    @Test
    void commandExplainsItselfAndRejectsMissingFlags() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, EvaluateCommand.run(new String[] {"--help"}, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: evaluate"));
        assertEquals(2, EvaluateCommand.run(new String[] {"--truth", "t.json"}, o, e));
        assertEquals(2, EvaluateCommand.run(new String[] {"--bogus", "1"}, o, e));
    }
}
