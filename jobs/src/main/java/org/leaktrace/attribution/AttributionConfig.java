package org.leaktrace.attribution;

import java.io.Serializable;
import java.time.Duration;
import org.leaktrace.campaign.LinkingRules;

/**
 * Thresholds and bounds of campaign linking and leak attribution.
 *
 * <p>The thresholds trade calls before detection against false blame: a source is named only
 * when its over-representation among a campaign's victims is large (lift), improbable by chance
 * even after testing every candidate (corrected tail), and rests on several victims.
 *
 * @param cellLinkWindow risky callers in the same cell within this time are one campaign
 *     (default zero: off, since unrelated callers share cells by chance; see {@link
 *     org.leaktrace.campaign.LinkingRules})
 * @param linkWindow shared victims link two callers only when called within this time (default
 *     7 days)
 * @param sharedVictimsToLink fewest distinct shared victims that link two callers' campaigns
 *     (default 2), and only when the overlap is far beyond chance
 * @param maxCallersPerVictim callers remembered per victim for victim-overlap linking (default 8)
 * @param serviceWindow a hit is service-like when the victim's last touch with the source is at
 *     most this long before the call (default 6 h): an organization's own agent following its own
 *     message; a source whose hits are mostly service-like is not blamed
 * @param minVictims fewest victims with a prior touch with the source (default 5)
 * @param minLift smallest observed/expected ratio (default 4), for sources of up to a seventh of
 *     all subscribers; larger ones are held to {@code minCoverage} instead
 * @param minCoverage for a source too large to reach {@code minLift} (1/p below it, or just
 *     above it once a list is padded with other numbers), the share of victims who are its
 *     customers must be at least this far from its base rate p to all of them: p + c(1 - p)
 *     (default 0.5: a bank with 24% of subscribers as customers needs 62% of the victims, lift
 *     2.6; a courier with 30%, 65%). A national courier is therefore never blamed on base rate,
 *     but its leaked list is. The bar is {@link #liftBar(double)}. A smaller value lowers the
 *     bar for smaller sources too; 1 asks a source above 1/{@code minLift} of everyone for
 *     every victim
 * @param maxLog10P largest log10 of the Bonferroni-corrected binomial tail (default -6)
 * @param minReemitInterval at most one update of a suspicion per this much event time (default 1 h),
 *     unless its campaign has a number it did not list yet
 * @param reemitVictimGrowth relative growth of victims that warrants an update (default 0.25)
 * @param reemitLog10PDrop decrease of log10_p that warrants an update (default 3 digits)
 * @param campaignTtl a campaign inactive this long in event time is forgotten, with its evidence
 *     (default 30 days)
 * @param expiryCheckInterval granularity of the expiry timers (default 1 h): one timer per slot
 *     instead of one per event
 * @param maxVictimsTracked victims kept as evidence per campaign (default 2000), the most recent:
 *     a new victim beyond them takes the place of the one that came first
 * @param maxTouchesPerVictim touches kept per victim (default 64), the earliest-starting ones
 * @param maxPseudonymsPerSuspicion victim pseudonyms listed in one suspicion record (default
 *     200); {@code victims} still counts all of them
 * @param arrivalPoints points of each source's arrival series kept for leak dating (default 256,
 *     4 kB per source); beyond it the series keeps every other point
 * @param nestedShare a source is explained by another, over-represented one with at least as many
 *     hits when its hits are the other's at least this share of as often as the campaign's
 *     victims are, and it is not over-represented among the other's customers (default 0.8; see
 *     {@link NestedSources}): an organization's call centre on unlisted numbers, or a local school
 *     among a local agency's clients, is not a second leak source
 * @param sourceLinkMaxVictims campaigns of at most this many victims are pooled per source they
 *     hit, to link those that work one list when the pool blames it (default 50; 0 turns linking
 *     by source off; see {@link SourceLinks}): numbers rotating without a shared device through
 *     a shuffled list share no victims, so nothing else joins them
 * @param sourceLinkLog10P a campaign joins the others working a source's list when its own hits
 *     on the source have a binomial tail of at most this (default -2), with at least 2 hits and
 *     the lift of {@link #liftBar(double)}
 * @param eventTimeOrder apply inputs in event-time order, each waiting for the watermark (default
 *     true: replays and other bounded runs, whose parallel subtasks can be hours of event time
 *     apart); a live stream turns it off, because its subtasks are milliseconds apart while the
 *     watermark can lag by the sources' idleness (a quiet complaints feed: a minute)
 */
public record AttributionConfig(
        Duration cellLinkWindow,
        Duration linkWindow,
        int sharedVictimsToLink,
        int maxCallersPerVictim,
        Duration serviceWindow,
        int minVictims,
        double minLift,
        double minCoverage,
        double maxLog10P,
        Duration minReemitInterval,
        double reemitVictimGrowth,
        double reemitLog10PDrop,
        Duration campaignTtl,
        Duration expiryCheckInterval,
        int maxVictimsTracked,
        int maxTouchesPerVictim,
        int maxPseudonymsPerSuspicion,
        int arrivalPoints,
        double nestedShare,
        int sourceLinkMaxVictims,
        double sourceLinkLog10P,
        boolean eventTimeOrder) implements Serializable {

    public AttributionConfig {
        if (minVictims < 1 || maxVictimsTracked < 1 || maxTouchesPerVictim < 1
                || maxPseudonymsPerSuspicion < 0 || arrivalPoints < 2) {
            throw new IllegalArgumentException("victim thresholds and caps must be positive");
        }
        if (maxLog10P > 0 || minLift < 0 || reemitVictimGrowth < 0 || reemitLog10PDrop < 0) {
            throw new IllegalArgumentException("maxLog10P must be <= 0, lift and growth >= 0");
        }
        if (!(minCoverage > 0 && minCoverage <= 1)) {
            throw new IllegalArgumentException("minCoverage must be in (0, 1]");
        }
        if (sourceLinkMaxVictims < 0 || !(sourceLinkLog10P <= 0)) {
            throw new IllegalArgumentException("sourceLinkMaxVictims must be >= 0, sourceLinkLog10P <= 0");
        }
        if (!(nestedShare > 0 && nestedShare <= 1)) {
            throw new IllegalArgumentException("nestedShare must be in (0, 1]");
        }
        if (campaignTtl.isNegative() || campaignTtl.isZero() || expiryCheckInterval.isNegative()
                || expiryCheckInterval.isZero() || serviceWindow.isNegative()
                || minReemitInterval.isNegative()) {
            throw new IllegalArgumentException("durations must be positive");
        }
        linkingRules(cellLinkWindow, linkWindow, sharedVictimsToLink, maxCallersPerVictim);
    }

    /** The documented defaults. */
    public static AttributionConfig defaults() {
        return new AttributionConfig(
                Duration.ZERO,
                Duration.ofDays(7),
                2,
                8,
                Duration.ofHours(6),
                5,
                4.0,
                0.5,
                -6.0,
                Duration.ofHours(1),
                0.25,
                3.0,
                Duration.ofDays(30),
                Duration.ofHours(1),
                2000,
                64,
                200,
                256,
                0.8,
                50,
                -2.0,
                true);
    }

    /** The same settings with {@code eventTimeOrder} set. */
    public AttributionConfig withEventTimeOrder(boolean order) {
        return with(sourceLinkMaxVictims, order);
    }

    /** The same settings with {@code sourceLinkMaxVictims} set (0: no linking by source). */
    public AttributionConfig withSourceLinkMaxVictims(int maxVictims) {
        return with(maxVictims, eventTimeOrder);
    }

    private AttributionConfig with(int linkMaxVictims, boolean order) {
        return new AttributionConfig(cellLinkWindow, linkWindow, sharedVictimsToLink, maxCallersPerVictim,
                serviceWindow, minVictims, minLift, minCoverage, maxLog10P, minReemitInterval, reemitVictimGrowth,
                reemitLog10PDrop, campaignTtl, expiryCheckInterval, maxVictimsTracked, maxTouchesPerVictim,
                maxPseudonymsPerSuspicion, arrivalPoints, nestedShare, linkMaxVictims, sourceLinkLog10P, order);
    }

    /**
     * The smallest lift that blames a source whose customers are a share {@code p} of all
     * subscribers: {@code minLift}, or for a large source the lift of {@code minCoverage}.
     */
    public double liftBar(double p) {
        if (!(p > 0)) {
            return minLift;
        }
        return Math.min(minLift, (p + minCoverage * (1 - p)) / p);
    }

    /** Whether campaigns are linked by the source their victims share. */
    public boolean sourceLinking() {
        return sourceLinkMaxVictims > 0;
    }

    /** The linking part, for {@link org.leaktrace.campaign.CampaignLinker}. */
    public LinkingRules linkingRules() {
        return linkingRules(cellLinkWindow, linkWindow, sharedVictimsToLink, maxCallersPerVictim);
    }

    private static LinkingRules linkingRules(
            Duration cellLinkWindow, Duration linkWindow, int sharedVictims, int callersPerVictim) {
        LinkingRules defaults = LinkingRules.defaults();
        return new LinkingRules(cellLinkWindow, linkWindow, sharedVictims, callersPerVictim,
                defaults.maxCallersPerCell(), defaults.maxIdentitiesPerCampaign(),
                defaults.maxLinkLog10P(), defaults.minSharedShare());
    }
}
