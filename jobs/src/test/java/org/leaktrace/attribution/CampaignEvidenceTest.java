package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.internal.Touch;

class CampaignEvidenceTest {
    private static final long START = Instant.parse("2026-03-01T09:15:00+08:00").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long SERVICE_WINDOW = Duration.ofHours(6).toMillis();
    /** Hits from which a source is frequent: low, so random campaigns cross it both ways. */
    private static final int FREQUENT = 3;

    /** Tables whose sizes a test can see. */
    static final class Maps {
        final Map<String, Object> all = new HashMap<>();
        int gets;

        <V> EvidenceTable<V> table(String name) {
            return new EvidenceTable<>() {
                @SuppressWarnings("unchecked")
                @Override
                public V get(String key) {
                    gets++;
                    return (V) all.get(name + "/" + key);
                }

                @Override
                public void put(String key, V value) {
                    all.put(name + "/" + key, value);
                }

                @Override
                public void remove(String key) {
                    all.remove(name + "/" + key);
                }
            };
        }

        CampaignEvidence evidence() {
            return new CampaignEvidence(table("s"), table("v"), table("o"), table("c"),
                    table("p"), SERVICE_WINDOW, FREQUENT);
        }

        CampaignEvidence evidence(int walkedVictimsKept) {
            return new CampaignEvidence(table("s"), table("v"), table("o"), table("c"),
                    table("p"), SERVICE_WINDOW, FREQUENT, walkedVictimsKept);
        }
    }

    /** Counts recomputed from scratch over the victims, as the tally used to be. */
    private static Map<String, int[]> recount(CampaignEvidence evidence,
            CampaignSummaryState campaign) throws Exception {
        Map<String, int[]> counts = new TreeMap<>();
        for (VictimState v : evidence.victims(campaign)) {
            for (int i = 0; i < v.sources.length; i++) {
                int[] c = counts.computeIfAbsent(v.sources[i], s -> new int[2]);
                c[0]++;
                if (v.firstCallMs - v.lastTouchMs[i] <= SERVICE_WINDOW) {
                    c[1]++;
                }
            }
        }
        return counts;
    }

    /** The hits on a source among the victims who did not touch another, recounted. */
    private static void assertTallyWithout(CampaignEvidence evidence, CampaignSummaryState campaign,
            String source, String without) throws Exception {
        int hits = 0;
        int serviceLike = 0;
        for (VictimState v : evidence.victims(campaign)) {
            List<String> sources = List.of(v.sources);
            int at = sources.indexOf(source);
            if (at >= 0 && !sources.contains(without)) {
                hits++;
                serviceLike += v.firstCallMs - v.lastTouchMs[at] <= SERVICE_WINDOW ? 1 : 0;
            }
        }
        SourceTally tally = evidence.tallyWithout(campaign, source, without);
        if (hits == 0) {
            assertNull(tally, source + " without " + without);
        } else {
            assertEquals(new SourceTally(source, hits, serviceLike), tally, source + " without " + without);
        }
    }

    private static void assertCountsMatch(CampaignEvidence evidence,
            CampaignSummaryState campaign) throws Exception {
        Map<String, int[]> expected = recount(evidence, campaign);
        assertEquals(expected.keySet(), evidence.sources(campaign));
        assertEquals(expected.size(), campaign.candidates);
        assertEquals(expected.entrySet().stream().filter(e -> e.getValue()[0] >= FREQUENT)
                        .map(Map.Entry::getKey).toList(),
                evidence.frequent(campaign), "frequent sources, kept as counts move");
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            SourceTally tally = evidence.tally(campaign, e.getKey());
            assertEquals(e.getValue()[0], tally.hits(), e.getKey());
            assertEquals(e.getValue()[1], tally.serviceLike(), e.getKey());
            assertEquals(e.getValue()[0], evidence.hits(campaign, e.getKey()).victims().size());
            for (String without : expected.keySet()) {
                assertTallyWithout(evidence, campaign, e.getKey(), without);
            }
        }
    }

    private static List<Touch> randomTouches(SplittableRandom random) {
        List<Touch> touches = new ArrayList<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            long first = START + random.nextLong(30 * DAY);
            long last = first + random.nextLong(10 * DAY);
            touches.add(Inputs.touch("ORG-" + random.nextInt(8), first, last));
        }
        return touches;
    }

    private static String victim(int i) {
        return SchoolListScenario.subscriber(i);
    }

    @Test
    void aWalkIsReadOnceAndThenFollowsTheVictimsWritten() throws Exception {
        Maps maps = new Maps();
        CampaignEvidence evidence = maps.evidence();
        CampaignSummaryState campaign = evidence.loadOrCreate("cmp-1");
        for (int i = 0; i < 3; i++) {
            evidence.addContact(campaign, victim(i), START + 20 * DAY + i,
                    List.of(Inputs.touch("SCHOOL", START, START + DAY)), 10, 3);
        }
        evidence.save(campaign);
        List<VictimState> first = evidence.victims(campaign);
        int gets = maps.gets;
        assertEquals(first.stream().map(v -> v.victim).toList(),
                evidence.victims(evidence.load("cmp-1")).stream().map(v -> v.victim).toList());
        assertEquals(gets + 1, maps.gets, "only the summary was read again");

        // The same victim called earlier than known, with another source: it replaces the state
        // and the count of victims does not change.
        evidence.addContact(campaign, victim(1), START + 10 * DAY,
                List.of(Inputs.touch("COURIER", START, START + 2 * DAY)), 10, 3);
        evidence.addContact(campaign, victim(3), START + 21 * DAY,
                List.of(Inputs.touch("SCHOOL", START, START + DAY)), 10, 3);
        assertEquals(4, campaign.victims);
        gets = maps.gets;
        List<VictimState> again = evidence.victims(campaign);
        assertEquals(gets, maps.gets, "the walk followed the writes: nothing read");
        assertEquals(List.of(victim(0), victim(1), victim(2), victim(3)), again.stream().map(v -> v.victim).toList());
        assertTrue(Arrays.asList(again.get(1).sources).contains("COURIER"), "the replaced victim");
        assertEquals(List.of(victim(0), victim(1), victim(2)), first.stream().map(v -> v.victim).toList(),
                "a list handed out does not change");
        assertEquals(List.of("SCHOOL"), Arrays.asList(first.get(1).sources));

        // Beyond the maximum the first victim goes: the walk drops it, still without a read.
        evidence.addContact(campaign, victim(4), START + 22 * DAY,
                List.of(Inputs.touch("SCHOOL", START, START + DAY)), 4, 3);
        gets = maps.gets;
        assertEquals(List.of(victim(1), victim(2), victim(3), victim(4)),
                evidence.victims(campaign).stream().map(v -> v.victim).toList());
        assertEquals(gets, maps.gets, "the eviction was followed: nothing read");
    }

    @Test
    void aTallyBesidesASourceFollowsTheVictimsAddedReplacedAndEvicted() throws Exception {
        CampaignEvidence evidence = new Maps().evidence();
        CampaignSummaryState campaign = evidence.loadOrCreate("cmp-1");
        Touch school = Inputs.touch("SCHOOL", START, START + DAY);
        Touch bank = Inputs.touch("BANK", START, START + DAY);
        evidence.addContact(campaign, victim(0), START + 20 * DAY, List.of(school), 10, 3);
        evidence.addContact(campaign, victim(1), START + 20 * DAY + 1, List.of(school, bank), 10, 3);
        evidence.addContact(campaign, victim(2), START + 20 * DAY + 2, List.of(school), 10, 3);
        assertEquals(new SourceTally("SCHOOL", 2, 0), evidence.tallyWithout(campaign, "SCHOOL", "BANK"));

        evidence.addContact(campaign, victim(3), START + 20 * DAY + 3, List.of(school), 10, 3);
        assertEquals(new SourceTally("SCHOOL", 3, 0), evidence.tallyWithout(campaign, "SCHOOL", "BANK"),
                "a victim added");
        // Called earlier than known, each victim's state is replaced: the bank's customer now
        // counts, and the first victim, with only the bank's touch now, no longer does.
        evidence.addContact(campaign, victim(1), START + 10 * DAY, List.of(school), 10, 3);
        evidence.addContact(campaign, victim(0), START + 10 * DAY, List.of(bank), 10, 3);
        assertEquals(new SourceTally("SCHOOL", 3, 0), evidence.tallyWithout(campaign, "SCHOOL", "BANK"),
                "two victims replaced");
        // A touch within the service window of the call makes the hit service-like.
        evidence.addContact(campaign, victim(4), START + DAY + 1, List.of(school), 5, 3);
        assertEquals(new SourceTally("SCHOOL", 4, 1), evidence.tallyWithout(campaign, "SCHOOL", "BANK"),
                "a service-like victim added");
        evidence.addContact(campaign, victim(5), START + 21 * DAY, List.of(bank), 5, 3);
        assertEquals(List.of(victim(1), victim(2), victim(3), victim(4), victim(5)),
                evidence.victims(campaign).stream().map(v -> v.victim).toList());
        assertEquals(new SourceTally("SCHOOL", 4, 1), evidence.tallyWithout(campaign, "SCHOOL", "BANK"),
                "the first victim evicted, with the bank's touch only");
        evidence.addContact(campaign, victim(6), START + 21 * DAY + 1, List.of(bank), 5, 3);
        assertEquals(new SourceTally("SCHOOL", 3, 1), evidence.tallyWithout(campaign, "SCHOOL", "BANK"),
                "a counted victim evicted");
    }

    @Test
    void keptWalksTalliesAndHitsEqualWalksReadAfreshThroughAdditionsEvictionsMergesAndRemovals() throws Exception {
        Maps maps = new Maps();
        // Room for the walks of a few of the campaigns, so that walks are dropped and read again too.
        CampaignEvidence evidence = maps.evidence(40);
        SplittableRandom random = new SplittableRandom(17);
        int campaigns = 20;
        Map<String, CampaignSummaryState> live = new TreeMap<>();
        for (int k = 0; k < 6_000; k++) {
            String id = "cmp-" + random.nextInt(campaigns);
            CampaignSummaryState campaign = live.computeIfAbsent(id, c -> {
                try {
                    return evidence.loadOrCreate(c);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            int op = random.nextInt(100);
            if (op < 2 && live.size() > 1) {
                String otherId = live.keySet().stream().filter(o -> !o.equals(id)).findFirst().orElseThrow();
                evidence.absorb(campaign, live.remove(otherId));
            } else if (op < 3) {
                evidence.remove(live.remove(id));
                continue;
            } else {
                long call = START + 20 * DAY + random.nextLong(20 * DAY);
                evidence.addContact(campaign, victim(random.nextInt(40)), call, randomTouches(random), 12, 3);
            }
            evidence.save(campaign);
            CampaignSummaryState probe = live.values().stream().skip(random.nextInt(live.size())).findFirst().orElseThrow();
            CampaignEvidence afresh = maps.evidence();
            List<VictimState> kept = evidence.victims(probe);
            List<VictimState> read = afresh.victims(probe);
            assertEquals(describe(read), describe(kept), "step " + k + ", " + probe.campaignId);
            // Tallies beside a source, kept with the walk and followed through the same writes.
            for (int t = 0; t < 3; t++) {
                String source = "ORG-" + random.nextInt(8);
                String without = "ORG-" + random.nextInt(8);
                assertEquals(afresh.tallyWithout(probe, source, without),
                        evidence.tallyWithout(probe, source, without),
                        "step " + k + ", " + probe.campaignId + ", " + source + " without " + without);
                // A source's victims and their first touches, kept with the walk until it changes.
                SourceHits hits = evidence.hits(probe, source);
                SourceHits hitsAfresh = afresh.hits(probe, source);
                assertEquals(List.of(hitsAfresh.victims(), Arrays.toString(hitsAfresh.firstTouchesMs())),
                        List.of(hits.victims(), Arrays.toString(hits.firstTouchesMs())),
                        "step " + k + ", " + probe.campaignId + ", hits on " + source);
            }
        }
    }

    private static List<String> describe(List<VictimState> victims) {
        return victims.stream()
                .map(v -> v.victim + "@" + v.firstCallMs + "#" + v.seq + Arrays.toString(v.sources))
                .toList();
    }

    @Test
    void runningCountsEqualARecountAfterNewAndReplacedVictims() throws Exception {
        CampaignEvidence evidence = new Maps().evidence();
        CampaignSummaryState campaign = evidence.loadOrCreate("cmp-1");
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 2_000; k++) {
            long call = START + 20 * DAY + random.nextLong(20 * DAY);
            evidence.addContact(campaign, victim(random.nextInt(150)), call,
                    randomTouches(random), 120, 3);
        }
        evidence.save(campaign);
        assertEquals(120, campaign.victims, "at most the maximum of victims");
        assertEquals(2_000, campaign.calls);
        assertCountsMatch(evidence, campaign);
        List<VictimState> victims = evidence.victims(campaign);
        for (int i = 0; i < victims.size(); i++) {
            assertEquals(campaign.firstSeq + i, victims.get(i).seq);
        }
    }

    @Test
    void frequentSourcesFollowTheCountsUpAndDownAsVictimsComeAndGo() throws Exception {
        CampaignEvidence evidence = new Maps().evidence();
        CampaignSummaryState campaign = evidence.loadOrCreate("cmp-1");
        SplittableRandom random = new SplittableRandom(5);
        int listedOnce = 0;
        for (int k = 0; k < 400; k++) {
            long call = START + 20 * DAY + random.nextLong(20 * DAY);
            evidence.addContact(campaign, victim(random.nextInt(40)), call,
                    randomTouches(random), 8, 3);
            Map<String, int[]> expected = recount(evidence, campaign);
            List<String> frequent = expected.entrySet().stream()
                    .filter(e -> e.getValue()[0] >= FREQUENT).map(Map.Entry::getKey).toList();
            assertEquals(frequent, evidence.frequent(campaign), "after contact " + k);
            listedOnce += frequent.isEmpty() || frequent.size() == expected.size() ? 0 : 1;
        }
        assertTrue(listedOnce > 100, "sources crossed the bar both ways: " + listedOnce);
    }

    @Test
    void stateWrittenBeforeFrequentSourcesWereKeptFindsThemOnceByWalking() throws Exception {
        CampaignEvidence evidence = new Maps().evidence();
        CampaignSummaryState campaign = evidence.loadOrCreate("cmp-1");
        for (int i = 0; i < 4; i++) {
            evidence.addContact(campaign, victim(i), START + 20 * DAY + i,
                    List.of(Inputs.touch(i < 3 ? "SCHOOL" : "COURIER", START, START + DAY)), 10, 3);
        }
        campaign.frequent = null;
        assertEquals(List.of("SCHOOL"), evidence.frequent(campaign));
        for (int i = 4; i < 6; i++) {
            evidence.addContact(campaign, victim(i), START + 20 * DAY + i,
                    List.of(Inputs.touch("COURIER", START, START + DAY)), 10, 3);
        }
        assertEquals(List.of("COURIER", "SCHOOL"), evidence.frequent(campaign),
                "kept from the walk on");
    }

    @Test
    void beyondItsMaximumACampaignTracksItsMostRecentVictims() throws Exception {
        Maps maps = new Maps();
        CampaignEvidence evidence = maps.evidence();
        CampaignSummaryState campaign = evidence.loadOrCreate("cmp-1");
        long call = START + 20 * DAY;
        for (int i = 0; i < 5; i++) {
            evidence.addContact(campaign, victim(i), call + i,
                    List.of(Inputs.touch(i < 3 ? "FIRST-LIST" : "LATER-LIST", START, START + DAY)), 3, 10);
        }
        evidence.save(campaign);
        assertEquals(List.of(victim(2), victim(3), victim(4)),
                evidence.victims(campaign).stream().map(v -> v.victim).toList());
        assertEquals(1, evidence.tally(campaign, "FIRST-LIST").hits());
        assertEquals(2, evidence.tally(campaign, "LATER-LIST").hits(), "a list bought later is counted");
        assertCountsMatch(evidence, campaign);
        for (String gone : List.of(victim(0), victim(1))) {
            assertTrue(maps.all.entrySet().stream()
                    .noneMatch(e -> e.getKey().contains(gone) || gone.equals(e.getValue())), gone);
        }

        var changed = evidence.addContact(campaign, victim(0), call + 10,
                List.of(Inputs.touch("FIRST-LIST", START, START + DAY)), 3, 10);
        assertEquals(List.of("FIRST-LIST"), List.copyOf(changed));
        assertEquals(List.of(victim(3), victim(4), victim(0)),
                evidence.victims(campaign).stream().map(v -> v.victim).toList(),
                "a victim forgotten and called again is the most recent");
        assertCountsMatch(evidence, campaign);
    }

    @Test
    void anEarlierCallReplacesTheVictimInItsPlaceAndReportsOldAndNewSources() throws Exception {
        CampaignEvidence evidence = new Maps().evidence();
        CampaignSummaryState campaign = evidence.loadOrCreate("cmp-1");
        long call = START + 20 * DAY;
        evidence.addContact(campaign, victim(1), call,
                List.of(Inputs.touch("A", START, START + DAY)), 10, 10);
        evidence.addContact(campaign, victim(2), call,
                List.of(Inputs.touch("B", START, START + DAY)), 10, 10);
        assertEquals(List.of(), List.copyOf(evidence.addContact(campaign, victim(1), call + 1,
                List.of(Inputs.touch("C", START, START + DAY)), 10, 10)), "a later call adds nothing");
        // Earlier than the touch with A: only C precedes it.
        var changed = evidence.addContact(campaign, victim(1), START + DAY / 2, List.of(
                Inputs.touch("A", START + DAY, START + 2 * DAY),
                Inputs.touch("C", START, START + DAY)), 10, 10);
        assertEquals(List.of("A", "C"), List.copyOf(changed));
        assertNull(evidence.tally(campaign, "A"));
        assertEquals(List.of(victim(1), victim(2)),
                evidence.victims(campaign).stream().map(v -> v.victim).toList());
        assertEquals(2, campaign.candidates);
        assertEquals(START + DAY / 2, campaign.firstCallMs);
        assertCountsMatch(evidence, campaign);
    }

    @Test
    void absorbKeepsTheSurvivorsOrderAndTheEarlierCallAndLeavesNothingOfTheAbsorbed()
            throws Exception {
        Maps maps = new Maps();
        CampaignEvidence evidence = maps.evidence();
        CampaignSummaryState survivor = evidence.loadOrCreate("cmp-s");
        CampaignSummaryState absorbed = evidence.loadOrCreate("cmp-a");
        long call = START + 20 * DAY;
        List<Touch> touches = List.of(Inputs.touch("A", START, START + DAY));
        evidence.addContact(survivor, victim(1), call, touches, 10, 10);
        evidence.addContact(survivor, victim(2), call, touches, 10, 10);
        evidence.addContact(absorbed, victim(3), call, touches, 10, 10);
        evidence.addContact(absorbed, victim(2), call - DAY,
                List.of(Inputs.touch("B", START, START + DAY)), 10, 10);
        SuspicionState suspicion = SuspicionState.detected("ls-1", "B", call, 2);
        CampaignEvidence.putSuspicion(absorbed, suspicion);
        SuspicionState later = SuspicionState.detected("ls-2", "A", call + DAY, 3);
        later.emissions = 4;
        CampaignEvidence.putSuspicion(absorbed, later);
        SuspicionState earlier = SuspicionState.detected("ls-3", "A", call, 2);
        earlier.emissions = 1;
        CampaignEvidence.putSuspicion(survivor, earlier);
        evidence.save(survivor);
        evidence.save(absorbed);

        List<CampaignEvidence.Superseded> ended = evidence.absorb(survivor, absorbed);
        evidence.save(survivor);

        assertEquals(1, ended.size(), "both blamed on A: the later detection ends");
        assertEquals("ls-2", ended.get(0).ended().suspicionId);
        assertEquals(4, ended.get(0).ended().emissions, "its own next update number");
        assertEquals("ls-3", ended.get(0).continuedAs());
        assertEquals("ls-3", CampaignEvidence.suspicion(survivor, "A").suspicionId);
        assertEquals(4, CampaignEvidence.suspicion(survivor, "A").emissions,
                "the one that goes on numbers its updates past both");

        List<VictimState> victims = evidence.victims(survivor);
        assertEquals(List.of(victim(1), victim(2), victim(3)),
                victims.stream().map(v -> v.victim).toList());
        assertEquals(call - DAY, victims.get(1).firstCallMs);
        assertArrayEquals(new String[] {"B"}, victims.get(1).sources);
        assertEquals(4, survivor.calls);
        assertEquals(suspicion, CampaignEvidence.suspicion(survivor, "B"));
        assertCountsMatch(evidence, survivor);
        assertNull(evidence.load("cmp-a"));
        assertTrue(maps.all.keySet().stream().noneMatch(k -> k.contains("cmp-a")),
                "absorbed entries left: " + maps.all.keySet());

        evidence.remove(survivor);
        assertEquals(Map.of(), maps.all, "a removed campaign leaves no entry");
    }
}
