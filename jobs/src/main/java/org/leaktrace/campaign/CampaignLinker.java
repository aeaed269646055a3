package org.leaktrace.campaign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Groups risky caller numbers into campaigns: a union-find whose links are a shared device
 * (IMEI), a shared cell within a short window, or enough shared victims.
 *
 * <p>Campaigns rotate numbers, so evidence must be pooled across them before a leak can be proven
 * early. Each caller points straight at its campaign (quick-find with union by size): merges
 * relabel the smaller campaign's members, which keeps every lookup one read and leaves nothing
 * that state expiry could half-delete. Ids are stable: {@code cmp-} + hash of the founding
 * caller; a merge keeps the larger (then older) campaign's id.
 *
 * <p>Two operations that bought the same list stay apart unless they share a device (or a cell,
 * when cell linking is on), actually call the same victims far more often than chance, or are
 * linked by the source their victims share ({@link #linkBySource}); a
 * random dialer's overlap with any campaign is what chance gives, so it is never merged in. A
 * campaign whose numbers share a device (a SIM box) is never merged by victims or source: the box
 * already names the whole operation, and its overlap with another campaign means a resold list,
 * which must stay two campaigns so that the suspicion lists both (and neither dilutes the other's
 * evidence with a second list).
 */
public final class CampaignLinker {
    private final CampaignStore store;
    private final LinkingRules rules;

    public CampaignLinker(CampaignStore store, LinkingRules rules) {
        this.store = Objects.requireNonNull(store);
        this.rules = Objects.requireNonNull(rules);
    }

    /** The campaign a caller belongs to, or null if unknown. */
    public String campaignOf(String caller) {
        return store.campaignOf(caller);
    }

    /** A risky caller seen (its risk profile), with its device and cell if known. */
    public LinkResult observeCaller(String caller, String imei, String cellId, long timeMs) {
        return observe(caller, null, imei, cellId, timeMs, 0);
    }

    /** A risky caller's cold contact with a victim, with no population known (no chance correction). */
    public LinkResult observeContact(
            String caller, String victim, String imei, String cellId, long timeMs) {
        return observeContact(caller, victim, imei, cellId, timeMs, 0);
    }

    /**
     * A risky caller's cold contact with a victim.
     *
     * @param population active subscribers N, against which victim overlaps are judged (0 if unknown)
     */
    public LinkResult observeContact(
            String caller, String victim, String imei, String cellId, long timeMs, long population) {
        return observe(caller, Objects.requireNonNull(victim), imei, cellId, timeMs, population);
    }

    private LinkResult observe(
            String caller, String victim, String imei, String cellId, long timeMs, long population) {
        List<Merge> merges = new ArrayList<>();
        String own = campaignFor(caller, timeMs);
        if (present(imei)) {
            own = linkByImei(caller, own, imei, merges);
        }
        if (present(cellId) && rules.cellLinking()) {
            own = linkByCell(caller, own, cellId, timeMs, merges);
        }
        if (victim != null) {
            own = linkByVictim(caller, own, victim, timeMs, population, merges);
        }
        return new LinkResult(own, List.copyOf(merges));
    }

    private String campaignFor(String caller, long timeMs) {
        String id = store.campaignOf(caller);
        Campaign campaign = id == null ? null : store.campaign(id);
        if (campaign == null) {
            campaign = found(caller, timeMs);
            store.assign(caller, campaign.id);
        } else {
            campaign.lastActiveMs = Math.max(campaign.lastActiveMs, timeMs);
        }
        store.putCampaign(campaign);
        return campaign.id;
    }

    private Campaign found(String caller, long timeMs) {
        String id = CampaignIds.forFounder(caller);
        for (int salt = 1; store.campaign(id) != null; salt++) {
            id = CampaignIds.forFounder(caller + "#" + salt);
        }
        return new Campaign(id, caller, timeMs);
    }

    private String linkByImei(String caller, String own, String imei, List<Merge> merges) {
        remember(own, imei, true);
        String holder = store.callerOfImei(imei);
        String other = holder == null ? null : store.campaignOf(holder);
        if (other == null || store.campaign(other) == null) {
            store.putImei(imei, caller);
            return own;
        }
        String survivor = union(own, other, merges);
        if (!holder.equals(caller)) {
            Campaign device = store.campaign(survivor);
            device.deviceGroup = true;
            store.putCampaign(device);
        }
        return survivor;
    }

    private String linkByCell(
            String caller, String own, String cellId, long timeMs, List<Merge> merges) {
        remember(own, cellId, false);
        RecentCallers seen = store.cell(cellId);
        if (seen == null) {
            seen = new RecentCallers();
        }
        for (String other : seen.within(timeMs, rules.cellLinkWindow().toMillis())) {
            String otherCampaign = store.campaignOf(other);
            if (otherCampaign != null && store.campaign(otherCampaign) != null) {
                own = union(own, otherCampaign, merges);
            }
        }
        seen.removeIf(c -> store.campaignOf(c) == null);
        seen.record(caller, timeMs, rules.maxCallersPerCell());
        store.putCell(cellId, seen);
        return own;
    }

    /**
     * Counts a shared victim once per pair of campaigns: when this campaign reaches a victim that
     * other campaigns already called within the window, and it had not called the victim itself.
     */
    private String linkByVictim(
            String caller, String own, String victim, long timeMs, long population,
            List<Merge> merges) {
        RecentCallers called = store.victim(victim);
        if (called == null) {
            called = new RecentCallers();
        }
        Set<String> earlier = new LinkedHashSet<>();
        for (String other : called.within(timeMs, rules.linkWindow().toMillis())) {
            String otherCampaign = store.campaignOf(other);
            if (otherCampaign != null && store.campaign(otherCampaign) != null) {
                earlier.add(otherCampaign);
            }
        }
        if (!earlier.contains(own)) {
            Campaign mine = store.campaign(own);
            mine.victims++;
            store.putCampaign(mine);
            for (String other : earlier) {
                Campaign theirs = store.campaign(other);
                if (theirs == null || other.equals(own)) {
                    continue;
                }
                if (theirs.deviceGroup || store.campaign(own).deviceGroup) {
                    // A SIM box is a whole operation already; overlap with it is a shared list.
                    addShared(own, other);
                    continue;
                }
                int shared = addShared(own, other);
                long ours = store.campaign(own).victims;
                if (rules.overlapLinks(shared, ours, theirs.victims, population)) {
                    own = union(own, other, merges);
                }
            }
        }
        called.removeIf(c -> store.campaignOf(c) == null);
        called.record(caller, timeMs, rules.maxCallersPerVictim());
        store.putVictim(victim, called);
        return own;
    }

    private int addShared(String a, String b) {
        LinkCounts ofA = links(a);
        int count = ofA.add(b, 1);
        store.putLinks(a, ofA);
        LinkCounts ofB = links(b);
        ofB.add(a, 1);
        store.putLinks(b, ofB);
        return count;
    }

    private LinkCounts links(String campaignId) {
        LinkCounts counts = store.links(campaignId);
        return counts == null ? new LinkCounts() : counts;
    }

    /**
     * Merges two campaigns found to work one list by the source their victims share (see {@code
     * attribution.SourceLinks}), unless either is a device group: a SIM box is a whole operation,
     * and another campaign on its list a buyer of its own, as with shared victims. A box's first
     * number, seen alone, is not known to be one: linked before its box-mates show up, it brings
     * them into the campaign it joined.
     *
     * @return the campaign {@code a} is now part of, and the merge if there was one
     */
    public LinkResult linkBySource(String a, String b) {
        Campaign ca = store.campaign(a);
        Campaign cb = store.campaign(b);
        if (ca == null || cb == null || a.equals(b) || ca.deviceGroup || cb.deviceGroup) {
            return new LinkResult(a, List.of());
        }
        List<Merge> merges = new ArrayList<>(1);
        String survivor = union(a, b, merges);
        return new LinkResult(survivor, List.copyOf(merges));
    }

    /**
     * Marks a campaign as a SIM box when upstream saw its number share a device with others
     * ({@code shared_device}), before those numbers reach the linker: a box's first number,
     * alone here, would otherwise be linked by source with another buyer of the same list.
     */
    public void markSharedDevice(String campaignId) {
        Campaign campaign = store.campaign(campaignId);
        if (campaign != null && !campaign.deviceGroup) {
            campaign.deviceGroup = true;
            store.putCampaign(campaign);
        }
    }

    /** Whether two or more of a campaign's numbers were seen on one device (a SIM box). */
    public boolean deviceGroup(String campaignId) {
        Campaign campaign = store.campaign(campaignId);
        return campaign != null && campaign.deviceGroup;
    }

    /** Merges two campaigns; returns the survivor's id. */
    private String union(String a, String b, List<Merge> merges) {
        if (a.equals(b)) {
            return a;
        }
        Campaign ca = store.campaign(a);
        Campaign cb = store.campaign(b);
        Campaign survivor = survives(ca, cb) ? ca : cb;
        Campaign absorbed = survivor == ca ? cb : ca;
        List<String> moved = List.of(absorbed.members);
        for (String member : moved) {
            store.assign(member, survivor.id);
        }
        survivor.members = concat(survivor.members, absorbed.members, Integer.MAX_VALUE);
        int cap = rules.maxIdentitiesPerCampaign();
        survivor.imeis = concat(survivor.imeis, absorbed.imeis, cap);
        survivor.cells = concat(survivor.cells, absorbed.cells, cap);
        survivor.foundedMs = Math.min(survivor.foundedMs, absorbed.foundedMs);
        survivor.victims += absorbed.victims;
        survivor.deviceGroup |= absorbed.deviceGroup;
        survivor.lastActiveMs = Math.max(survivor.lastActiveMs, absorbed.lastActiveMs);
        store.putCampaign(survivor);
        store.removeCampaign(absorbed.id);
        moveLinks(absorbed.id, survivor.id);
        merges.add(new Merge(survivor.id, absorbed.id, moved));
        return survivor.id;
    }

    /** Larger campaign wins; then the older; then the smaller id, so the choice is total. */
    private static boolean survives(Campaign a, Campaign b) {
        if (a.size() != b.size()) {
            return a.size() > b.size();
        }
        if (a.foundedMs != b.foundedMs) {
            return a.foundedMs < b.foundedMs;
        }
        return a.id.compareTo(b.id) < 0;
    }

    private void moveLinks(String absorbed, String survivor) {
        LinkCounts moving = store.links(absorbed);
        if (moving == null) {
            return;
        }
        store.removeLinks(absorbed);
        LinkCounts target = links(survivor);
        for (int i = 0; i < moving.partners.length; i++) {
            String partner = moving.partners[i];
            if (partner.equals(survivor)) {
                target.remove(absorbed);
                continue;
            }
            target.add(partner, moving.counts[i]);
            LinkCounts ofPartner = links(partner);
            int count = ofPartner.remove(absorbed);
            ofPartner.add(survivor, count);
            store.putLinks(partner, ofPartner);
        }
        target.remove(absorbed);
        putOrRemove(survivor, target);
    }

    private void putOrRemove(String campaignId, LinkCounts counts) {
        if (counts.isEmpty()) {
            store.removeLinks(campaignId);
        } else {
            store.putLinks(campaignId, counts);
        }
    }

    private void remember(String campaignId, String identity, boolean imei) {
        Campaign campaign = store.campaign(campaignId);
        String[] known = imei ? campaign.imeis : campaign.cells;
        if (Arrays.asList(known).contains(identity)
                || known.length >= rules.maxIdentitiesPerCampaign()) {
            return;
        }
        String[] grown = concat(known, new String[] {identity}, Integer.MAX_VALUE);
        if (imei) {
            campaign.imeis = grown;
        } else {
            campaign.cells = grown;
        }
        store.putCampaign(campaign);
    }

    /**
     * Forgets a campaign: its callers, and their traces in the IMEI, cell and victim indexes.
     *
     * @param victims the victims the campaign called (their index entries are cleaned)
     * @return the campaign's callers, or an empty list if it did not exist
     */
    public List<String> expire(String campaignId, Collection<String> victims) {
        Campaign campaign = store.campaign(campaignId);
        if (campaign == null) {
            return List.of();
        }
        Set<String> members = Set.of(campaign.members);
        for (String imei : campaign.imeis) {
            if (members.contains(store.callerOfImei(imei))) {
                store.removeImei(imei);
            }
        }
        for (String cellId : campaign.cells) {
            RecentCallers seen = store.cell(cellId);
            if (seen != null && !seen.removeIf(members::contains)) {
                store.removeCell(cellId);
            } else if (seen != null) {
                store.putCell(cellId, seen);
            }
        }
        for (String victim : victims) {
            RecentCallers called = store.victim(victim);
            if (called != null && !called.removeIf(members::contains)) {
                store.removeVictim(victim);
            } else if (called != null) {
                store.putVictim(victim, called);
            }
        }
        LinkCounts counts = store.links(campaignId);
        if (counts != null) {
            for (String partner : counts.partners) {
                LinkCounts ofPartner = links(partner);
                ofPartner.remove(campaignId);
                putOrRemove(partner, ofPartner);
            }
            store.removeLinks(campaignId);
        }
        for (String member : members) {
            if (campaignId.equals(store.campaignOf(member))) {
                store.unassign(member);
            }
        }
        store.removeCampaign(campaignId);
        return List.of(campaign.members);
    }

    /** Campaigns whose last activity is at least {@code ttlMs} before {@code nowMs}. */
    public List<String> inactiveSince(long nowMs, long ttlMs) {
        List<String> stale = new ArrayList<>();
        for (String id : store.campaignIds()) {
            Campaign campaign = store.campaign(id);
            if (campaign != null && campaign.lastActiveMs + ttlMs <= nowMs) {
                stale.add(id);
            }
        }
        return stale;
    }

    /** The latest activity time of a campaign, or {@code Long.MIN_VALUE} if unknown. */
    public long lastActive(String campaignId) {
        Campaign campaign = store.campaign(campaignId);
        return campaign == null ? Long.MIN_VALUE : campaign.lastActiveMs;
    }

    /** The callers of a campaign, or an empty list if unknown. */
    public List<String> members(String campaignId) {
        Campaign campaign = store.campaign(campaignId);
        return campaign == null ? List.of() : List.of(campaign.members);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String[] concat(String[] first, String[] second, int cap) {
        LinkedHashSet<String> all = new LinkedHashSet<>(Arrays.asList(first));
        for (String s : second) {
            if (all.size() >= cap) {
                break;
            }
            all.add(s);
        }
        return all.toArray(new String[0]);
    }
}
