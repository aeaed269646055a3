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
                lift, log10P, tally.serviceLike(), excluded, passes);
    }

    /**
     * Whether an already emitted suspicion should be emitted again: it still passes, its evidence
     * grew materially (victims by the growth ratio, or the tail by the configured digits) or its
     * campaign has more numbers than it listed, and the last emission is at least the minimum
     * interval ago in event time.
     *
     * <p>The numbers count on their own because a second buyer of the same list calls the same
     * victims: merged into the campaign, it adds numbers to block but no new victims, and its
     * numbers would otherwise never appear on the suspicion.
     */
    public boolean worthUpdate(SuspicionState last, SourceAssessment now, int callers, long timeMs) {
        if (!now.passes() || timeMs - last.lastEmitMs < config.minReemitInterval().toMillis()) {
            return false;
        }
        boolean moreVictims = now.hits() > last.lastVictims
                && now.hits() >= last.lastVictims * (1 + config.reemitVictimGrowth());
        boolean strongerTail = now.log10P() <= last.lastLog10P - config.reemitLog10PDrop();
        return moreVictims || strongerTail || callers > last.lastCallers;
    }
}
