package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.leaktrace.campaign.LinkingRules;

class AttributionConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        AttributionConfig c = AttributionConfig.defaults();
        assertEquals(Duration.ZERO, c.cellLinkWindow());
        assertEquals(Duration.ofDays(7), c.linkWindow());
        assertEquals(2, c.sharedVictimsToLink());
        assertEquals(8, c.maxCallersPerVictim());
        assertEquals(Duration.ofHours(6), c.serviceWindow());
        assertEquals(5, c.minVictims());
        assertEquals(4.0, c.minLift());
        assertEquals(0.5, c.minCoverage());
        assertEquals(-6.0, c.maxLog10P());
        assertEquals(Duration.ofHours(1), c.minReemitInterval());
        assertEquals(0.25, c.reemitVictimGrowth());
        assertEquals(3.0, c.reemitLog10PDrop());
        assertEquals(Duration.ofDays(30), c.campaignTtl());
        assertEquals(Duration.ofHours(1), c.expiryCheckInterval());
        assertEquals(2000, c.maxVictimsTracked());
        assertEquals(64, c.maxTouchesPerVictim());
        assertEquals(200, c.maxPseudonymsPerSuspicion());
        assertEquals(256, c.arrivalPoints());
        assertEquals(0.8, c.nestedShare());
        assertEquals(50, c.sourceLinkMaxVictims());
        assertEquals(-2.0, c.sourceLinkLog10P());
        assertTrue(c.sourceLinking());
        assertFalse(c.withSourceLinkMaxVictims(0).sourceLinking());
        assertEquals(c, c.withSourceLinkMaxVictims(0).withSourceLinkMaxVictims(50));
        assertEquals(true, c.eventTimeOrder());
        assertEquals(false, c.withEventTimeOrder(false).eventTimeOrder());
        assertEquals(c, c.withEventTimeOrder(false).withEventTimeOrder(true));
    }

    @Test
    void linkingRulesCarryTheLinkSettings() {
        LinkingRules rules = AttributionConfig.defaults().linkingRules();
        assertEquals(LinkingRules.defaults(), rules);
        assertEquals(16, rules.maxCallersPerCell());
        assertEquals(64, rules.maxIdentitiesPerCampaign());
    }

    @Test
    void theLiftBarIsMinLiftUpToASeventhOfEveryoneThenCoverage() {
        AttributionConfig c = AttributionConfig.defaults();
        assertEquals(4.0, c.liftBar(0.02));
        assertEquals(4.0, c.liftBar(1.0 / 7), 1e-12);
        assertEquals(0.62 / 0.24, c.liftBar(0.24), 1e-12);
        assertEquals(0.65 / 0.30, c.liftBar(0.30), 1e-12);
        assertEquals(1.0, c.liftBar(1.0));
        assertEquals(4.0, c.liftBar(0.0), "size unknown: the plain bar");
        AttributionConfig everyVictim = defaultsWith(1.0, c.maxLog10P(), c.nestedShare());
        assertEquals(4.0, everyVictim.liftBar(0.2), 1e-12);
        assertEquals(1 / 0.3, everyVictim.liftBar(0.3), 1e-12, "a third of everyone: every victim");
    }

    @Test
    void rejectsACoverageOutsideZeroToOne() {
        AttributionConfig d = AttributionConfig.defaults();
        for (double coverage : new double[] {0.0, -0.1, 1.01, Double.NaN}) {
            assertThrows(IllegalArgumentException.class,
                    () -> defaultsWith(coverage, d.maxLog10P(), d.nestedShare()), "minCoverage " + coverage);
        }
    }

    @Test
    void rejectsAPositiveTailThreshold() {
        AttributionConfig d = AttributionConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> defaultsWith(d.minCoverage(), 1.0, d.nestedShare()));
    }

    @Test
    void rejectsANestedShareOutsideZeroToOne() {
        AttributionConfig d = AttributionConfig.defaults();
        for (double share : new double[] {0.0, 1.01, Double.NaN}) {
            assertThrows(IllegalArgumentException.class,
                    () -> defaultsWith(d.minCoverage(), d.maxLog10P(), share), "nestedShare " + share);
        }
    }

    /** The defaults with the three settings these tests vary, through the full constructor. */
    private static AttributionConfig defaultsWith(double minCoverage, double maxLog10P, double nestedShare) {
        AttributionConfig d = AttributionConfig.defaults();
        return new AttributionConfig(d.cellLinkWindow(), d.linkWindow(), d.sharedVictimsToLink(),
                d.maxCallersPerVictim(), d.serviceWindow(), d.minVictims(), d.minLift(), minCoverage, maxLog10P,
                d.minReemitInterval(), d.reemitVictimGrowth(), d.reemitLog10PDrop(), d.campaignTtl(),
                d.expiryCheckInterval(), d.maxVictimsTracked(), d.maxTouchesPerVictim(),
                d.maxPseudonymsPerSuspicion(), d.arrivalPoints(), nestedShare, d.sourceLinkMaxVictims(),
                d.sourceLinkLog10P(), d.eventTimeOrder());
    }
}
