package org.leaktrace.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.leaktrace.attribution.AttributionConfig;
import org.leaktrace.sim.Truth;

/**
 * Scores alerts (the contract's JSON Lines) against a world's truth.json.
 *
 * <p>A suspicion is identified by its {@code suspicion_id}: its last line is its final state. A
 * campaign is detected for a source at the first line, of a correct suspicion of that source, that
 * names one of the campaign's own callers: a campaign merged into a suspicion raised earlier for
 * another buyer of the same list is detected when its numbers join it, not before its first call.
 * Its source is {@code source_org_id}, or, when that is
 * null, the organization owning {@code source_number} in the truth (so an unregistered source is
 * recognised by its number), or the bare number. A suspicion is correct when a truth campaign
 * bought that source's list and shares at least one caller with the suspicion's final callers.
 * Campaigns that made no call inside the period cannot be detected and are left out of recall.
 * A campaign is found whole when every one of its numbers with a caller alert is, by its latest
 * alert, in one and the same LeakTrace campaign; a LeakTrace campaign is joined when its numbers
 * are of two or more truth campaigns.
 */
public final class Evaluator {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Evaluator() {
    }

    /** Reads both files and scores them. */
    public static EvaluationResult evaluate(Path truthFile, Path alertsFile) throws IOException {
        return evaluate(truthFile, alertsFile, null, "CN");
    }

    /**
     * Reads the files and scores them; with the world's CDRs ({@code cdrFile} not null, numbers
     * without country code read in {@code region}), each pair's earliest possible detection too.
     */
    public static EvaluationResult evaluate(Path truthFile, Path alertsFile, Path cdrFile, String region)
            throws IOException {
        Truth truth = MAPPER.readValue(truthFile.toFile(), Truth.class);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(alertsFile, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        }
        Map<String, Long> earliest = cdrFile == null ? Map.of()
                : EarliestDetection.compute(truth, cdrFile, region, AttributionConfig.defaults().minVictims());
        return evaluate(truth, lines, earliest);
    }

    /** Scores alert lines (blank lines skipped, unreadable ones counted) against a truth. */
    public static EvaluationResult evaluate(Truth truth, List<String> alertLines) {
        return evaluate(truth, alertLines, Map.of());
    }

    /**
     * Scores alert lines against a truth, with each pair's earliest possible detection ({@link
     * EarliestDetection}, keyed by {@link EarliestDetection#key}; empty when not computed).
     */
    public static EvaluationResult evaluate(Truth truth, List<String> alertLines, Map<String, Long> earliest) {
        Map<String, String> orgByNumber = new HashMap<>();
        for (Truth.Org o : truth.organizations()) {
            for (String n : o.numbers()) {
                orgByNumber.put(n, o.orgId());
            }
        }
        Map<String, Truth.LeakTruth> leakById = new HashMap<>();
        Map<String, Instant> leakTimeBySource = new HashMap<>();
        for (Truth.LeakTruth l : truth.leaks()) {
            leakById.put(l.leakId(), l);
            leakTimeBySource.put(leakSource(l), parseTime(l.leakTime()));
        }
        Map<String, Set<String>> sourcesByCampaign = new LinkedHashMap<>();
        for (Truth.CampaignTruth c : truth.campaigns()) {
            Set<String> sources = new LinkedHashSet<>();
            for (String id : c.leakIds()) {
                sources.add(leakSource(leakById.get(id)));
            }
            sourcesByCampaign.put(c.campaignId(), sources);
        }

        Map<String, Suspicion> suspicions = new LinkedHashMap<>();
        Set<String> alertedCallers = new TreeSet<>();
        Map<String, String> campaignOfCaller = new HashMap<>();
        Set<String> namedInSuspicions = new HashSet<>();
        int unreadable = 0;
        for (String line : alertLines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (IOException e) {
                unreadable++;
                continue;
            }
            if (node == null || !node.isObject()) {
                unreadable++;
                continue;
            }
            String kind = text(node, "kind");
            if ("leak_suspicion".equals(kind)) {
                String id = text(node, "suspicion_id");
                if (id == null) {
                    unreadable++;
                    continue;
                }
                Suspicion s = suspicions.computeIfAbsent(id, Suspicion::new);
                s.last = node;
                Set<String> named = callers(node);
                s.recordNamed(named, eventTime(node));
                namedInSuspicions.addAll(named);
            } else if ("caller_alert".equals(kind)) {
                String caller = text(node, "caller");
                if (caller != null) {
                    alertedCallers.add(caller);
                    String campaign = text(node, "campaign_id");
                    if (campaign != null) {
                        campaignOfCaller.put(caller, campaign);
                    }
                }
            }
        }

        int correct = 0;
        Set<String> sourcesNamed = new HashSet<>();
        for (Suspicion s : suspicions.values()) {
            s.source = resolveSource(s.last, orgByNumber);
            s.callers = callers(s.last);
            if (s.source != null) {
                sourcesNamed.add(s.source);
            }
            for (Truth.CampaignTruth c : truth.campaigns()) {
                if (s.source != null && sourcesByCampaign.get(c.campaignId()).contains(s.source)
                        && intersects(s.callers, c.callers())) {
                    s.correct = true;
                    break;
                }
            }
            correct += s.correct ? 1 : 0;
        }

        List<EvaluationResult.Pair> pairs = new ArrayList<>();
        List<Double> calls = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        List<Double> floors = new ArrayList<>();
        int found = 0;
        for (Truth.CampaignTruth c : truth.campaigns()) {
            Instant[] times = c.eventTimes().stream().map(Evaluator::parseTime).sorted().toArray(Instant[]::new);
            if (times.length == 0) {
                continue;
            }
            for (String source : sourcesByCampaign.get(c.campaignId())) {
                Long floor = earliest.get(EarliestDetection.key(c.campaignId(), source));
                Suspicion best = null;
                Instant detected = null;
                for (Suspicion s : suspicions.values()) {
                    if (!s.correct || !source.equals(s.source)) {
                        continue;
                    }
                    Instant named = s.firstNamed(c.callers());
                    if (named != null && (detected == null || named.isBefore(detected))) {
                        best = s;
                        detected = named;
                    }
                }
                if (best == null) {
                    pairs.add(new EvaluationResult.Pair(c.campaignId(), source, times.length, false, null, null, null,
                            null, floor));
                    continue;
                }
                found++;
                long before = countAtOrBefore(times, detected);
                calls.add((double) before);
                if (floor != null) {
                    floors.add((double) floor);
                }
                Instant estimate = optionalTime(best.last, "estimated_leak_time");
                Double error = null;
                Instant truthLeak = leakTimeBySource.get(source);
                if (estimate != null && truthLeak != null) {
                    error = Math.abs(Duration.between(truthLeak, estimate).toSeconds()) / 86_400.0;
                    errors.add(error);
                }
                pairs.add(new EvaluationResult.Pair(c.campaignId(), source, times.length, true, best.id,
                        detected.toString(), before, error, floor));
            }
        }

        Map<String, List<String>> inSuspicions = new TreeMap<>();
        Map<String, List<String>> withAlerts = new TreeMap<>();
        for (Truth.LookalikeTruth l : truth.lookalikes()) {
            if (namedInSuspicions.contains(l.number())) {
                inSuspicions.computeIfAbsent(l.kind(), k -> new ArrayList<>()).add(l.number());
            }
            if (alertedCallers.contains(l.number())) {
                withAlerts.computeIfAbsent(l.kind(), k -> new ArrayList<>()).add(l.number());
            }
        }
        Set<String> campaignCallers = new HashSet<>();
        for (Truth.CampaignTruth c : truth.campaigns()) {
            if (!c.eventTimes().isEmpty()) {
                campaignCallers.addAll(c.callers());
            }
        }
        int campaignAlerted = 0;
        for (String caller : campaignCallers) {
            campaignAlerted += alertedCallers.contains(caller) ? 1 : 0;
        }
        Set<String> known = new HashSet<>();
        truth.campaigns().forEach(c -> known.addAll(c.callers()));
        truth.lookalikes().forEach(l -> known.add(l.number()));
        int otherAlerted = 0;
        for (String caller : alertedCallers) {
            otherAlerted += known.contains(caller) ? 0 : 1;
        }
        List<Double> pieces = new ArrayList<>();
        Map<String, Set<String>> truthByOurs = new HashMap<>();
        for (Truth.CampaignTruth c : truth.campaigns()) {
            Set<String> ours = new HashSet<>();
            for (String caller : c.callers()) {
                String campaign = campaignOfCaller.get(caller);
                if (campaign != null) {
                    ours.add(campaign);
                    truthByOurs.computeIfAbsent(campaign, k -> new HashSet<>()).add(c.campaignId());
                }
            }
            if (!ours.isEmpty()) {
                pieces.add((double) ours.size());
            }
        }
        int whole = (int) pieces.stream().filter(k -> k == 1.0).count();
        int joined = (int) truthByOurs.values().stream().filter(t -> t.size() > 1).count();
        int n = suspicions.size();
        int ended = (int) suspicions.values().stream()
                .filter(s -> text(s.last, "merged_into") != null).count();
        return new EvaluationResult(n, correct, n == 0 ? 1.0 : correct / (double) n, pairs.size(), found,
                pairs.isEmpty() ? 0.0 : found / (double) pairs.size(), stat(calls), stat(floors), stat(errors),
                inSuspicions,
                withAlerts, alertedCallers.size(), campaignAlerted, campaignCallers.size(), otherAlerted,
                truth.config().subscribers(), pieces.size(), whole,
                stat(pieces), joined, sourcesNamed.size(), ended,
                unreadable, pairs);
    }

    /** The source key of a leak: its organization id (unregistered sources have one in the truth too). */
    static String leakSource(Truth.LeakTruth leak) {
        return leak.sourceOrgId() != null ? leak.sourceOrgId() : "number:" + leak.sourceNumber();
    }

    private static String resolveSource(JsonNode node, Map<String, String> orgByNumber) {
        String org = text(node, "source_org_id");
        if (org != null) {
            return org;
        }
        String number = text(node, "source_number");
        if (number == null) {
            return null;
        }
        return orgByNumber.getOrDefault(number, "number:" + number);
    }

    private static long countAtOrBefore(Instant[] sorted, Instant t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (!sorted[mid].isAfter(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean intersects(Set<String> a, List<String> b) {
        for (String x : b) {
            if (a.contains(x)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> callers(JsonNode node) {
        Set<String> out = new HashSet<>();
        JsonNode arr = node.get("callers");
        if (arr != null && arr.isArray()) {
            for (JsonNode c : arr) {
                if (c.isTextual()) {
                    out.add(c.asText());
                }
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant eventTime(JsonNode node) {
        return optionalTime(node, "event_time");
    }

    /** A time field as ISO-8601 (with offset or Z) or epoch milliseconds; null when absent or unreadable. */
    static Instant optionalTime(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return Instant.ofEpochMilli(v.asLong());
        }
        try {
            return parseTime(v.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant parseTime(String iso) {
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.parse(iso);
        }
    }

    static EvaluationResult.Stat stat(List<Double> values) {
        if (values.isEmpty()) {
            return new EvaluationResult.Stat(0, null, null);
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new EvaluationResult.Stat(n, median, v[n - 1]);
    }

    /** One suspicion id across its lines. */
    private static final class Suspicion {
        final String id;
        /** Each caller's earliest event time on a line of this suspicion. */
        final Map<String, Instant> namedAt = new HashMap<>();
        JsonNode last;
        String source;
        Set<String> callers;
        boolean correct;

        Suspicion(String id) {
            this.id = id;
        }

        void recordNamed(Set<String> named, Instant time) {
            if (time == null) {
                return;
            }
            for (String caller : named) {
                namedAt.merge(caller, time, (a, b) -> a.isBefore(b) ? a : b);
            }
        }

        /** When this suspicion first named any of {@code campaignCallers}; null if it never did. */
        Instant firstNamed(List<String> campaignCallers) {
            Instant first = null;
            for (String caller : campaignCallers) {
                Instant t = namedAt.get(caller);
                if (t != null && (first == null || t.isBefore(first))) {
                    first = t;
                }
            }
            return first;
        }
    }
}
