package org.leaktrace.campaign;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link CampaignStore} on maps, for tests without Flink. */
final class InMemoryCampaignStore implements CampaignStore {
    final Map<String, String> callerCampaign = new HashMap<>();
    final Map<String, Campaign> campaigns = new HashMap<>();
    final Map<String, String> imeis = new HashMap<>();
    final Map<String, RecentCallers> cells = new HashMap<>();
    final Map<String, RecentCallers> victims = new HashMap<>();
    final Map<String, LinkCounts> links = new HashMap<>();

    int entries() {
        return callerCampaign.size() + campaigns.size() + imeis.size() + cells.size()
                + victims.size() + links.size();
    }

    @Override public String campaignOf(String caller) { return callerCampaign.get(caller); }
    @Override public void assign(String caller, String id) { callerCampaign.put(caller, id); }
    @Override public void unassign(String caller) { callerCampaign.remove(caller); }
    @Override public Campaign campaign(String id) { return campaigns.get(id); }
    @Override public void putCampaign(Campaign c) { campaigns.put(c.id, c); }
    @Override public void removeCampaign(String id) { campaigns.remove(id); }
    @Override public Iterable<String> campaignIds() { return List.copyOf(campaigns.keySet()); }
    @Override public String callerOfImei(String imei) { return imeis.get(imei); }
    @Override public void putImei(String imei, String caller) { imeis.put(imei, caller); }
    @Override public void removeImei(String imei) { imeis.remove(imei); }
    @Override public RecentCallers cell(String id) { return cells.get(id); }
    @Override public void putCell(String id, RecentCallers c) { cells.put(id, c); }
    @Override public void removeCell(String id) { cells.remove(id); }
    @Override public RecentCallers victim(String v) { return victims.get(v); }
    @Override public void putVictim(String v, RecentCallers c) { victims.put(v, c); }
    @Override public void removeVictim(String v) { victims.remove(v); }
    @Override public LinkCounts links(String id) { return links.get(id); }
    @Override public void putLinks(String id, LinkCounts c) { links.put(id, c); }
    @Override public void removeLinks(String id) { links.remove(id); }
}
