package org.leaktrace.attribution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the source that explains another one's over-representation: a source whose hits come
 * with another's customers, not from a list of its own.
 *
 * <p>An organization's outbound call centre works from numbers missing from the directory, and
 * the customers who call it back are the organization's own. When the organization's list leaks,
 * its call-centre numbers are over-represented among the victims as much as the organization is
 * (lift 20–30 in the simulated worlds), and each was named as an unregistered source of its own:
 * 5 to 12 wrong suspicions per world, in five of the eight worlds first run on 2026-12-02 (seeds
 * 4, 5 and 7 at 5,000 subscribers, 4 and 5 at 20,000), precision down to 0.60. Likewise a local
 * school and clinic beside a local agency whose clients' list leaked (50,000 subscribers, seed
 * 1). They add nothing beyond the source they come with.
 *
 * <p>Source X is explained by source O when all of these hold in one campaign:
 * <ul>
 *   <li>O is over-represented itself, with at least half the lift needed to blame it: only a
 *       leak candidate explains another, never a source everyone uses (a national courier, lift
 *       about 1). Half, because a true source with a large customer base hovers near the
 *       threshold as padding accumulates (a bank with a sixth of all subscribers: lift 3.9–4.4);
 *   <li>O has at least as many hits as X;
 *   <li>X's hits are O's hits about as often as the campaign's victims are: at least {@code
 *       nestedShare} times O's share of the victims. A second list the campaign also bought has
 *       its hits mostly outside O; a source that is over-represented only because O's customers
 *       live near it (a local school among a local agency's clients) has them inside O as often
 *       as anyone, which is less than always when some of O's customers were never seen touching
 *       it;
 *   <li>among the victims who hit O, X's hits are below {@code minLift} times X's share of O's
 *       customers, taken at its largest, {@code min(1, n_X / n_O)} (the touch stage counts
 *       customers per source, not per pair): X is not over-represented within O's customers.
 * </ul>
 * The last condition keeps a small source that is the true leak even when all its customers are
 * also a big organization's (a courier driver's own contacts are all the courier's customers, but
 * they are a sliver of them). When two sources explain each other (the same customers), the
 * directory organization is kept, then the one with more hits, then more customers.
 */
final class NestedSources {
    private NestedSources() {}

    /** Customers per source, as the attribution operator last heard them (0 when unknown). */
    @FunctionalInterface
    interface Sizes {
        long of(String source) throws Exception;
    }

    /** Victims per source among a campaign's tracked victims (0 when none). */
    @FunctionalInterface
    interface Hits {
        int of(String source) throws Exception;
    }

    /**
     * The source that explains {@code source} in a campaign, or null.
     *
     * <p>Only a source that shares hits with {@code source} can explain it ({@code nestedShare}
     * is above 0), so only the victims who hit it are counted by source; the other sources' hits
     * are {@code totals}' (a campaign keeps them). Counting every victim's every source was 14 %
     * of attribution with 160 campaigns.
     *
     * @param hitters the campaign's victims who touched {@code source}
     * @param victims the campaign's tracked victims
     * @param totals each source's hits among the campaign's victims
     * @param sizes customers per source as last reported (0 when unknown)
     */
    static String explainer(String source, List<VictimState> hitters, int victims, Hits totals, Sizes sizes,
            long population, double nestedShare, double minLift) throws Exception {
        if (hitters.isEmpty()) {
            return null;
        }
        int sourceHits = hitters.size();
        Map<String, int[]> hits = new HashMap<>();
        for (VictimState v : hitters) {
            for (String s : v.sources) {
                hits.computeIfAbsent(s, k -> new int[2])[1]++;
            }
        }
        for (Map.Entry<String, int[]> e : hits.entrySet()) {
            e.getValue()[0] = totals.of(e.getKey());
        }
        Campaign campaign = new Campaign(victims, population);
        String best = null;
        for (Map.Entry<String, int[]> e : hits.entrySet()) {
            String other = e.getKey();
            if (!other.equals(source)
                    && explains(other, e.getValue(), source, sourceHits, hits, sizes, campaign,
                            nestedShare, minLift)
                    && (best == null || preferred(other, best, hits, sizes))) {
                best = other;
            }
        }
        return best;
    }

    private static boolean explains(String other, int[] otherHits, String source, int sourceHits,
            Map<String, int[]> hits, Sizes sizes, Campaign campaign, double nestedShare, double minLift)
            throws Exception {
        long customers = sizes.of(source);
        long otherCustomers = sizes.of(other);
        if (!nested(otherHits[1], sourceHits, otherHits[0], customers, otherCustomers,
                campaign, nestedShare, minLift)) {
            return false;
        }
        // Each explains the other: the same customers. Only the preferred one explains.
        boolean mutual = nested(otherHits[1], otherHits[0], sourceHits, otherCustomers,
                customers, campaign, nestedShare, minLift);
        return !mutual || preferred(other, source, hits, sizes);
    }

    /** A campaign's tracked victims and the population they come from. */
    record Campaign(int victims, long population) {}

    /**
     * Whether a source with {@code hits} victims, {@code shared} of them also hits of a source
     * with {@code outerHits}, lies within the latter.
     */
    static boolean nested(int shared, int hits, int outerHits, long customers, long outerCustomers,
            Campaign campaign, double nestedShare, double minLift) {
        if (hits == 0 || outerHits < hits || customers <= 0 || outerCustomers <= 0
                || campaign.population() <= 0 || campaign.victims() == 0) {
            return false;
        }
        double outerRate = (double) outerHits / campaign.victims();
        double outerLift = outerRate / ((double) outerCustomers / campaign.population());
        if (outerLift < minLift / 2 || shared < nestedShare * hits * outerRate) {
            return false;
        }
        double shareOfOuter = Math.min(1.0, (double) customers / outerCustomers);
        return shared < minLift * outerHits * shareOfOuter;
    }

    private static boolean preferred(String a, String b, Map<String, int[]> hits, Sizes sizes)
            throws Exception {
        boolean aListed = !a.startsWith("+");
        boolean bListed = !b.startsWith("+");
        if (aListed != bListed) {
            return aListed;
        }
        int byHits = Integer.compare(hits.get(a)[0], hits.get(b)[0]);
        if (byHits != 0) {
            return byHits > 0;
        }
        int bySize = Long.compare(sizes.of(a), sizes.of(b));
        return bySize != 0 ? bySize > 0 : a.compareTo(b) < 0;
    }
}
