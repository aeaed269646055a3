package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NestedSourcesTest {
    private static final double SHARE = 0.8;
    private static final double LIFT = 4.0;
    private static final long N = 20_000;
    private static final String SCHOOL = "SCH-047";
    private static final String COURIER = "CUR-001";
    private static final String CALL_CENTRE = "+862150009999";
    private static final String DRIVER = "+8613900000001";

    /** Victims with these sources, {@code count} of each kind. */
    private static final class Victims {
        final List<VictimState> all = new ArrayList<>();

        Victims add(int count, String... sources) {
            for (int i = 0; i < count; i++) {
                VictimState v = new VictimState();
                v.victim = "+86139" + String.format("%08d", all.size());
                v.seq = all.size();
                v.sources = sources;
                all.add(v);
            }
            return this;
        }
    }

    /** The explainer of {@code source} among these victims, their hits on each source counted here. */
    private static String explainer(String source, List<VictimState> victims, NestedSources.Sizes sizes,
            long population, double nestedShare, double minLift) throws Exception {
        Map<String, Integer> counted = new HashMap<>();
        List<VictimState> hitters = new ArrayList<>();
        for (VictimState v : victims) {
            for (String s : v.sources) {
                counted.merge(s, 1, Integer::sum);
            }
            if (CampaignEvidence.indexOf(v, source) >= 0) {
                hitters.add(v);
            }
        }
        return NestedSources.explainer(source, hitters, victims.size(), s -> counted.getOrDefault(s, 0), sizes,
                population, nestedShare, minLift);
    }

    private static NestedSources.Sizes sizes(Map<String, Long> sizes) {
        return s -> sizes.getOrDefault(s, 0L);
    }

    @Test
    void anOrganizationsCallCentreIsExplainedByTheOrganization() throws Exception {
        // 34 of 40 victims are the school's customers; 8 of those called its call centre back,
        // which a fifth of the school's customers did: no more than the school's list brings.
        Victims v = new Victims().add(8, SCHOOL, CALL_CENTRE).add(26, SCHOOL).add(6);
        var sizes = sizes(Map.of(SCHOOL, 400L, CALL_CENTRE, 80L));

        assertEquals(SCHOOL, explainer(CALL_CENTRE, v.all, sizes, N, SHARE, LIFT));
        assertNull(explainer(SCHOOL, v.all, sizes, N, SHARE, LIFT),
                "the school's hits are not the call centre's");
    }

    @Test
    void aDriversOwnContactsAreNotExplainedByTheCourierTheyAllUse() throws Exception {
        // Every victim the driver reached is the courier's customer, but the driver serves 50 of
        // its 6,000: 16 of 18 is far beyond that sliver.
        Victims v = new Victims().add(16, DRIVER, COURIER).add(2, COURIER).add(4);
        var sizes = sizes(Map.of(COURIER, 6_000L, DRIVER, 50L));
        assertNull(explainer(DRIVER, v.all, sizes, N, SHARE, LIFT));

        // The same within a courier that is over-represented itself (600 customers, lift 27).
        var smallCourier = sizes(Map.of(COURIER, 600L, DRIVER, 50L));
        assertNull(explainer(DRIVER, v.all, smallCourier, N, SHARE, LIFT));
    }

    @Test
    void aSchoolNearTheAgencyWhoseListLeakedIsExplainedByTheAgency() throws Exception {
        // The 50k world of seed 1: an agency's clients are local, so a local school is
        // over-represented too (lift 11). 205 of 266 victims were seen touching the agency, and
        // 17 of the school's 22 hits: as often as anyone (0.77), not always.
        String agency = "+8615129248638";
        Victims v = new Victims().add(17, agency, SCHOOL).add(188, agency).add(5, SCHOOL).add(56);
        var sizes = sizes(Map.of(agency, 229L, SCHOOL, 366L));

        assertEquals(agency, explainer(SCHOOL, v.all, sizes, 50_000, SHARE, LIFT));
        assertNull(explainer(agency, v.all, sizes, 50_000, SHARE, LIFT));
    }

    @Test
    void aSecondListTheCampaignAlsoBoughtIsNotExplainedByTheFirst() throws Exception {
        // 100 victims from the agency's list, 60 from the school's, 3 on both.
        String agency = "+8615129248638";
        Victims v = new Victims().add(3, agency, SCHOOL).add(97, agency).add(57, SCHOOL).add(43);
        var sizes = sizes(Map.of(agency, 229L, SCHOOL, 400L));

        assertNull(explainer(SCHOOL, v.all, sizes, N, SHARE, LIFT));
    }

    @Test
    void aSourceEveryoneUsesExplainsNothing() throws Exception {
        // A padded school list (25 of 100) inside a courier with 30% of everyone, whose 30 hits
        // are its base rate: 8 of the school's hits are courier customers, as chance has it.
        Victims v = new Victims().add(8, SCHOOL, COURIER).add(17, SCHOOL).add(22, COURIER).add(53);
        var sizes = sizes(Map.of(SCHOOL, 400L, COURIER, 6_000L));

        assertNull(explainer(SCHOOL, v.all, sizes, N, SHARE, LIFT));
    }

    @Test
    void aSourceSharingOnlyAFewVictimsWithAnotherIsNotExplained() throws Exception {
        Victims v = new Victims().add(3, SCHOOL, COURIER).add(9, SCHOOL).add(10, COURIER).add(8);
        var sizes = sizes(Map.of(SCHOOL, 400L, COURIER, 6_000L));

        assertNull(explainer(SCHOOL, v.all, sizes, N, SHARE, LIFT), "3 of 12 is no subset");
    }

    @Test
    void aSourceWithFewerHitsCannotExplainOneWithMore() throws Exception {
        // All of the call centre's hits are the school's, but the school has fewer hits overall.
        Victims v = new Victims().add(6, SCHOOL, CALL_CENTRE).add(4, CALL_CENTRE).add(10);
        var sizes = sizes(Map.of(SCHOOL, 400L, CALL_CENTRE, 400L));

        assertNull(explainer(CALL_CENTRE, v.all, sizes, N, SHARE, LIFT));
    }

    @Test
    void twoSourcesWithTheSameCustomersKeepTheDirectoryOrganization() throws Exception {
        Victims v = new Victims().add(12, SCHOOL, CALL_CENTRE).add(8);
        var sizes = sizes(Map.of(SCHOOL, 400L, CALL_CENTRE, 400L));

        assertEquals(SCHOOL, explainer(CALL_CENTRE, v.all, sizes, N, SHARE, LIFT));
        assertNull(explainer(SCHOOL, v.all, sizes, N, SHARE, LIFT),
                "one of the two is always kept");
    }

    @Test
    void nestedNeedsAnOverRepresentedOuterTheShareTheHitCountAndNoOverRepresentationWithin() {
        // 40 victims of 20,000; outer: 34 hits, 400 customers (lift 42.5); inner: 10 hits, 8 of
        // them shared (0.8 >= 0.8 * 34/40), 80 customers (share 0.2): 8 < 4 * 34 * 0.2.
        var campaign = new NestedSources.Campaign(40, N);
        assertTrue(NestedSources.nested(8, 10, 34, 80, 400, campaign, SHARE, LIFT));
        assertFalse(NestedSources.nested(6, 10, 34, 80, 400, campaign, SHARE, LIFT), "6 < 0.8 * 10 * 0.85");
        assertFalse(NestedSources.nested(8, 10, 9, 80, 400, campaign, SHARE, LIFT), "the outer has fewer hits");
        assertFalse(NestedSources.nested(8, 10, 34, 10, 400, campaign, SHARE, LIFT), "8 > 4 * 34 * 0.025");
        assertFalse(NestedSources.nested(8, 10, 34, 80, 12_000, campaign, SHARE, LIFT), "outer lift 1.4");
        assertTrue(NestedSources.nested(8, 10, 34, 480, 6_000, campaign, SHARE, LIFT),
                "outer lift 2.8, above half the threshold: 8 < 4 * 34 * 0.08");
        assertFalse(NestedSources.nested(8, 10, 34, 0, 400, campaign, SHARE, LIFT), "size unknown");
        assertFalse(NestedSources.nested(8, 10, 34, 80, 400, new NestedSources.Campaign(40, 0), SHARE, LIFT),
                "population unknown");
        assertFalse(NestedSources.nested(0, 0, 34, 80, 400, campaign, SHARE, LIFT), "no hits");
    }

    @Test
    void theOtherSourcesHitsAreAskedOnlyForThoseSharingAVictimWithIt() throws Exception {
        // The school explains the call centre as in the first case, from the call centre's 8
        // victims and the hits given; the courier, whom none of them touched, is not asked for.
        Victims v = new Victims().add(8, SCHOOL, CALL_CENTRE).add(26, SCHOOL).add(6, COURIER);
        var sizes = sizes(Map.of(SCHOOL, 400L, CALL_CENTRE, 80L, COURIER, 6_000L));
        Map<String, Integer> totals = Map.of(SCHOOL, 34, CALL_CENTRE, 8);
        List<String> asked = new ArrayList<>();
        NestedSources.Hits hits = s -> {
            asked.add(s);
            return totals.get(s);
        };
        List<VictimState> hitters = v.all.subList(0, 8);
        assertEquals(SCHOOL, NestedSources.explainer(CALL_CENTRE, hitters, v.all.size(), hits, sizes, N, SHARE, LIFT));
        assertEquals(List.of(CALL_CENTRE, SCHOOL), asked.stream().sorted().toList());
        assertNull(NestedSources.explainer(CALL_CENTRE, hitters, v.all.size(), s -> s.equals(SCHOOL) ? 7 : 8, sizes,
                N, SHARE, LIFT), "a source with fewer hits than the call centre does not explain it");
    }

    @Test
    void aSourceWithoutHitsHasNoExplainer() throws Exception {
        Victims v = new Victims().add(5, SCHOOL);
        assertNull(explainer(CALL_CENTRE, v.all, sizes(Map.of(SCHOOL, 400L)), N, SHARE, LIFT));
    }
}
