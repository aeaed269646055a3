package org.leaktrace.attribution;

/**
 * A campaign's own figures, without its victims: a Flink POJO (state value), one per campaign.
 * Victims and per-source counts are separate entries ({@link CampaignEvidence}), so this value
 * stays small however large the campaign grows.
 */
public class CampaignSummaryState {
    public String campaignId;
    public long calls;
    /** Time of the first call, {@code Long.MAX_VALUE} before any. */
    public long firstCallMs = Long.MAX_VALUE;
    public long lastEventMs = Long.MIN_VALUE;
    /** m: distinct victims tracked, those with order numbers {@code firstSeq} and on. */
    public int victims;
    /**
     * The order number of the first victim still tracked; a new victim gets {@code firstSeq +
     * victims}. 0 until the campaign tracks its maximum, and in state written before victims were
     * replaced.
     */
    public int firstSeq;
    /** Sources with at least one hit: the Bonferroni factor. */
    public int candidates;
    public SuspicionState[] suspicions = new SuspicionState[0];
    /**
     * Sources with at least {@link CampaignEvidence}'s {@code frequentHits} hits, sorted, kept as
     * counts move: the only ones that can lead the campaign, so finding its leaders does not walk
     * its victims. Null in state written before it was kept: unknown, found by one walk.
     */
    public String[] frequent;

    public CampaignSummaryState() {}
}
