package org.leaktrace.campaign;

import java.io.Serializable;
import java.time.Duration;

/**
 * When two risky callers belong to the same campaign.
 *
 * <p>A campaign rotates numbers to stay under per-number limits; what stays constant is the
 * device (IMEI), the place (a SIM box sits in one cell) and the list it calls (victims overlap).
 *
 * @param cellLinkWindow two risky callers seen in the same cell within this time are linked
 * @param linkWindow victims shared by two campaigns count only when called within this time
 * @param sharedVictimsToLink distinct shared victims that link two campaigns
 * @param maxCallersPerVictim callers remembered per victim (the most recent ones)
 * @param maxCallersPerCell callers remembered per cell (the most recent ones)
 * @param maxIdentitiesPerCampaign IMEIs and cells remembered per campaign, for clean-up
 */
public record LinkingRules(
        Duration cellLinkWindow,
        Duration linkWindow,
        int sharedVictimsToLink,
        int maxCallersPerVictim,
        int maxCallersPerCell,
        int maxIdentitiesPerCampaign) implements Serializable {

    public LinkingRules {
        if (cellLinkWindow.isNegative() || linkWindow.isNegative()) {
            throw new IllegalArgumentException("link windows must not be negative");
        }
        if (sharedVictimsToLink < 1 || maxCallersPerVictim < 1 || maxCallersPerCell < 1
                || maxIdentitiesPerCampaign < 1) {
            throw new IllegalArgumentException("link thresholds and caps must be positive");
        }
    }

    /** 2 h cells, 7 days and 2 shared victims, 8 callers per victim, 16 per cell, 64 identities. */
    public static LinkingRules defaults() {
        return new LinkingRules(Duration.ofHours(2), Duration.ofDays(7), 2, 8, 16, 64);
    }
}
