package org.leaktrace.attribution;

/**
 * The stored form of {@link CampaignEvidence}: a Flink POJO with array fields only, so state
 * serialization needs no Kryo. One value per campaign in a MapState, bounded by the victim and
 * touch caps.
 */
public class CampaignEvidenceState {
    public String campaignId;
    public long calls;
    public long firstCallMs;
    public long lastEventMs;
    public VictimState[] victims = new VictimState[0];
    public SuspicionState[] suspicions = new SuspicionState[0];

    public CampaignEvidenceState() {}
}
