package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Blame for small and for large sources: lift for the first, coverage for the second. */
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
}
