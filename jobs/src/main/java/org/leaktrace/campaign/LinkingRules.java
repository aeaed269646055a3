package org.leaktrace.campaign;

import java.io.Serializable;
import java.time.Duration;

/**
 * When two risky callers belong to the same campaign.
 *
 * <p>A campaign rotates numbers to stay under per-number limits; what stays constant is the
 * device (IMEI), sometimes the place (a SIM box sits in one cell) and the list it calls (victims
 * overlap).
 *
 * <p>Cells are off by default: a network has far fewer cells than callers, so unrelated risky
 * callers (a random dialer and a list campaign) share one by chance, and one false merge dilutes
 * a campaign's evidence with random victims for good. A SIM box is already linked by its IMEI.
 *
 * <p>Shared victims link two campaigns only when the overlap is far beyond chance: two callers
 * reaching a and b of N subscribers at random share about a·b/N victims, so a heavy random
 * dialer shares dozens with any big campaign. A link needs at least {@code sharedVictimsToLink}
 * shared victims, a Poisson tail P(X >= shared | a·b/N) of at most {@code 10^maxLinkLog10P},
 * and a share of at least {@code minSharedShare} of the smaller side's victims.
 *
 * @param cellLinkWindow two risky callers seen in the same cell within this time are linked;
 *     {@link Duration#ZERO} (the default) turns cell linking off
 * @param linkWindow victims shared by two campaigns count only when called within this time
 * @param sharedVictimsToLink fewest distinct shared victims that link two campaigns
 * @param maxCallersPerVictim callers remembered per victim (the most recent ones)
 * @param maxCallersPerCell callers remembered per cell (the most recent ones)
 * @param maxIdentitiesPerCampaign IMEIs and cells remembered per campaign, for clean-up
 * @param maxLinkLog10P largest log10 of the chance of the overlap for a link (default -4)
 * @param minSharedShare smallest overlap as a share of the smaller campaign's victims (default
 *     0.1)
 */
public record LinkingRules(
        Duration cellLinkWindow,
        Duration linkWindow,
        int sharedVictimsToLink,
        int maxCallersPerVictim,
        int maxCallersPerCell,
        int maxIdentitiesPerCampaign,
        double maxLinkLog10P,
        double minSharedShare) implements Serializable {

    public LinkingRules {
        if (cellLinkWindow.isNegative() || linkWindow.isNegative()) {
            throw new IllegalArgumentException("link windows must not be negative");
        }
        if (sharedVictimsToLink < 1 || maxCallersPerVictim < 1 || maxCallersPerCell < 1
                || maxIdentitiesPerCampaign < 1) {
            throw new IllegalArgumentException("link thresholds and caps must be positive");
        }
        if (maxLinkLog10P > 0 || minSharedShare < 0 || minSharedShare > 1) {
            throw new IllegalArgumentException("maxLinkLog10P must be <= 0, minSharedShare in [0, 1]");
        }
    }

    /**
     * No cell links, 7 days and 2 shared victims beyond chance (tail 1e-4, a tenth of the smaller
     * side), 8 callers per victim, 16 per cell, 64 identities.
     */
    public static LinkingRules defaults() {
        return new LinkingRules(Duration.ZERO, Duration.ofDays(7), 2, 8, 16, 64, -4.0, 0.1);
    }

    /** Whether cells link callers at all. */
    public boolean cellLinking() {
        return !cellLinkWindow.isZero();
    }

    /**
     * Whether {@code shared} victims link two campaigns that reached {@code a} and {@code b}
     * victims among {@code population} subscribers (0 when unknown: no chance correction).
     */
    public boolean overlapLinks(int shared, long a, long b, long population) {
        if (shared < sharedVictimsToLink || shared < minSharedShare * Math.min(a, b)) {
            return false;
        }
        if (population <= 0) {
            return true;
        }
        double expected = (double) Math.max(a, shared) * Math.max(b, shared) / population;
        return log10PoissonTail(shared, expected) <= maxLinkLog10P;
    }

    /** log10 P(X >= k) for X ~ Poisson(mean), summed in log space from k upwards. */
    static double log10PoissonTail(int k, double mean) {
        if (k <= 0) {
            return 0.0;
        }
        if (mean <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double lnTerm = -mean + k * Math.log(mean);
        for (int i = 2; i <= k; i++) {
            lnTerm -= Math.log(i);
        }
        double lnSum = lnTerm;
        for (int i = k + 1; i < k + 10_000; i++) {
            lnTerm += Math.log(mean / i);
            double max = Math.max(lnSum, lnTerm);
            lnSum = max + Math.log1p(Math.exp(Math.min(lnSum, lnTerm) - max));
            if (i > mean && lnTerm - lnSum < -40) {
                break;
            }
        }
        return Math.min(0.0, lnSum / Math.log(10));
    }
}
