package org.leaktrace.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarliestDetectionTest {
    private static final String SCHOOL = "+862131234567";
    private static final String A1 = "+8613800000001";
    private static final String A2 = "+8613800000002";
    private static final String V1 = "+8613500000001";
    private static final String V2 = "+8613500000002";
    private static final String V3 = "+8613500000003";
    private static final String V4 = "+8613500000004";
    private static final String V5 = "+8613500000005";
    private static final String V6 = "+8613500000006";
    private static final String STRANGER = "+8613500000009";

    @TempDir
    Path dir;

    /** CDR rows in the contract's columns, numbers and times as given. */
    private static final class Cdr {
        private final List<String> rows = new ArrayList<>(
                List.of("record_id,type,caller,callee,start_time,duration_s,answered,caller_imei,cell_id"));

        Cdr call(String caller, String callee, String time) {
            rows.add("CDR" + rows.size() + ",VOICE," + caller + "," + callee + "," + time + ",0,false,,");
            return this;
        }

        Cdr raw(String line) {
            rows.add(line);
            return this;
        }

        Path write(Path file) throws Exception {
            Files.write(file, rows, StandardCharsets.UTF_8);
            return file;
        }
    }

    /**
     * Campaign CMP-01 (A1, A2) works the school's list: V1–V3 had dealt with the school before its
     * calls (V2 in the international format, V3 by calling it), V4 only after; a stranger never.
     * V5 and V6 are called last.
     */
    private Path cdr() throws Exception {
        return new Cdr()
                .call(SCHOOL, V1, "2026-01-08T10:00:00+08:00")
                .call(SCHOOL, "0086" + V2.substring(3), "2026-01-08T11:00:00+08:00")
                .call(V3.substring(3), "02131234567", "2026-01-09T12:00:00+08:00")
                .call(SCHOOL, V5, "2026-01-10T10:00:00+08:00")
                .call(SCHOOL, V6, "2026-01-10T10:00:00+08:00")
                .call(A1, V1, "2026-01-12T09:00:00+08:00")
                .call(A2, STRANGER, "2026-01-12T09:10:00+08:00")
                .call(A1, V2, "2026-01-12T09:20:00+08:00")
                // Out of time order in the file, as CDR feeds are.
                .call(A1, V3, "2026-01-12T09:40:00+08:00")
                .call(A2, V4, "2026-01-12T09:30:00+08:00")
                .call(V4, SCHOOL, "2026-01-12T09:45:00+08:00")
                .call(A1, V1, "2026-01-12T09:50:00+08:00")
                .call(A2, V5, "2026-01-12T09:55:00+08:00")
                .call(A1, V6, "2026-01-12T10:00:00+08:00")
                .raw("broken,row")
                .call(A1, V2, "not a time")
                .write(dir.resolve("cdr.csv"));
    }

    @Test
    void countsTheCampaignsCallsUpToTheVictimThatReachesTheMinimum() throws Exception {
        Path cdr = cdr();
        String pair = EarliestDetection.key("CMP-01", "SCH-001");
        assertEquals(1L, EarliestDetection.compute(EvaluatorTest.truth(), cdr, "CN", 1).get(pair));
        // V1 at the 1st call, V2 at the 3rd, the stranger and V4 (touched after) do not count.
        assertEquals(5L, EarliestDetection.compute(EvaluatorTest.truth(), cdr, "CN", 3).get(pair));
        // V1 called again (6th) is not a fourth victim, and V4's contact came after its call.
        assertEquals(7L, EarliestDetection.compute(EvaluatorTest.truth(), cdr, "CN", 4).get(pair));
        assertFalse(EarliestDetection.compute(EvaluatorTest.truth(), cdr, "CN", 6).containsKey(pair));
    }

    @Test
    void evaluateReportsItBesideCallsBeforeDetection() throws Exception {
        Path cdr = cdr();
        Path truth = dir.resolve("truth.json");
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(truth.toFile(), EvaluatorTest.truth());
        Path alerts = Files.write(dir.resolve("alerts.jsonl"), EvaluatorTest.alerts(), StandardCharsets.UTF_8);

        EvaluationResult without = Evaluator.evaluate(truth, alerts);
        assertEquals(0, without.earliestPossibleCalls().count());
        assertNull(without.pairDetails().get(0).earliestPossibleCalls());

        EvaluationResult with = Evaluator.evaluate(truth, alerts, cdr, "CN");
        Map<String, Long> floors = new java.util.HashMap<>();
        with.pairDetails().forEach(p -> floors.put(p.campaignId() + "/" + p.source(), p.earliestPossibleCalls()));
        assertEquals(8L, floors.get("CMP-01/SCH-001"), "the default minimum is 5 victims");
        assertNull(floors.get("CMP-02/SCH-001"), "CMP-02 made no call in these CDRs");
        assertEquals(new EvaluationResult.Stat(1, 8.0, 8.0), with.earliestPossibleCalls());
        assertEquals(without.callsBeforeDetection(), with.callsBeforeDetection());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = EvaluateCommand.run(new String[] {"--truth", truth.toString(), "--alerts", alerts.toString(),
                "--cdr", cdr.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("earliest possible   : median 8, max 8 (n=1)"), report);
        assertTrue(report.contains("(possible after 8)"), report);
    }
}
