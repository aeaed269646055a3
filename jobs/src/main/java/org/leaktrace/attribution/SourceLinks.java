package org.leaktrace.attribution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether small campaigns that hit one source work its list together, judged by their victims
 * pooled.
 *
 * <p>Numbers rotating through a shuffled list without a shared device (each on its own phone, or
 * with no device known) never share a victim, so nothing else links them: each is a campaign of
 * its own, and none has the victims to blame the list's source alone until it has made a dozen
 * calls. Their victims pooled blame it, and the numbers that over-represent it are one operation.
 *
 * <p>Pooling the campaigns that hit the source would be circular: those campaigns are chosen
 * for their hits. The test is made valid by conditioning. A campaign is pooled when its first
 * victim with a touch of the source arrived; after that victim, its victims hit the source by
 * chance with the source's base rate p, however it was chosen. So the pooled evidence is each
 * campaign's hits but one, out of its victims but one (counting also those before its first hit
 * as trials, which only makes the test stricter), tested against p with the same lift and
 * corrected tail as a campaign's own suspicion. Only small campaigns are pooled, so a heavy random
 * dialer's hundreds of chance trials do not drown a rotation's few numbers; a campaign's size does
 * not depend on its hits, so that choice keeps the test valid too.
 *
 * <p>Once the pool blames the source (or a campaign's own victims already have), its members are
 * the campaigns whose own hits over-represent it: at least 2 hits, the lift bar of a suspicion
 * ({@link AttributionConfig#liftBar}), and a tail of
 * at most {@code 10^sourceLinkLog10P}. Those that may be linked (not a SIM box, a whole operation:
 * see {@link org.leaktrace.campaign.CampaignLinker#linkBySource}) are one campaign with the
 * source's other members.
 *
 * <p>A small campaign is linked only by its strongest source, the one its own hits make least
 * likely by chance. Sources that share customers (a local school and a local clinic, whose
 * parents are neighbours) are over-represented together, and a campaign working one's list is a
 * member for the other too; linked by that one as well, it would join the other list's buyers,
 * and they others again, into one campaign of several operations.
 */
public final class SourceLinks {

    /** One campaign listed under the source. */
    public record Pooled(int hits, int victims, int serviceLike) {}

    /**
     * The pooled test: hits but the first and victims but the first, summed over the pool.
     *
     * @param campaigns the campaigns pooled, or the numbers of a surge; a surge's are counted only
     *     when every other bar is met (0 otherwise)
     */
    public record PoolTest(int campaigns, int hits, int trials, double lift, double log10P, boolean passes) {}

    /** Digits of the corrected tail a pool may stand above a suspicion's bar. */
    static final double POOL_SLACK = 2.0;

    private final AttributionConfig config;

    public SourceLinks(AttributionConfig config) {
        this.config = config;
    }

    /** Whether a campaign of this many victims is pooled at all. */
    public boolean pooled(int victims) {
        return victims <= config.sourceLinkMaxVictims();
    }

    /**
     * What the pooled test adds up over its campaigns: how many, their first hits, their hits but
     * the first, their victims but the first, and their hits touched within the service window.
     */
    public record PoolSums(int campaigns, int firstHits, int hits, int trials, int serviceLike) {
        public static final PoolSums EMPTY = new PoolSums(0, 0, 0, 0, 0);

        public PoolSums plus(PoolSums o) {
            return new PoolSums(campaigns + o.campaigns, firstHits + o.firstHits, hits + o.hits,
                    trials + o.trials, serviceLike + o.serviceLike);
        }

        public PoolSums minus(PoolSums o) {
            return new PoolSums(campaigns - o.campaigns, firstHits - o.firstHits, hits - o.hits,
                    trials - o.trials, serviceLike - o.serviceLike);
        }
    }

    /** One campaign's part of its pool's sums: none without a hit or when it is not pooled. */
    public PoolSums part(Pooled c) {
        if (c.hits() < 1 || !pooled(c.victims())) {
            return PoolSums.EMPTY;
        }
        return new PoolSums(1, 1, c.hits() - 1, Math.max(c.victims(), c.hits()) - 1, c.serviceLike());
    }

    /**
     * Tests the pooled campaigns of one source.
     *
     * @param p the source's customers as a share of the population
     * @param candidates the sources that could have been tested (Bonferroni factor)
     */
    public PoolTest test(List<Pooled> pool, double p, int candidates) {
        PoolSums sums = PoolSums.EMPTY;
        for (Pooled c : pool) {
            sums = sums.plus(part(c));
        }
        return test(sums, p, candidates);
    }

    /** Tests a pool from its sums. */
    public PoolTest test(PoolSums s, double p, int candidates) {
        return judge(s.campaigns(), s.hits(), s.trials(), s.hits() + s.firstHits(), s.serviceLike(), p, candidates);
    }

    /**
     * Tests the last hours' early contacts for a source counted whole ({@link EarlyPool#surge}):
     * all their hits there, out of all of them.
     */
    public PoolTest test(EarlyPool.Surge s, double p, int candidates) {
        // The numbers last: counting them was a quarter of attribution with 160 campaigns, and a
        // source everyone touches (a courier) has thousands of hits a day and fails on its lift.
        PoolTest others = judge(2, s.hits(), s.contacts(), s.hits(), s.serviceLike(), p, candidates);
        if (!others.passes()) {
            return new PoolTest(0, others.hits(), others.trials(), others.lift(), others.log10P(), false);
        }
        return judge(s.callers().size(), s.hits(), s.contacts(), s.hits(), s.serviceLike(), p, candidates);
    }

    /**
     * The tested hits out of the trials against p, with the bars of a suspicion: two numbers or
     * more, {@code minVictims} hits in all, at most half of them service-like; and a corrected
     * tail {@value #POOL_SLACK} digits above a suspicion's. A pool is corrected for every source
     * known (hundreds to thousands), a suspicion for those its campaign's victims touched (tens):
     * at the same bar, a pool needed a thousand times the evidence, and a rotation's numbers
     * waited for it while each reached its own.
     */
    private PoolTest judge(int groups, int hits, int trials, int allHits, int serviceLike, double p, int candidates) {
        double lift = LeakStatistics.lift(hits, trials, p);
        double log10P = LeakStatistics.bonferroni(LeakStatistics.log10UpperTail(trials, hits, p), candidates);
        boolean passes = groups >= 2
                && allHits >= config.minVictims()
                && 2 * serviceLike <= allHits
                && lift >= config.liftBar(p)
                && log10P <= config.maxLog10P() + POOL_SLACK;
        return new PoolTest(groups, hits, trials, lift, log10P, passes);
    }

    /**
     * The source a campaign's own hits make least likely by chance, more hits breaking a tie, then
     * the name, among those with at least two hits; null when none has two and a known size. One
     * hit says nothing of a list, and one hit on a tiny source (an unregistered number with a few
     * dozen customers) is improbable enough to outrank the list's own two or three: the padded
     * numbers of a campaign were then never linked.
     *
     * @param sizes customers per source as last reported (0 when unknown)
     */
    static String strongest(List<VictimState> victims, NestedSources.Sizes sizes, long population)
            throws Exception {
        return strongest(victims, sizes, population, 2);
    }

    /**
     * The same among the sources with at least {@code minHits} hits: with one, for a number of a
     * surge, whose one victim may have touched its list's source and a larger one.
     */
    static String strongest(List<VictimState> victims, NestedSources.Sizes sizes, long population, int minHits)
            throws Exception {
        Map<String, Integer> hits = new HashMap<>();
        for (VictimState v : victims) {
            for (String source : v.sources) {
                hits.merge(source, 1, Integer::sum);
            }
        }
        String best = null;
        double bestTail = 0;
        int bestHits = 0;
        for (Map.Entry<String, Integer> e : hits.entrySet()) {
            int h = e.getValue();
            if (h < minHits) {
                continue;
            }
            long customers = sizes.of(e.getKey());
            if (customers <= 0 || population <= 0) {
                continue;
            }
            double tail = LeakStatistics.log10UpperTail(
                    Math.max(victims.size(), h), h, Math.min(1.0, (double) customers / population));
            if (best == null || tail < bestTail || (tail == bestTail
                    && (h > bestHits || (h == bestHits && e.getKey().compareTo(best) < 0)))) {
                best = e.getKey();
                bestTail = tail;
                bestHits = h;
            }
        }
        return best;
    }

    /**
     * Whether a campaign's own hits make it one of those working the source's list (whether it
     * may be linked at all is the caller's to say).
     */
    public boolean member(Pooled c, double p) {
        int m = Math.max(c.victims(), c.hits());
        return c.hits() >= 2
                && LeakStatistics.lift(c.hits(), m, p) >= config.liftBar(p)
                && LeakStatistics.log10UpperTail(m, c.hits(), p) <= config.sourceLinkLog10P();
    }
}
