package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SourceLinksTest {
    private static final AttributionConfig DEFAULTS = AttributionConfig.defaults();
    private static final double P = 0.015;

    /** Defaults, except the tail threshold: the validity check asks for a plain 1% test. */
    private static AttributionConfig withTail(double maxLog10P, double minLift, int minVictims) {
        AttributionConfig d = DEFAULTS;
        return new AttributionConfig(d.cellLinkWindow(), d.linkWindow(), d.sharedVictimsToLink(),
                d.maxCallersPerVictim(), d.serviceWindow(), minVictims, minLift, d.minCoverage(), maxLog10P,
                d.minReemitInterval(), d.reemitVictimGrowth(), d.reemitLog10PDrop(), d.campaignTtl(),
                d.expiryCheckInterval(), d.maxVictimsTracked(), d.maxTouchesPerVictim(),
                d.maxPseudonymsPerSuspicion(), d.arrivalPoints(), d.nestedShare(), d.sourceLinkMaxVictims(),
                d.sourceLinkLog10P(), d.eventTimeOrder());
    }

    @Test
    void eachCampaignGivesItsHitsButOneOutOfItsVictimsButOne() {
        SourceLinks links = new SourceLinks(DEFAULTS);
        List<SourceLinks.Pooled> pool = List.of(
                new SourceLinks.Pooled(3, 4, 0),
                new SourceLinks.Pooled(2, 5, 0),
                new SourceLinks.Pooled(4, 5, 0),
                new SourceLinks.Pooled(0, 9, 0),
                new SourceLinks.Pooled(9, 200, 0));
        SourceLinks.PoolTest test = links.test(pool, P, 40);
        assertEquals(3, test.campaigns(), "no hit or too large: not pooled");
        assertEquals(2 + 1 + 3, test.hits());
        assertEquals(3 + 4 + 4, test.trials());
        assertEquals(6 / (11 * P), test.lift(), 1e-9);
        assertEquals(LeakStatistics.bonferroni(LeakStatistics.log10UpperTail(11, 6, P), 40), test.log10P(), 1e-12);
        assertTrue(test.passes(), "log10 p " + test.log10P());
    }

    @Test
    void oneCampaignOrFewHitsOrServiceLikeHitsDoNotPass() {
        SourceLinks links = new SourceLinks(DEFAULTS);
        assertFalse(links.test(List.of(new SourceLinks.Pooled(9, 10, 0)), P, 1).passes(), "one campaign is its own test");
        assertFalse(links.test(List.of(new SourceLinks.Pooled(2, 2, 0), new SourceLinks.Pooled(2, 2, 0)), P, 1)
                .passes(), "4 hits are fewer than minVictims");
        List<SourceLinks.Pooled> service = List.of(new SourceLinks.Pooled(4, 5, 3), new SourceLinks.Pooled(4, 5, 3),
                new SourceLinks.Pooled(4, 5, 1));
        assertFalse(links.test(service, P, 1).passes(), "mostly an organization's own follow-ups");
        List<SourceLinks.Pooled> plain = List.of(new SourceLinks.Pooled(4, 5, 0), new SourceLinks.Pooled(4, 5, 0),
                new SourceLinks.Pooled(4, 5, 0));
        assertTrue(links.test(plain, P, 1).passes());
    }

    @Test
    void aSurgeNeedsTwoNumbersAndCountsThemOnlyWhenItsHitsPass() {
        SourceLinks links = new SourceLinks(DEFAULTS);
        // 12 hits in two hours of 100 early contacts: one number's alone, or with another's last.
        String[] firstHour = new String[6];
        Arrays.fill(firstHour, "+8617100000001");
        String[] secondHour = firstHour.clone();
        SourceLinks.PoolTest alone = links.test(
                new EarlyPool.Surge(100, 12, 0, List.of(firstHour, secondHour)), P, 40);
        assertEquals(1, alone.campaigns());
        assertFalse(alone.passes(), "one number's hits are its own campaign's to test");
        String[] withAnother = secondHour.clone();
        withAnother[5] = "~+8617100000002";
        SourceLinks.PoolTest two = links.test(
                new EarlyPool.Surge(100, 12, 1, List.of(firstHour, withAnother)), P, 40);
        assertEquals(2, two.campaigns(), "the service-like mark is not part of the number");
        assertTrue(two.passes(), "log10 p " + two.log10P());
        SourceLinks.PoolTest courier = links.test(
                new EarlyPool.Surge(100, 12, 1, List.of(firstHour, withAnother)), 0.1, 40);
        assertFalse(courier.passes(), "lift " + courier.lift());
        assertEquals(0, courier.campaigns(), "not counted when the hits fail");
    }

    @Test
    void aCampaignIsAMemberWhenItsOwnHitsOverRepresentTheSource() {
        SourceLinks links = new SourceLinks(DEFAULTS);
        assertTrue(links.member(new SourceLinks.Pooled(2, 3, 0), P));
        assertFalse(links.member(new SourceLinks.Pooled(1, 1, 0), P), "one hit is chance often enough");
        assertFalse(links.member(new SourceLinks.Pooled(3, 60, 0), P), "3 of 60 at 1.5%: tail 0.06");
        assertFalse(links.member(new SourceLinks.Pooled(6, 30, 0), 0.3), "a courier's customers: lift below 4");
    }

    private static VictimState victim(String... sources) {
        VictimState v = new VictimState();
        v.sources = sources;
        return v;
    }

    /**
     * A campaign on the school's list hits the clinic next door too (its parents are the
     * clinic's patients): the school, which its hits make least likely by chance, is the one it
     * is linked by.
     */
    @Test
    void aCampaignIsLinkedByTheSourceItsHitsMakeLeastLikely() throws Exception {
        List<VictimState> victims = List.of(victim("SCH-1", "CLN-1"), victim("SCH-1"), victim("SCH-1", "CLN-1"),
                victim("SCH-1", "CUR-1"), victim("CUR-1"), victim("UNKNOWN"));
        Map<String, Long> sizes = Map.of("SCH-1", 100L, "CLN-1", 100L, "CUR-1", 1_500L);
        NestedSources.Sizes of = source -> sizes.getOrDefault(source, 0L);
        assertEquals("SCH-1", SourceLinks.strongest(victims, of, 5_000));
        assertEquals("CLN-1", SourceLinks.strongest(
                List.of(victim("CLN-1"), victim("CLN-1"), victim("SCH-1"), victim("CUR-1")), of, 5_000));
        assertEquals("CLN-1", SourceLinks.strongest(
                List.of(victim("SCH-1"), victim("CLN-1"), victim("SCH-1"), victim("CLN-1")), of, 5_000),
                "a tie in tail and hits goes to the name first in order");
        assertEquals(null, SourceLinks.strongest(List.of(victim("SCH-1"), victim("CLN-1")), of, 5_000),
                "one hit each: no list");
        assertEquals(null, SourceLinks.strongest(List.of(victim("UNKNOWN")), of, 5_000), "no size, no test");
        assertEquals(null, SourceLinks.strongest(victims, of, 0));
    }

    /**
     * A padded campaign's number: two of its five victims on the list (a retailer's, 5% of
     * everyone), one on an unregistered number with 10 customers. The one hit is the less likely
     * by chance, but it is one: the number is linked by the list.
     */
    @Test
    void oneHitOnATinySourceDoesNotOutrankTheListsTwo() throws Exception {
        List<VictimState> victims = List.of(victim("RTL-3", "+8621500"), victim("BNK-2"), victim("CUR-2"),
                victim("RTL-3"), victim("SCH-2"));
        Map<String, Long> sizes = Map.of("RTL-3", 250L, "+8621500", 10L, "BNK-2", 1_000L, "CUR-2", 1_500L,
                "SCH-2", 100L);
        assertEquals("RTL-3", SourceLinks.strongest(victims, source -> sizes.getOrDefault(source, 0L), 5_000));
    }

    @Test
    void campaignsAboveTheSizeAreNotPooled() {
        SourceLinks links = new SourceLinks(DEFAULTS);
        assertTrue(links.pooled(50));
        assertFalse(links.pooled(51));
        assertFalse(new SourceLinks(DEFAULTS.withSourceLinkMaxVictims(0)).pooled(1));
    }

    /**
     * Under the null (no campaign works the source's list, each victim hits it with its base
     * rate), the test chosen from campaigns with a hit must reject no more often than its level,
     * though every campaign in it was pooled for a hit. Pooling the campaigns' hits whole, the
     * obvious test, rejects far more often: that is what the conditioning is for.
     */
    @Test
    void poolingCampaignsForTheirHitsKeepsTheTestsLevel() {
        double level = 0.01;
        // A pool's bar is POOL_SLACK digits above a suspicion's: set so that it is the level.
        SourceLinks links = new SourceLinks(withTail(Math.log10(level) - SourceLinks.POOL_SLACK, 0.0, 1));
        SplittableRandom random = new SplittableRandom(11);
        int runs = 4_000;
        int rejected = 0;
        int naiveRejected = 0;
        for (int run = 0; run < runs; run++) {
            List<SourceLinks.Pooled> pool = new ArrayList<>();
            int hits = 0;
            int victims = 0;
            for (int c = 0; c < 40; c++) {
                int m = 1 + random.nextInt(12);
                int h = 0;
                for (int v = 0; v < m; v++) {
                    h += random.nextDouble() < P ? 1 : 0;
                }
                if (h > 0) {
                    pool.add(new SourceLinks.Pooled(h, m, 0));
                    hits += h;
                    victims += m;
                }
            }
            rejected += links.test(pool, P, 1).passes() ? 1 : 0;
            naiveRejected += pool.size() >= 2 && LeakStatistics.log10UpperTail(victims, hits, P) <= Math.log10(level)
                    ? 1 : 0;
        }
        assertTrue(rejected <= runs * level * 1.5, "conditioned test rejected " + rejected + " of " + runs);
        assertTrue(naiveRejected > runs * level * 5, "pooling whole campaigns rejected " + naiveRejected);
    }
}
