package org.leaktrace.attribution;

/**
 * The test of one candidate source against one campaign.
 *
 * @param hits x, victims whose touch with the source precedes their call
 * @param campaignVictims m
 * @param sourceCustomers n, at least x
 * @param population N
 * @param candidates sources tested for this campaign (Bonferroni factor)
 * @param expected m n / N
 * @param lift x / expected
 * @param log10P corrected log10 of P(X >= x)
 * @param serviceLike hits that followed the source's own contact within the service window
 * @param excluded the source is one of the campaign's callers, their organization, or a risky caller
 * @param passes all thresholds met and not excluded
 */
public record SourceAssessment(
        String source,
        int hits,
        int campaignVictims,
        long sourceCustomers,
        long population,
        int candidates,
        double expected,
        double lift,
        double log10P,
        int serviceLike,
        boolean excluded,
        boolean passes) {}
