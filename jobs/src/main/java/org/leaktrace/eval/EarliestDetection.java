package org.leaktrace.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.leaktrace.ingest.InvalidRecordException;
import org.leaktrace.ingest.PhoneNumbers;
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
     * Reads the CDR file (plain or .gz, the contract's columns) and returns, per pair key, the
     * 1-based count of the campaign's rows up to the one that reached {@code minVictims}; pairs
     * that never reach it are absent. Rows whose numbers or time do not parse are skipped.
     */
    public static Map<String, Long> compute(Truth truth, Path cdr, String region, int minVictims)
            throws IOException {
        Map<String, Set<String>> numbersBySource = new HashMap<>();
        Map<String, String> sourceByNumber = new HashMap<>();
        for (Truth.LeakTruth leak : truth.leaks()) {
            String source = Evaluator.leakSource(leak);
            for (Truth.Org o : truth.organizations()) {
                if (o.orgId().equals(leak.sourceOrgId())) {
                    o.numbers().forEach(n -> sourceByNumber.put(n, source));
                }
            }
            if (leak.sourceNumber() != null) {
                sourceByNumber.put(leak.sourceNumber(), source);
            }
        }
        sourceByNumber.forEach((n, s) -> numbersBySource.computeIfAbsent(s, k -> new HashSet<>()).add(n));
        Map<String, String> campaignOfCaller = new HashMap<>();
        for (Truth.CampaignTruth c : truth.campaigns()) {
            c.callers().forEach(n -> campaignOfCaller.put(n, c.campaignId()));
        }

        // Each subscriber's first contact with each source, and every row of a campaign number.
        Map<String, Map<String, Long>> firstTouch = new HashMap<>();
        Map<String, List<long[]>> rowsByCampaign = new HashMap<>();
        List<String> victims = new ArrayList<>();
        Map<String, Integer> victimIndex = new HashMap<>();
        try (BufferedReader r = open(cdr)) {
            String header = r.readLine();
            if (header == null) {
                return Map.of();
            }
            List<String> columns = List.of(header.split(",", -1));
            int callerCol = columns.indexOf("caller");
            int calleeCol = columns.indexOf("callee");
            int timeCol = columns.indexOf("start_time");
            if (callerCol < 0 || calleeCol < 0 || timeCol < 0) {
                throw new IOException(cdr + ": no caller, callee or start_time column in " + header);
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                if (f.length < columns.size()) {
                    continue;
                }
                String caller;
                String callee;
                long timeMs;
                try {
                    caller = PhoneNumbers.normalize(f[callerCol], region);
                    callee = PhoneNumbers.normalize(f[calleeCol], region);
                    timeMs = OffsetDateTime.parse(f[timeCol]).toInstant().toEpochMilli();
                } catch (InvalidRecordException | DateTimeParseException e) {
                    continue;
                }
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
            }
        }

        Map<String, Long> earliest = new HashMap<>();
        for (Truth.CampaignTruth c : truth.campaigns()) {
            List<long[]> rows = rowsByCampaign.get(c.campaignId());
            if (rows == null) {
                continue;
            }
            rows.sort(Comparator.comparingLong(row -> row[0]));
            for (String leakId : c.leakIds()) {
                String source = truth.leaks().stream().filter(l -> l.leakId().equals(leakId))
                        .map(Evaluator::leakSource).findFirst().orElse(null);
                if (source == null || !numbersBySource.containsKey(source)) {
                    continue;
                }
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

    private static void touch(Map<String, Map<String, Long>> firstTouch, String subscriber, String source, long timeMs) {
        if (source != null) {
            firstTouch.computeIfAbsent(subscriber, k -> new HashMap<>()).merge(source, timeMs, Math::min);
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
