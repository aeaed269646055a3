package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Blame for small and for large sources: lift for the first, coverage for the second; and for a
 * small list bought together with a large one, among the victims the large one does not explain.
 */
class SuspicionRulesTest {
    private static final long POPULATION = 20_000;
    private final SuspicionRules rules = new SuspicionRules(AttributionConfig.defaults());

    private SourceAssessment assess(String source, int hits, int victims, long customers) {
        return rules.assess(new SourceTally(source, hits, 0), victims, 20, customers, POPULATION, false);
    }

    @Test
    void aSmallSourceNeedsLiftFour() {
        // A school with 2% of everyone: 8% of the victims is lift 4; 7% is improbable too, but
        // a list it is not.
        assertTrue(assess("SCH", 80, 1_000, 400).passes());
        SourceAssessment weak = assess("SCH", 70, 1_000, 400);
        assertTrue(weak.log10P() < -10);
        assertFalse(weak.passes(), "lift 3.5 is not enough");
    }

    /**
     * A courier with 30% of subscribers can never reach lift 4. Its base rate among any
     * campaign's victims is no blame; a leaked list of its customers, padded with a third of other
     * numbers (77% of the victims are its customers), is.
     */
    @Test
    void aLargeSourceIsBlamedOnCoverageNotOnBaseRate() {
        long courier = 6_000;
        assertFalse(assess("CUR", 60, 200, courier).passes(), "its base rate");
        assertFalse(assess("CUR", 120, 200, courier).passes(), "60% of victims: below 65%");
        SourceAssessment leaked = assess("CUR", 154, 200, courier);
        assertTrue(leaked.passes(), "a padded list of its customers: " + leaked);
        assertTrue(leaked.lift() < 4);
    }

    @Test
    void aBankWithAQuarterOfEveryoneIsBlamedOnItsPaddedList() {
        // The seed-2 world of DetectionQualityITCase: a bank of 24%, two operations padding its
        // list with a third of other numbers; 74% of their victims are its customers (lift 3.1).
        assertTrue(assess("BNK", 74, 100, 4_800).passes());
        assertFalse(assess("BNK", 55, 100, 4_800).passes(), "55%: below 62%");
    }

    /**
     * The seed-11 world at 20,000 subscribers: an operation bought a property agency's 307
     * customers with a bank's 4,153 (a fifth of everyone) and padded them with others. Of 1,350
     * victims 800 touched the bank, and 66 the agency: lift 3.2 among all, not enough. Among the
     * 550 who did not touch the bank, the agency's 55 are lift 6.5.
     */
    @Test
    void aSmallListBoughtWithABanksIsBlamedAmongTheVictimsTheBankDoesNotExplain() throws Exception {
        SourceTally agency = new SourceTally("PRA", 66, 0);
        assertFalse(rules.assess(agency, 1_350, 20, 307, POPULATION, false).passes(), "lift 3.2");
        SourceAssessment besides = rules.assessBesides(agency, "BNK", 800, 1_350, 20, 307,
                POPULATION, false, () -> new SourceTally("PRA", 55, 0));
        assertTrue(besides.passes(), besides.toString());
        assertEquals("BNK", besides.setAside());
        assertEquals(55, besides.hits());
        assertEquals(550, besides.campaignVictims());
        assertEquals(6.5, besides.lift(), 0.05);
        assertEquals(40, besides.candidates(), "both tests of every candidate are corrected for");
    }

    /**
     * A source whose customers are the bank's (a local school near its branches) has as many hits
     * among all victims, but few among those the bank does not explain.
     */
    @Test
    void aSourceLivingAmongTheBanksCustomersGainsNothingBesideIt() throws Exception {
        SourceAssessment besides = rules.assessBesides(new SourceTally("SCH", 66, 0), "BNK", 800,
                1_350, 20, 307, POPULATION, false, () -> new SourceTally("SCH", 10, 0));
        assertFalse(besides.passes(), besides.toString());
    }

    @Test
    void theCampaignIsNotWalkedWhenAllItsHitsBesideTheBlamedCouldNotPass() throws Exception {
        SuspicionRules.Without mustNotWalk = () -> {
            throw new AssertionError("walked");
        };
        assertNull(rules.assessBesides(new SourceTally("PRA", 20, 0), "BNK", 800, 1_350, 20, 307,
                POPULATION, false, mustNotWalk), "lift 2.4 at most");
        assertNull(rules.assessBesides(new SourceTally("PRA", 66, 0), "BNK", 1_348, 1_350, 20, 307,
                POPULATION, false, mustNotWalk), "two victims beside the bank");
        assertNull(rules.assessBesides(new SourceTally("PRA", 66, 0), "BNK", 800, 1_350, 20, 307,
                POPULATION, true, mustNotWalk), "excluded");
        assertNull(rules.assessBesides(new SourceTally("PRA", 4, 0), "BNK", 1_300, 1_350, 20, 307,
                POPULATION, false, mustNotWalk), "four hits");
    }

    @Test
    void aNewNumberIsNewsAtOnceMoreEvidenceWaitsForTheInterval() {
        SuspicionState last = new SuspicionState();
        last.lastEmitMs = 0;
        last.lastVictims = 80;
        last.lastLog10P = assess("SCH", 80, 1_000, 400).log10P();
        last.lastCallers = 3;
        long soon = AttributionConfig.defaults().minReemitInterval().toMillis() / 4;
        long later = AttributionConfig.defaults().minReemitInterval().toMillis();

        assertTrue(rules.worthUpdate(last, assess("SCH", 80, 1_000, 400), 4, soon),
                "a fourth number joined: the operator can block it now");
        assertFalse(rules.worthUpdate(last, assess("SCH", 200, 1_000, 400), 3, soon),
                "far more victims, same numbers: within the interval it waits");
        assertTrue(rules.worthUpdate(last, assess("SCH", 200, 1_000, 400), 3, later));
        assertFalse(rules.worthUpdate(last, assess("SCH", 81, 1_000, 400), 3, later), "one more victim is no news");
        assertFalse(rules.worthUpdate(last, assess("SCH", 30, 1_000, 400), 5, soon),
                "a suspicion that no longer passes is not sent again, new numbers or not");
    }
}
