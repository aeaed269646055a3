package org.leaktrace.campaign;

/**
 * Where {@link CampaignLinker} keeps its state: Flink keyed MapState in the job, maps in tests.
 *
 * <p>Values returned are copies the linker may modify; it writes them back with the put methods.
 */
public interface CampaignStore {

    /** The campaign a caller belongs to, or null. */
    String campaignOf(String caller);

    void assign(String caller, String campaignId);

    void unassign(String caller);

    Campaign campaign(String campaignId);

    void putCampaign(Campaign campaign);

    void removeCampaign(String campaignId);

    /** Every live campaign id, for expiry scans. */
    Iterable<String> campaignIds();

    /** The first caller seen with this IMEI, or null. */
    String callerOfImei(String imei);

    void putImei(String imei, String caller);

    void removeImei(String imei);

    RecentCallers cell(String cellId);

    void putCell(String cellId, RecentCallers callers);

    void removeCell(String cellId);

    RecentCallers victim(String victim);

    void putVictim(String victim, RecentCallers callers);

    void removeVictim(String victim);

    LinkCounts links(String campaignId);

    void putLinks(String campaignId, LinkCounts counts);

    void removeLinks(String campaignId);
}
