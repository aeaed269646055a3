package org.leaktrace.campaign;

import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.leaktrace.pipeline.StateTtl;

/**
 * {@link CampaignStore} on Flink keyed MapState, one map per index, so RocksDB reads and writes
 * one caller, campaign or victim at a time.
 *
 * <p>Must be used in a keyed context; the attribution operator keys everything by one constant.
 * Explicit expiry ({@link CampaignLinker#expire}) cleans what a campaign left behind; the victim
 * index also carries a state TTL as a backstop for victims beyond the evidence cap, whose entries
 * the expiry cannot name.
 */
public final class FlinkCampaignStore implements CampaignStore {
    private final MapState<String, String> callerCampaign;
    private final MapState<String, Campaign> campaigns;
    private final MapState<String, String> imeiCaller;
    private final MapState<String, RecentCallers> cells;
    private final MapState<String, RecentCallers> victims;
    private final MapState<String, LinkCounts> links;

    private FlinkCampaignStore(RuntimeContext context, Duration victimIndexTtl) {
        callerCampaign = context.getMapState(
                new MapStateDescriptor<>("caller-campaign", Types.STRING, Types.STRING));
        campaigns = context.getMapState(new MapStateDescriptor<>(
                "campaigns", Types.STRING, TypeInformation.of(Campaign.class)));
        imeiCaller = context.getMapState(
                new MapStateDescriptor<>("imei-caller", Types.STRING, Types.STRING));
        cells = context.getMapState(new MapStateDescriptor<>(
                "cell-callers", Types.STRING, TypeInformation.of(RecentCallers.class)));
        MapStateDescriptor<String, RecentCallers> victimDescriptor = new MapStateDescriptor<>(
                "victim-callers", Types.STRING, TypeInformation.of(RecentCallers.class));
        // One key holds the whole index, so it is not swept (an incremental sweep walked every
        // victim on every access); entries leave with their campaign's expiry, the TTL is only a
        // backstop.
        victimDescriptor.enableTimeToLive(StateTtl.refreshedOnWrite(victimIndexTtl));
        victims = context.getMapState(victimDescriptor);
        links = context.getMapState(new MapStateDescriptor<>(
                "campaign-links", Types.STRING, TypeInformation.of(LinkCounts.class)));
    }

    /** Opens the store's states; call from {@code open()} of a keyed function. */
    public static FlinkCampaignStore open(RuntimeContext context, Duration victimIndexTtl) {
        return new FlinkCampaignStore(context, victimIndexTtl);
    }

    @Override
    public String campaignOf(String caller) {
        return get(callerCampaign, caller);
    }

    @Override
    public void assign(String caller, String campaignId) {
        put(callerCampaign, caller, campaignId);
    }

    @Override
    public void unassign(String caller) {
        remove(callerCampaign, caller);
    }

    @Override
    public Campaign campaign(String campaignId) {
        return get(campaigns, campaignId);
    }

    @Override
    public void putCampaign(Campaign campaign) {
        put(campaigns, campaign.id, campaign);
    }

    @Override
    public void removeCampaign(String campaignId) {
        remove(campaigns, campaignId);
    }

    @Override
    public Iterable<String> campaignIds() {
        try {
            return campaigns.keys();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read campaign state", e);
        }
    }

    @Override
    public String callerOfImei(String imei) {
        return get(imeiCaller, imei);
    }

    @Override
    public void putImei(String imei, String caller) {
        put(imeiCaller, imei, caller);
    }

    @Override
    public void removeImei(String imei) {
        remove(imeiCaller, imei);
    }

    @Override
    public RecentCallers cell(String cellId) {
        return get(cells, cellId);
    }

    @Override
    public void putCell(String cellId, RecentCallers callers) {
        put(cells, cellId, callers);
    }

    @Override
    public void removeCell(String cellId) {
        remove(cells, cellId);
    }

    @Override
    public RecentCallers victim(String victim) {
        return get(victims, victim);
    }

    @Override
    public void putVictim(String victim, RecentCallers callers) {
        put(victims, victim, callers);
    }

    @Override
    public void removeVictim(String victim) {
        remove(victims, victim);
    }

    @Override
    public LinkCounts links(String campaignId) {
        return get(links, campaignId);
    }

    @Override
    public void putLinks(String campaignId, LinkCounts counts) {
        put(links, campaignId, counts);
    }

    @Override
    public void removeLinks(String campaignId) {
        remove(links, campaignId);
    }

    private static <V> V get(MapState<String, V> state, String key) {
        try {
            return state.get(key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read campaign state", e);
        }
    }

    private static <V> void put(MapState<String, V> state, String key, V value) {
        try {
            state.put(key, value);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write campaign state", e);
        }
    }

    private static <V> void remove(MapState<String, V> state, String key) {
        try {
            state.remove(key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write campaign state", e);
        }
    }
}
