package org.leaktrace.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.leaktrace.ingest.CdrRowParser;
import org.leaktrace.kafka.CsvRecords;
import org.leaktrace.sim.Truth;

/**
 * The earliest call at which each (campaign, leaked source) pair could have been detected: the
 * campaign's call that reached its {@code minVictims}-th distinct victim with an earlier contact
 * with the source in the CDRs themselves.
 *
 * <p>No test can blame a source before that many of the campaign's victims are known to have
 * dealt with it (a victim who never called the source, nor got its calls or SMS, is invisible
 * evidence), so this is a floor under "calls before detection" that the data sets, not the
 * pipeline. The gap between the two is the pipeline's own delay: waiting for a number to score as
 * risky, linking rotating numbers, the significance bar. Calls are counted as the evaluator counts
 * them: every CDR row of the campaign's numbers (calls, retries and texts), in time order.
 */
public final class EarliestDetection {

    private EarliestDetection() {
    }

    /** Key of a pair in the result map. */
    static String key(String campaignId, String source) {
        return campaignId + '\u0000' + source;
    }

    /**
     * Reads the CDR file (plain or .gz) with the replay's parser and returns, per pair key, the
     * 1-based count of the campaign's rows up to the one that reached {@code minVictims}; pairs
     * that never reach it are absent. Rows the replay would reject are skipped, as it skips them.
     */
    public static Map<String, Long> compute(Truth truth, Path cdr, String region, int minVictims)
            throws IOException {
        Map<String, String> sourceByLeak = new HashMap<>();
        Map<String, String> sourceOfOrg = new HashMap<>();
        Map<String, String> sourceByNumber = new HashMap<>();
        for (Truth.LeakTruth leak : truth.leaks()) {
            String source = Evaluator.leakSource(leak);
            sourceByLeak.put(leak.leakId(), source);
            if (leak.sourceOrgId() != null) {
                sourceOfOrg.put(leak.sourceOrgId(), source);
            }
            if (leak.sourceNumber() != null) {
                sourceByNumber.put(leak.sourceNumber(), source);
            }
        }
        for (Truth.Org o : truth.organizations()) {
            String source = sourceOfOrg.get(o.orgId());
            if (source != null) {
                o.numbers().forEach(n -> sourceByNumber.put(n, source));
            }
        }
        Map<String, String> campaignOfCaller = new HashMap<>();
        for (Truth.CampaignTruth c : truth.campaigns()) {
            c.callers().forEach(n -> campaignOfCaller.put(n, c.campaignId()));
        }

        // Each subscriber's first contact with each source, and every row of a campaign number.
        Map<String, Map<String, Long>> firstTouch = new HashMap<>();
        Map<String, List<long[]>> rowsByCampaign = new HashMap<>();
        List<String> victims = new ArrayList<>();
        Map<String, Integer> victimIndex = new HashMap<>();
        CsvRecords.read(cdr, new CdrRowParser(region), call -> {
            String caller = call.getCaller();
            String callee = call.getCallee();
            long timeMs = call.getStartTime().toEpochMilli();
            touch(firstTouch, callee, sourceByNumber.get(caller), timeMs);
            touch(firstTouch, caller, sourceByNumber.get(callee), timeMs);
            String campaign = campaignOfCaller.get(caller);
            if (campaign != null) {
                int v = victimIndex.computeIfAbsent(callee, k -> {
                    victims.add(k);
                    return victims.size() - 1;
                });
                rowsByCampaign.computeIfAbsent(campaign, k -> new ArrayList<>()).add(new long[] {timeMs, v});
            }
        }, rejected -> {
            // Not a call the replay would see either.
        });

        Map<String, Long> earliest = new HashMap<>();
        for (Truth.CampaignTruth c : truth.campaigns()) {
            List<long[]> rows = rowsByCampaign.get(c.campaignId());
            if (rows == null) {
                continue;
            }
            rows.sort(Comparator.comparingLong(row -> row[0]));
            for (String leakId : c.leakIds()) {
                String source = sourceByLeak.get(leakId);
                Set<String> reached = new HashSet<>();
                for (int i = 0; i < rows.size(); i++) {
                    String victim = victims.get((int) rows.get(i)[1]);
                    Long first = firstTouch.getOrDefault(victim, Map.of()).get(source);
                    if (first != null && first < rows.get(i)[0] && reached.add(victim)
                            && reached.size() == minVictims) {
                        earliest.put(key(c.campaignId(), source), (long) i + 1);
                        break;
                    }
                }
            }
        }
        return earliest;
    }

    private static void touch(
            Map<String, Map<String, Long>> firstTouch, String subscriber, String source, long timeMs) {
        if (source != null) {
            firstTouch.computeIfAbsent(subscriber, k -> new HashMap<>()).merge(source, timeMs, Math::min);
        }
    }
}
