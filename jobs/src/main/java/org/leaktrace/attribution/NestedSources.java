package org.leaktrace.attribution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the source that explains another one's over-representation: a number whose customers
 * are a subset of an organization's.
 *
 * <p>An organization's outbound call centre works from numbers missing from the directory, and
 * the customers who call it back are the organization's own. When the organization's list leaks,
 * its call-centre numbers are over-represented among the victims as much as the organization is
 * (lift 20–30 in the simulated worlds), and each was named as an unregistered source of its own:
 * 5 to 12 wrong suspicions per world, in five of the eight worlds first run on 2026-12-02 (seeds 4,
 * 5 and 7 at 5,000 subscribers, 4 and 5 at 20,000), precision down to 0.60. They add nothing beyond the organization: among the victims who are the organization's
 * customers, the call centre's customers are no more frequent than they are among its customers.
 *
 * <p>Source X is explained by source O when all of these hold in one campaign:
 * <ul>
 *   <li>most of X's hits are O's too (at least {@code nestedShare} of them);
 *   <li>O has at least as many hits as X;
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

    /**
     * The source that explains {@code source} in a campaign with these victims, or null.
     *
     * @param sizes customers per source as last reported (0 when unknown)
     */
    static String explainer(String source, List<VictimState> victims, Sizes sizes,
            double nestedShare, double minLift) throws Exception {
        Map<String, int[]> hits = new HashMap<>();
        int sourceHits = 0;
        for (VictimState v : victims) {
            boolean hitsSource = contains(v.sources, source);
            sourceHits += hitsSource ? 1 : 0;
            for (String s : v.sources) {
                int[] h = hits.computeIfAbsent(s, k -> new int[2]);
                h[0]++;
                h[1] += hitsSource ? 1 : 0;
            }
        }
        if (sourceHits == 0) {
            return null;
        }
        String best = null;
        for (Map.Entry<String, int[]> e : hits.entrySet()) {
            String other = e.getKey();
            if (!other.equals(source)
                    && explains(other, e.getValue(), source, sourceHits, hits, sizes, nestedShare, minLift)
                    && (best == null || preferred(other, best, hits, sizes))) {
                best = other;
            }
        }
        return best;
    }

    private static boolean explains(String other, int[] otherHits, String source, int sourceHits,
            Map<String, int[]> hits, Sizes sizes, double nestedShare, double minLift) throws Exception {
        if (!nested(otherHits[1], sourceHits, otherHits[0], sizes.of(source),
                sizes.of(other), nestedShare, minLift)) {
            return false;
        }
        // Each explains the other: the same customers. Only the preferred one explains.
        boolean mutual = nested(otherHits[1], otherHits[0], sourceHits, sizes.of(other),
                sizes.of(source), nestedShare, minLift);
        return !mutual || preferred(other, source, hits, sizes);
    }

    /**
     * Whether a source with {@code hits} victims, {@code shared} of them also hits of a source
     * with {@code outerHits}, lies within the latter.
     */
    static boolean nested(int shared, int hits, int outerHits, long customers, long outerCustomers,
            double nestedShare, double minLift) {
        if (hits == 0 || outerHits < hits || shared < nestedShare * hits
                || customers <= 0 || outerCustomers <= 0) {
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

    private static boolean contains(String[] sources, String source) {
        for (String s : sources) {
            if (s.equals(source)) {
                return true;
            }
        }
        return false;
    }
}
