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
 * @param setAside null for a test among all of the campaign's victims; otherwise the campaign's
 *     blamed source whose victims were set aside: hits, victims, expected, lift and tail are
 *     among the victims who did not touch it (a second list bought with a large one)
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
        boolean passes,
        String setAside) {

    /** The same test, described as made among the victims who did not touch {@code blamed}. */
    SourceAssessment besides(String blamed) {
        return new SourceAssessment(source, hits, campaignVictims, sourceCustomers, population,
                candidates, expected, lift, log10P, serviceLike, excluded, passes, blamed);
    }
}
