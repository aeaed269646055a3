package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.attribution.CampaignAttributionFunction;
import org.leaktrace.eval.EvaluationResult;
import org.leaktrace.eval.Evaluator;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;

/**
 * Detection quality against ground truth on several small simulated worlds, not one seed.
 *
 * <p>Each world is simulated, replayed through the whole pipeline on a MiniCluster and scored by
 * the evaluator. Precision and look-alikes are asserted per world (one false blame is one too
 * many anywhere); recall, calls before detection and leak-time error are asserted over the pairs
 * of all worlds together, since a small world has only a handful of pairs.
 */
class DetectionQualityITCase {
    private static final List<WorldConfig> WORLDS = List.of(
            WorldConfig.defaults().withSeed(11).withSize(5_000, 14),
            WorldConfig.defaults().withSeed(2).withSize(5_000, 14),
            WorldConfig.defaults().withSeed(3).withSize(5_000, 21),
            // The leaked retailer rings its customers from unlisted call-centre numbers, which
            // were blamed beside it (precision 0.78) before NestedSources.
            WorldConfig.defaults().withSeed(4).withSize(5_000, 21));

    @TempDir
    static Path dir;

    static final Map<Long, EvaluationResult> results = new TreeMap<>();

    /**
     * Suspicions that go on (not ended by a merge) per found (campaign, source) pair, at most: an
     * analyst gets one per campaign and source. On 2026-12-03 these worlds gave 26–27 suspicions
     * for 33 pairs, ended ones included; on 2026-12-02, 25 for 31, and up to 43 in some runs
     * (linking by source depended on which number was blamed first); before linking by source,
     * 127 for 30.
     */
    static final double SUSPICIONS_PER_PAIR = 1.0;

    @BeforeAll
    static void simulateReplayAndEvaluate() throws Exception {
        for (WorldConfig world : WORLDS) {
            Path worldDir = dir.resolve("world-" + world.seed());
            WorldSimulator.write(world, worldDir);
            Path alerts = worldDir.resolve("alerts.jsonl");
            // A replay is the same at any parallelism (ReplayDeterminismITCase); one subtask
            // per operator is the cheapest here.
            ReplayConfig cfg = ReplayConfig.ofWorld(worldDir, alerts, worldDir.resolve("dead-letters.jsonl"),
                    ReplayConfig.zoneOf("CN"), 1, PseudonymKeySource.from(null), null);
            ReplayJob.run(cfg, ProgressReporter.silent());
            results.put(world.seed(), Evaluator.evaluate(worldDir.resolve(WorldSimulator.TRUTH), alerts));
        }
    }

    private static List<EvaluationResult.Pair> allPairs() {
        List<EvaluationResult.Pair> pairs = new ArrayList<>();
        results.values().forEach(r -> pairs.addAll(r.pairDetails()));
        return pairs;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    @Test
    void everyWorldGetsSuspicionsAndAlmostAllAreRight() {
        results.forEach((seed, r) -> {
            assertTrue(r.suspicions() > 0, "seed " + seed + ": no suspicion at all");
            assertTrue(r.precision() >= 0.98, "seed " + seed + ": precision " + r.precision());
        });
    }

    @Test
    void noLegitimateLookalikeIsEverInASuspicion() {
        results.forEach((seed, r) ->
                assertEquals(Map.of(), r.legitimateInSuspicions(), "seed " + seed));
    }

    @Test
    void mostCampaignSourcePairsAreFound() {
        List<EvaluationResult.Pair> pairs = allPairs();
        long found = pairs.stream().filter(EvaluationResult.Pair::found).count();
        System.out.println("DetectionQualityITCase: found " + found + " of " + pairs.size() + " pairs");
        assertTrue(found >= RECALL_FLOOR * pairs.size(), "found " + found + " of " + pairs.size());
    }

    @Test
    void leaksAreFoundEarly() {
        List<Double> calls = allPairs().stream()
                .filter(EvaluationResult.Pair::found)
                .map(p -> (double) p.callsBeforeDetection())
                .toList();
        System.out.println("DetectionQualityITCase: calls before detection " + calls + ", median " + median(calls));
        assertTrue(median(calls) <= MEDIAN_CALLS_CEILING, "median calls before detection " + median(calls));
    }

    /**
     * A campaign is one operation however many numbers it rotates, and an analyst gets one
     * suspicion per campaign and source, not one per number: rotating numbers are linked by a
     * shared device, shared victims or the source their victims share.
     */
    @Test
    void rotatingNumbersAreOneCampaignWithOneSuspicionPerSource() {
        int suspicions = 0;
        long found = 0;
        for (Map.Entry<Long, EvaluationResult> e : results.entrySet()) {
            EvaluationResult r = e.getValue();
            suspicions += r.suspicions() - r.suspicionsEndedByMerge();
            found += r.pairDetails().stream().filter(EvaluationResult.Pair::found).count();
            System.out.println("DetectionQualityITCase: seed " + e.getKey() + ": " + r.suspicions()
                    + " suspicions (" + r.suspicionsEndedByMerge() + " ended by a merge), campaigns found whole " + r.campaignsWhole() + " of " + r.campaignsAlerted()
                    + ", pieces " + r.campaignPieces() + ", joining several " + r.joinedCampaigns());
        }
        assertTrue(suspicions <= SUSPICIONS_PER_PAIR * found, suspicions + " suspicions for " + found + " pairs");
    }

    /**
     * Ordinary subscribers (neither campaign numbers nor look-alikes) with a caller alert at any
     * time, as a share of all subscribers: false alarms, which the look-alike count misses.
     * Most come in a world's first days, while contact memory is empty and every call looks cold.
     */
    @Test
    void fewOrdinarySubscribersGetACallerAlert() {
        long alerted = 0;
        long subscribers = 0;
        for (EvaluationResult r : results.values()) {
            alerted += r.otherCallersAlerted();
            subscribers += r.subscribers();
        }
        double share = alerted / (double) subscribers;
        System.out.println("DetectionQualityITCase: ordinary subscribers with a caller alert " + alerted + " of "
                + subscribers);
        assertTrue(share <= ORDINARY_ALERTED_CEILING, alerted + " of " + subscribers + " subscribers alerted");
    }

    /**
     * Fresh numbers not risky on their own are handed on by the pool of the source their victims
     * share ({@code pooled_by_source}) in these worlds, and every number so handed on is one of a
     * campaign's: the pooled test blames no ordinary subscriber or look-alike.
     */
    @Test
    void freshNumbersHandedOnByTheirSourcesPoolAreCampaignNumbers() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int handedOn = 0;
        for (WorldConfig world : WORLDS) {
            Path worldDir = dir.resolve("world-" + world.seed());
            Set<String> campaignNumbers = new HashSet<>();
            for (JsonNode campaign : json.readTree(worldDir.resolve(WorldSimulator.TRUTH).toFile()).get("campaigns")) {
                campaign.get("callers").forEach(c -> campaignNumbers.add(c.asText()));
            }
            for (String line : Files.readAllLines(worldDir.resolve("alerts.jsonl"))) {
                JsonNode alert = json.readTree(line);
                if (!"caller_alert".equals(alert.get("kind").asText())) {
                    continue;
                }
                boolean pooled = false;
                for (JsonNode reason : alert.get("reasons")) {
                    pooled |= CampaignAttributionFunction.POOLED_REASON.equals(reason.asText());
                }
                if (pooled) {
                    handedOn++;
                    assertTrue(campaignNumbers.contains(alert.get("caller").asText()),
                            "seed " + world.seed() + ": " + alert);
                }
            }
        }
        System.out.println("DetectionQualityITCase: caller alerts of numbers handed on by a source's pool " + handedOn);
        assertTrue(handedOn > 0, "no number was handed on by a source's pool");
    }

    @Test
    void leaksAreDatedWithinTwoDays() {
        List<Double> errors = allPairs().stream()
                .filter(p -> p.leakTimeErrorDays() != null)
                .map(EvaluationResult.Pair::leakTimeErrorDays)
                .toList();
        assertTrue(median(errors) <= 2.0, "median leak-time error " + median(errors) + " days");
    }

    /**
     * The 0.95. Reached 0.88-0.92 (22-23 of 25 pairs) with the first three worlds, 0.91
     * (30 of 33) with four, and 1.00 (33 of 33) in every run since 2026-12-03, once a source too
     * large for lift 4 (the seed-2 bank, a quarter of everyone) could be blamed on coverage. What can still
     * be missed: unregistered businesses on mobile numbers in these short, small worlds ({@link
     * org.leaktrace.touch.HubFunction} learns such a number only once 30 distinct customers have
     * talked to it, which the 20,000-subscriber demo worlds reach and these rarely do).
     */
    private static final double RECALL_FLOOR = 0.95;

    /**
     * The issue asks for 15; reached medians of 27 to 33 calls from run to run with three worlds,
     * 26.5 with four, 23 to 28 on 2026-12-03 (counted until a campaign's own numbers are named;
     * the two inputs of the keyed stages interleave differently even at parallelism 1, and a few
     * pairs move by 10–20 calls), and 18 in two runs that evening, once fresh numbers not yet
     * risky on their own were pooled by the source their victims share ({@code EarlyPool}), 12
     * to 18 with the count of the last day ({@code EarlyPool.surge}). Since the keyed stages take
     * their input in event-time order ({@code EventTimeOrder}) a replay is the same on every
     * run: 18, then 16 once a number joining a blamed campaign was named at once, and 12 once a
     * fresh number calling a list already blamed was tested against the blamed lists only. The
     * ceiling is the 15. Operations working two lists at once stay slow (median 74 calls
     * in these worlds without a shared device).
     */
    private static final double MEDIAN_CALLS_CEILING = 15;

    /**
     * Share of subscribers, at most: about twice what these worlds give, 14 of 20,000 (0.07%), on
     * 2026-12-03. Counting an answered call under 30 s as no answer (tried that day, not kept)
     * gave five times as many in the 17 demo worlds of the README (831 against 163 of 250,000);
     * as many more here would be above this bound.
     */
    private static final double ORDINARY_ALERTED_CEILING = 0.0015;
}
