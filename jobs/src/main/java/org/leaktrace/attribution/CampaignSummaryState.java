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
    /** m: distinct victims tracked; also the order number the next new victim gets. */
    public int victims;
    /** Sources with at least one hit: the Bonferroni factor. */
    public int candidates;
    public SuspicionState[] suspicions = new SuspicionState[0];

    public CampaignSummaryState() {}
}
