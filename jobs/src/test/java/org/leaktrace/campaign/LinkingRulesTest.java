package org.leaktrace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinkingRulesTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LinkingRules d = LinkingRules.defaults();
        assertEquals(Duration.ZERO, d.cellLinkWindow());
        assertFalse(d.cellLinking());
        assertEquals(Duration.ofDays(7), d.linkWindow());
        assertEquals(2, d.sharedVictimsToLink());
        assertEquals(8, d.maxCallersPerVictim());
        assertEquals(16, d.maxCallersPerCell());
        assertEquals(64, d.maxIdentitiesPerCampaign());
        assertEquals(-4.0, d.maxLinkLog10P());
        assertEquals(0.1, d.minSharedShare());
    }

    @Test
    void poissonTailMatchesClosedForms() {
        // P(X >= 1) = 1 - e^-m; P(X >= 2) = 1 - e^-m (1 + m).
        assertEquals(Math.log10(1 - Math.exp(-0.5)), LinkingRules.log10PoissonTail(1, 0.5), 1e-9);
        assertEquals(Math.log10(1 - Math.exp(-2) * 3), LinkingRules.log10PoissonTail(2, 2), 1e-9);
        assertEquals(0.0, LinkingRules.log10PoissonTail(0, 3));
    }

    @Test
    void overlapMustBeBeyondChanceAndSubstantial() {
        LinkingRules rules = LinkingRules.defaults();
        // 20 and 20 victims of 5000: 0.08 expected in common; 4 shared is far beyond that.
        assertTrue(rules.overlapLinks(4, 20, 20, 5_000));
        // 1500 and 300 of 5000: 90 expected; 95 shared is chance.
        assertFalse(rules.overlapLinks(95, 1_500, 300, 5_000));
        // Beyond chance, but 5 of a 1000-victim side is not a shared list.
        assertFalse(rules.overlapLinks(5, 1_000, 1_000, 10_000_000));
        assertFalse(rules.overlapLinks(1, 1, 1, 5_000));
    }
}
