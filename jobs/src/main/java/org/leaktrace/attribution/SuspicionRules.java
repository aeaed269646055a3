package org.leaktrace.attribution;

/**
 * When a source is blamed for a campaign, and when a suspicion is worth saying again.
 *
 * <p>Blame needs all of: enough victims (no conclusions from 2 hits), a large lift (or, for a
 * source too large for it, most victims among its customers: a national courier used by 30% of
 * subscribers is not blamed on base rate), an improbable tail after
 * correcting for every source tested, not mostly service-like hits (an organization's own agent
 * calling after its own message), and a source that is not the campaign itself.
 */
public final class SuspicionRules {
    private final AttributionConfig config;

    public SuspicionRules(AttributionConfig config) {
        this.config = config;
    }

    /**
     * Tests one source.
     *
     * @param sourceCustomers n as reported by the touch stage; 0 if not known yet
     * @param population N; 0 if not known yet (nothing can pass without it)
     */
    public SourceAssessment assess(
            SourceTally tally, int campaignVictims, int candidates, long sourceCustomers,
            long population, boolean excluded) {
        int x = tally.hits();
        int m = Math.max(campaignVictims, x);
        long n = sourceCustomers > 0 ? Math.max(sourceCustomers, x) : 0;
        boolean measurable = n > 0 && population > 0;
        double p = measurable ? Math.min(1.0, (double) n / population) : 1.0;
        double expected = measurable ? m * p : 0.0;
        double lift = measurable ? LeakStatistics.lift(x, m, p) : 0.0;
        double log10P = measurable
                ? LeakStatistics.bonferroni(LeakStatistics.log10UpperTail(m, x, p), candidates)
                : 0.0;
        boolean mostlyService = 2L * tally.serviceLike() > x;
        boolean passes = measurable
                && !excluded
                && !mostlyService
                && x >= config.minVictims()
                && lift >= config.liftBar(p)
                && log10P <= config.maxLog10P();
        return new SourceAssessment(tally.source(), x, m, n, population, candidates, expected,
                lift, log10P, tally.serviceLike(), excluded, passes, null);
    }

    /** The hits of a source among the victims who did not touch a blamed one (a walk). */
    @FunctionalInterface
    public interface Without {
        /** Null when there are none. */
        SourceTally tally() throws Exception;
    }

    /**
     * Tests one source among the campaign's victims who did not touch a source it is already
     * blamed on, or null when even all of its hits there could not pass.
     *
     * <p>A campaign that bought a small list together with a bank's is mostly the bank's
     * customers, and the small list's hits are a few percent of its victims: lift 2 to 3, never
     * blamed (a property agency's 307 customers beside a bank's 4,153, seed 11 at 20,000
     * subscribers). Set the bank's victims aside and the agency's customers are over-represented
     * among the rest as much as a list alone would make them. The rest is compared with the
     * agency's share of all subscribers, which is, if anything, more than its share among those
     * who are not the bank's customers, so a source living among the bank's customers (a local
     * school near a local agency) gains nothing; one whose hits come with the bank's own is
     * {@link NestedSources}'s to rule out, as for any source. The Bonferroni factor counts both
     * tests of each candidate.
     *
     * @param blamedHits the campaign's victims who touched the blamed source
     * @param without walks the campaign for this source's hits among the others; called only when
     *     all of its hits there would pass
     */
    public SourceAssessment assessBesides(
            SourceTally tally, String blamed, int blamedHits, int campaignVictims, int candidates,
            long sourceCustomers, long population, boolean excluded, Without without)
            throws Exception {
        int rest = campaignVictims - blamedHits;
        if (excluded || sourceCustomers <= 0 || population <= 0 || tally.hits() < config.minVictims()
                || rest < config.minVictims()) {
            return null;
        }
        double p = Math.min(1.0, (double) sourceCustomers / population);
        // Cheap bounds first: this runs for every source a blamed campaign's new victim touched.
        if (tally.hits() < config.liftBar(p) * rest * p) {
            return null;
        }
        if (!assess(tally, rest, 2 * candidates, sourceCustomers, population, false).passes()) {
            return null;
        }
        SourceTally within = without.tally();
        return within == null ? null
                : assess(within, rest, 2 * candidates, sourceCustomers, population, false)
                        .besides(blamed);
    }

    /**
     * Whether an already emitted suspicion should be emitted again: it still passes, and either
     * its campaign has more numbers than it listed, or its evidence grew materially (victims by
     * the growth ratio, or the tail by the configured digits) and the last emission is at least
     * the minimum interval ago in event time.
     *
     * <p>The numbers count on their own because a second buyer of the same list calls the same
     * victims: merged into the campaign, it adds numbers to block but no new victims, and its
     * numbers would otherwise never appear on the suspicion. They are not held to the interval:
     * a number that joins a blamed campaign is one the operator can block now, and waiting an
     * hour (and for the campaign's next contact after it) let a rotating operation's next
     * numbers call on unnamed. At most one update per number joined.
     */
    public boolean worthUpdate(SuspicionState last, SourceAssessment now, int callers, long timeMs) {
        if (!now.passes()) {
            return false;
        }
        if (callers > last.lastCallers) {
            return true;
        }
        if (timeMs - last.lastEmitMs < config.minReemitInterval().toMillis()) {
            return false;
        }
        boolean moreVictims = now.hits() > last.lastVictims
                && now.hits() >= last.lastVictims * (1 + config.reemitVictimGrowth());
        boolean strongerTail = now.log10P() <= last.lastLog10P - config.reemitLog10PDrop();
        return moreVictims || strongerTail;
    }
}
