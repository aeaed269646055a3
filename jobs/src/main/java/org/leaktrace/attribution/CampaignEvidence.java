package org.leaktrace.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.leaktrace.pipeline.RecentMap;
import org.leaktrace.schema.internal.Touch;

/**
 * Everything campaigns' calls say about where their numbers came from, kept incrementally.
 *
 * <p>Per campaign a small summary ({@link CampaignSummaryState}); per campaign×victim the first
 * call and the touches that preceded it ({@link VictimState}), because a merge must not count a
 * victim twice and the earliest call decides which touches "precede"; per campaign×seq the
 * victim's number, to walk victims in the order they came; per campaign×source the running
 * counts ({@link SourceCount}); per source the campaigns with a hit on it, for {@link
 * SourceLinks}, rewritten only when a campaign gains or loses its first hit there. A contact
 * therefore reads and writes only its victim's entries and the counts of the sources it touches,
 * whatever the campaign's size. Only what is rare walks
 * all of a campaign's victims: emitting a suspicion (its victims and leak dating), merging and
 * expiring campaigns.
 */
public final class CampaignEvidence {
    private static final char SEPARATOR = '\u0000';

    /**
     * Campaigns listed per source. A source hit by more campaigns than this is one most people
     * touch (a courier), not a list: later campaigns are not listed, which leaves the pooled test
     * valid (whether a campaign is listed does not depend on its hits) and the entry bounded.
     */
    public static final int MAX_POOLED = 1024;

    /**
     * Victims kept in walks, all campaigns together, beyond those of the campaign walked last.
     * Linking by source walks the other campaigns of a pool, so a few walks alone were read anew
     * for nearly every contact of a busy campaign. On the heap a walk holds references to the
     * state's own values; with RocksDB, copies (about 30 MB at this bound).
     */
    static final int WALKED_VICTIMS_KEPT = 200_000;

    private final EvidenceTable<CampaignSummaryState> summaries;
    private final EvidenceTable<VictimState> victims;
    private final EvidenceTable<String> order;
    private final EvidenceTable<SourceCount> counts;
    private final EvidenceTable<String[]> pools;
    private final long serviceWindowMs;
    private final int frequentHits;
    private final int walkedVictimsKept;
    /**
     * The walks of the campaigns walked last, least recently used first, each kept equal to its
     * campaign's victims as they are written ({@link Walk}).
     */
    private final LinkedHashMap<String, Walk> walks = new LinkedHashMap<>(64, 0.75f, true);

    /** A source's tally among the victims who did not touch {@code without}. */
    private record Besides(String source, String without) {}

    /**
     * Tallies kept per walk. A campaign is tested beside one source at a time (its most-hit blamed
     * one, or its leader), for the sources its victims touch.
     */
    static final int BESIDES_KEPT = 64;
    /** Sources whose victims a walk keeps listed at most ({@link #hitters}). */
    static final int HITTERS_KEPT = 16;

    /**
     * A campaign's victims in order, from its {@code firstSeq}, followed as victims are added,
     * replaced and evicted instead of read again.
     *
     * <p>A list handed out never changes: the first write after it copies the references.
     */
    private final class Walk {
        int firstSeq;
        ArrayList<VictimState> states;
        boolean handedOut;
        /**
         * Tallies of a source among the victims who did not touch another, as {@code {hits,
         * serviceLike}}, kept as the walk follows its writes (at most {@link #BESIDES_KEPT}).
         * A blamed campaign tests each source its new victim touched beside the blamed one, and
         * counting them by a walk each time was 15–22 % of attribution with 160 campaigns.
         */
        RecentMap<Besides, int[]> besides;
        /**
         * Per source, the victims who touched it, until the walk changes (at most {@link
         * #HITTERS_KEPT}). A source about to be said is looked for among them twice, to see
         * whether another source explains it and to list and date its hits, and a list's best
         * buyer is walked for its hits at every other buyer's emission.
         */
        RecentMap<String, List<VictimState>> hitters;

        Walk(int firstSeq, ArrayList<VictimState> states) {
            this.firstSeq = firstSeq;
            this.states = states;
        }

        List<VictimState> handOut() {
            handedOut = true;
            return Collections.unmodifiableList(states);
        }

        ArrayList<VictimState> forWrite() {
            if (handedOut) {
                states = new ArrayList<>(states);
                handedOut = false;
            }
            return states;
        }

        void add(VictimState v) {
            forWrite().add(v);
            follow(v, +1);
            hitters = null;
        }

        void set(int at, VictimState v) {
            follow(forWrite().set(at, v), -1);
            follow(v, +1);
            hitters = null;
        }

        void removeFirst() {
            follow(forWrite().remove(0), -1);
            firstSeq++;
            hitters = null;
        }

        private void follow(VictimState v, int sign) {
            if (besides == null) {
                return;
            }
            for (Map.Entry<Besides, int[]> e : besides.entrySet()) {
                int at = hitWithout(v, e.getKey().source(), e.getKey().without());
                if (at >= 0) {
                    e.getValue()[0] += sign;
                    e.getValue()[1] += serviceLike(v, at) ? sign : 0;
                }
            }
        }
    }

    /**
     * @param summaries by campaign id
     * @param victims by campaign id and victim number
     * @param order victim numbers by campaign id and order number
     * @param counts by campaign id and source
     * @param pools campaign ids by source: the campaigns with a hit on it, at most {@link
     *     #MAX_POOLED} (see {@link SourceLinks})
     * @param serviceWindowMs a hit is service-like if the last touch is at most this long before
     *     the call
     * @param frequentHits hits from which a source is listed among the campaign's frequent ones
     *     ({@link #frequent})
     */
    public CampaignEvidence(
            EvidenceTable<CampaignSummaryState> summaries, EvidenceTable<VictimState> victims,
            EvidenceTable<String> order, EvidenceTable<SourceCount> counts,
            EvidenceTable<String[]> pools, long serviceWindowMs, int frequentHits) {
        this(summaries, victims, order, counts, pools, serviceWindowMs, frequentHits, WALKED_VICTIMS_KEPT);
    }

    /** As above, keeping walks of at most {@code walkedVictimsKept} victims beyond the last one. */
    CampaignEvidence(
            EvidenceTable<CampaignSummaryState> summaries, EvidenceTable<VictimState> victims,
            EvidenceTable<String> order, EvidenceTable<SourceCount> counts,
            EvidenceTable<String[]> pools, long serviceWindowMs, int frequentHits, int walkedVictimsKept) {
        this.summaries = summaries;
        this.victims = victims;
        this.order = order;
        this.counts = counts;
        this.pools = pools;
        this.serviceWindowMs = serviceWindowMs;
        this.frequentHits = frequentHits;
        this.walkedVictimsKept = walkedVictimsKept;
    }

    /** Evidence in hash maps, outside Flink. */
    public static CampaignEvidence inMemory(long serviceWindowMs, int frequentHits) {
        return new CampaignEvidence(EvidenceTable.inMemory(), EvidenceTable.inMemory(),
                EvidenceTable.inMemory(), EvidenceTable.inMemory(), EvidenceTable.inMemory(),
                serviceWindowMs, frequentHits);
    }

    private static String key(String campaignId, String part) {
        return campaignId + SEPARATOR + part;
    }

    /** The campaign's summary, or null if it has none. */
    public CampaignSummaryState load(String campaignId) throws Exception {
        return summaries.get(campaignId);
    }

    /** The campaign's summary, a new empty one if it has none (not stored until saved). */
    public CampaignSummaryState loadOrCreate(String campaignId) throws Exception {
        CampaignSummaryState campaign = summaries.get(campaignId);
        if (campaign == null) {
            campaign = new CampaignSummaryState();
            campaign.campaignId = campaignId;
            campaign.frequent = new String[0];
        }
        return campaign;
    }

    public void save(CampaignSummaryState campaign) throws Exception {
        summaries.put(campaign.campaignId, campaign);
    }

    /**
     * Records one call. The caller saves the summary afterwards.
     *
     * <p>A campaign tracks its most recent {@code maxVictims} victims: a new one beyond them
     * takes the place of the one that came first. Evidence that stopped growing at the maximum
     * would never show a list an operation bought after its first weeks, nor one whose numbers
     * were linked to a larger operation late (two pairs of the worlds of 2026-12-03).
     *
     * @param touches the victim's touchpoints; only those whose first touch precedes the call count
     * @return the sources whose evidence grew, sorted (empty when the victim was already known
     *     from an earlier call)
     */
    public SortedSet<String> addContact(
            CampaignSummaryState campaign, String victim, long callMs, List<Touch> touches,
            int maxVictims, int maxTouches) throws Exception {
        campaign.calls++;
        campaign.firstCallMs = Math.min(campaign.firstCallMs, callMs);
        campaign.lastEventMs = Math.max(campaign.lastEventMs, callMs);
        String victimKey = key(campaign.campaignId, victim);
        VictimState known = victims.get(victimKey);
        if (known != null && known.firstCallMs <= callMs) {
            return new TreeSet<>();
        }
        if (known == null) {
            while (campaign.victims >= maxVictims) {
                evictFirst(campaign);
            }
        }
        VictimState state = victimState(victim, callMs, touches, maxTouches);
        SortedSet<String> changed = new TreeSet<>(Arrays.asList(state.sources));
        if (known != null) {
            changed.addAll(Arrays.asList(known.sources));
        }
        put(campaign, known, state);
        return changed;
    }

    /** Stores a victim, new or replacing {@code known}, and moves the source counts with it. */
    private void put(CampaignSummaryState campaign, VictimState known, VictimState state)
            throws Exception {
        Walk walk = walks.get(campaign.campaignId);
        if (known == null) {
            state.seq = campaign.firstSeq + campaign.victims++;
            order.put(key(campaign.campaignId, Integer.toString(state.seq)), state.victim);
            if (walk != null && walk.firstSeq + walk.states.size() == state.seq) {
                walk.add(state);
            } else {
                walks.remove(campaign.campaignId);
            }
        } else {
            state.seq = known.seq;
            count(campaign, known, -1);
            int at = walk == null ? -1 : known.seq - walk.firstSeq;
            if (at >= 0 && at < walk.states.size() && walk.states.get(at).victim.equals(state.victim)) {
                walk.set(at, state);
            } else {
                walks.remove(campaign.campaignId);
            }
        }
        count(campaign, state, +1);
        victims.put(key(campaign.campaignId, state.victim), state);
    }

    /** Forgets the victim that came first, with its counts. */
    private void evictFirst(CampaignSummaryState campaign) throws Exception {
        String orderKey = key(campaign.campaignId, Integer.toString(campaign.firstSeq));
        String victim = order.get(orderKey);
        String victimKey = key(campaign.campaignId, victim);
        count(campaign, victims.get(victimKey), -1);
        victims.remove(victimKey);
        order.remove(orderKey);
        Walk walk = walks.get(campaign.campaignId);
        if (walk != null && walk.firstSeq == campaign.firstSeq && !walk.states.isEmpty()
                && walk.states.get(0).victim.equals(victim)) {
            walk.removeFirst();
        } else {
            walks.remove(campaign.campaignId);
        }
        campaign.firstSeq++;
        campaign.victims--;
    }

    /** Whether the victim's hit on its {@code i}-th source came within the service window of that source's contact. */
    private boolean serviceLike(VictimState victim, int i) {
        return victim.firstCallMs - victim.lastTouchMs[i] <= serviceWindowMs;
    }

    private void count(CampaignSummaryState campaign, VictimState victim, int sign)
            throws Exception {
        for (int i = 0; i < victim.sources.length; i++) {
            String countKey = key(campaign.campaignId, victim.sources[i]);
            SourceCount count = counts.get(countKey);
            if (count == null) {
                count = new SourceCount();
                campaign.candidates++;
                pool(victim.sources[i], campaign.campaignId, true);
            }
            count.hits += sign;
            if (serviceLike(victim, i)) {
                count.serviceLike += sign;
            }
            if (count.hits == (sign > 0 ? frequentHits : frequentHits - 1)) {
                listFrequent(campaign, victim.sources[i], sign > 0);
            }
            if (count.hits == 0) {
                counts.remove(countKey);
                campaign.candidates--;
                pool(victim.sources[i], campaign.campaignId, false);
            } else {
                counts.put(countKey, count);
            }
        }
    }

    /** Adds a source to, or removes it from, the campaign's sorted frequent list, if that is kept. */
    private static void listFrequent(CampaignSummaryState campaign, String source, boolean listed) {
        if (campaign.frequent == null) {
            return;
        }
        int at = Arrays.binarySearch(campaign.frequent, source);
        if (listed && at < 0) {
            int insert = -at - 1;
            String[] grown = new String[campaign.frequent.length + 1];
            System.arraycopy(campaign.frequent, 0, grown, 0, insert);
            grown[insert] = source;
            System.arraycopy(campaign.frequent, insert, grown, insert + 1,
                    campaign.frequent.length - insert);
            campaign.frequent = grown;
        } else if (!listed && at >= 0) {
            String[] shrunk = new String[campaign.frequent.length - 1];
            System.arraycopy(campaign.frequent, 0, shrunk, 0, at);
            System.arraycopy(campaign.frequent, at + 1, shrunk, at, shrunk.length - at);
            campaign.frequent = shrunk;
        }
    }

    /**
     * The sources with at least {@code frequentHits} hits, sorted: from the campaign's list, or,
     * in state written before the list was kept, by one walk, after which the list is kept.
     */
    public List<String> frequent(CampaignSummaryState campaign) throws Exception {
        if (campaign.frequent == null) {
            List<String> found = new ArrayList<>();
            for (String source : sources(campaign)) {
                SourceCount count = counts.get(key(campaign.campaignId, source));
                if (count != null && count.hits >= frequentHits) {
                    found.add(source);
                }
            }
            campaign.frequent = found.toArray(new String[0]);
        }
        return List.of(campaign.frequent);
    }

    static VictimState victimState(
            String victim, long callMs, List<Touch> touches, int maxTouches) {
        List<Touch> preceding = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        touches.stream()
                .filter(t -> t.getFirstMs() < callMs)
                .sorted(Comparator.comparingLong(Touch::getFirstMs))
                .forEach(t -> {
                    if (preceding.size() < maxTouches && seen.add(t.getSource())) {
                        preceding.add(t);
                    }
                });
        VictimState state = new VictimState();
        state.victim = victim;
        state.firstCallMs = callMs;
        state.sources = preceding.stream().map(Touch::getSource).toArray(String[]::new);
        state.firstTouchMs = preceding.stream().mapToLong(Touch::getFirstMs).toArray();
        state.lastTouchMs = preceding.stream().mapToLong(Touch::getLastMs).toArray();
        return state;
    }

    /** The campaign's hits on one source, or null if it has none. */
    public SourceTally tally(CampaignSummaryState campaign, String source) throws Exception {
        SourceCount count = counts.get(key(campaign.campaignId, source));
        return count == null ? null : new SourceTally(source, count.hits, count.serviceLike);
    }

    /**
     * The campaign's hits on one source among its victims who did not touch another, or null if it
     * has none there: counted by one walk, then kept with the walk and followed as it is.
     */
    public SourceTally tallyWithout(CampaignSummaryState campaign, String source, String without)
            throws Exception {
        Walk walk = walk(campaign);
        Besides key = new Besides(source, without);
        int[] kept = walk.besides == null ? null : walk.besides.get(key);
        if (kept == null) {
            kept = new int[2];
            for (VictimState v : walk.states) {
                int at = hitWithout(v, source, without);
                if (at >= 0) {
                    kept[0]++;
                    kept[1] += serviceLike(v, at) ? 1 : 0;
                }
            }
            if (walk.besides == null) {
                walk.besides = new RecentMap<>(BESIDES_KEPT);
            }
            walk.besides.put(key, kept);
        }
        return kept[0] == 0 ? null : new SourceTally(source, kept[0], kept[1]);
    }

    /**
     * The index of {@code source} among the victim's sources when it touched it and not {@code
     * without}, else -1: one pass over its sources (each listed once).
     */
    private static int hitWithout(VictimState v, String source, String without) {
        int at = -1;
        for (int i = 0; i < v.sources.length; i++) {
            String s = v.sources[i];
            if (s.equals(without)) {
                return -1;
            }
            if (at < 0 && s.equals(source)) {
                at = i;
            }
        }
        return at;
    }

    /**
     * The campaign's victims in the order it first saw them (walks the campaign).
     *
     * <p>One input often walks the same campaign several times (dating the leak, emitting, the
     * test beside a blamed source), and nearly every contact of a campaign with a suspicion does.
     * A walk is two state reads per victim: in RocksDB 28 % of attribution's time (BENCHMARKS.md),
     * on the heap most of it with 160 campaigns. So the walks of the campaigns walked last are
     * kept (up to {@link #WALKED_VICTIMS_KEPT} victims) and follow their victims' writes. The
     * list is unmodifiable and never changes, and its states are shared, as the heap's own are:
     * callers only read them.
     */
    public List<VictimState> victims(CampaignSummaryState campaign) throws Exception {
        return walk(campaign).handOut();
    }

    /** The campaign's kept walk, read first when none is kept or it is not the campaign's now. */
    private Walk walk(CampaignSummaryState campaign) throws Exception {
        Walk kept = walks.get(campaign.campaignId);
        if (kept != null && kept.firstSeq == campaign.firstSeq && kept.states.size() == campaign.victims) {
            return kept;
        }
        ArrayList<VictimState> result = new ArrayList<>(campaign.victims);
        for (int seq = campaign.firstSeq; seq < campaign.firstSeq + campaign.victims; seq++) {
            String victim = order.get(key(campaign.campaignId, Integer.toString(seq)));
            result.add(victims.get(key(campaign.campaignId, victim)));
        }
        Walk walk = new Walk(campaign.firstSeq, result);
        walks.put(campaign.campaignId, walk);
        long held = 0;
        for (Walk w : walks.values()) {
            held += w.states.size();
        }
        for (var eldest = walks.values().iterator(); held > walkedVictimsKept && walks.size() > 1; ) {
            held -= eldest.next().states.size();
            eldest.remove();
        }
        return walk;
    }

    /**
     * Every source with a hit, sorted (walks the campaign). Gathered in a hash set and sorted
     * once: a tree takes a few comparisons for each of the victims' many hits on the same
     * sources, 7 % of attribution with 160 campaigns, where a merge re-tests every source.
     */
    public SortedSet<String> sources(CampaignSummaryState campaign) throws Exception {
        Set<String> sources = new HashSet<>();
        for (VictimState v : victims(campaign)) {
            Collections.addAll(sources, v.sources);
        }
        return new TreeSet<>(sources);
    }

    /**
     * The campaign's victims who touched the source, in its order: walked once, then kept with the
     * campaign's walk until it changes.
     */
    public List<VictimState> hitters(CampaignSummaryState campaign, String source) throws Exception {
        Walk walk = walk(campaign);
        List<VictimState> kept = walk.hitters == null ? null : walk.hitters.get(source);
        if (kept == null) {
            List<VictimState> found = new ArrayList<>();
            for (VictimState v : walk.states) {
                if (indexOf(v, source) >= 0) {
                    found.add(v);
                }
            }
            kept = Collections.unmodifiableList(found);
            if (walk.hitters == null) {
                walk.hitters = new RecentMap<>(HITTERS_KEPT);
            }
            walk.hitters.put(source, kept);
        }
        return kept;
    }

    /** The victims behind a source's hits and their first touches. */
    public SourceHits hits(CampaignSummaryState campaign, String source) throws Exception {
        List<VictimState> hitters = hitters(campaign, source);
        List<String> hitVictims = new ArrayList<>(hitters.size());
        long[] firstTouches = new long[hitters.size()];
        for (VictimState v : hitters) {
            firstTouches[hitVictims.size()] = v.firstTouchMs[indexOf(v, source)];
            hitVictims.add(v.victim);
        }
        return new SourceHits(Collections.unmodifiableList(hitVictims), firstTouches);
    }

    /** Where the victim lists the source (once at most), or -1. */
    static int indexOf(VictimState v, String source) {
        for (int i = 0; i < v.sources.length; i++) {
            if (v.sources[i].equals(source)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Takes over another campaign's evidence (it was merged into this one) and removes the other's
     * entries. A victim of both keeps the earlier first call and the survivor's place in the
     * order; a suspicion on the same source keeps the earlier detection and id, and the other
     * is returned, ended. The caller saves the survivor.
     */
    public List<Superseded> absorb(CampaignSummaryState survivor, CampaignSummaryState absorbed)
            throws Exception {
        survivor.calls += absorbed.calls;
        survivor.firstCallMs = Math.min(survivor.firstCallMs, absorbed.firstCallMs);
        survivor.lastEventMs = Math.max(survivor.lastEventMs, absorbed.lastEventMs);
        List<VictimState> theirVictims = victims(absorbed);
        remove(absorbed, theirVictims);
        for (VictimState theirs : theirVictims) {
            VictimState ours = victims.get(key(survivor.campaignId, theirs.victim));
            if (ours == null || theirs.firstCallMs < ours.firstCallMs) {
                put(survivor, ours, copyOf(theirs));
            }
        }
        List<Superseded> superseded = new ArrayList<>();
        for (SuspicionState theirs : absorbed.suspicions) {
            SuspicionState ours = suspicion(survivor, theirs.source);
            if (ours == null || theirs.firstDetectedMs < ours.firstDetectedMs) {
                if (ours != null) {
                    superseded.add(new Superseded(ours, theirs.suspicionId));
                    theirs.emissions = Math.max(theirs.emissions, ours.emissions);
                }
                putSuspicion(survivor, theirs);
            } else {
                superseded.add(new Superseded(theirs, ours.suspicionId));
                ours.emissions = Math.max(theirs.emissions, ours.emissions);
            }
        }
        return superseded;
    }

    /**
     * A suspicion that a merge ended: both campaigns were blamed on the same source, and the one
     * detected first goes on for both.
     *
     * @param ended its last state, no longer held by either campaign
     * @param continuedAs the suspicion id that goes on
     */
    public record Superseded(SuspicionState ended, String continuedAs) {}

    private static VictimState copyOf(VictimState v) {
        VictimState copy = new VictimState();
        copy.victim = v.victim;
        copy.firstCallMs = v.firstCallMs;
        copy.sources = v.sources;
        copy.firstTouchMs = v.firstTouchMs;
        copy.lastTouchMs = v.lastTouchMs;
        return copy;
    }

    /** Removes all of a campaign's entries. */
    public void remove(CampaignSummaryState campaign) throws Exception {
        remove(campaign, victims(campaign));
    }

    private void remove(CampaignSummaryState campaign, List<VictimState> all) throws Exception {
        walks.remove(campaign.campaignId);
        Set<String> sources = new HashSet<>();
        for (VictimState v : all) {
            sources.addAll(Arrays.asList(v.sources));
            victims.remove(key(campaign.campaignId, v.victim));
            order.remove(key(campaign.campaignId, Integer.toString(v.seq)));
        }
        for (String source : sources) {
            counts.remove(key(campaign.campaignId, source));
            pool(source, campaign.campaignId, false);
        }
        summaries.remove(campaign.campaignId);
    }

    /** Lists or unlists a campaign under a source it hits. */
    private void pool(String source, String campaignId, boolean listed) throws Exception {
        String[] pool = pools.get(source);
        List<String> ids = pool == null ? new ArrayList<>(1) : new ArrayList<>(Arrays.asList(pool));
        boolean changed = listed
                ? !ids.contains(campaignId) && ids.size() < MAX_POOLED && ids.add(campaignId)
                : ids.remove(campaignId);
        if (!changed) {
            return;
        }
        if (ids.isEmpty()) {
            pools.remove(source);
        } else {
            pools.put(source, ids.toArray(new String[0]));
        }
    }

    /** The campaigns with a hit on a source (at most {@link #MAX_POOLED}), in the order they got it. */
    public List<String> pool(String source) throws Exception {
        String[] pool = pools.get(source);
        return pool == null ? List.of() : List.of(pool);
    }

    /** The campaign's suspicion on a source, or null. */
    public static SuspicionState suspicion(CampaignSummaryState campaign, String source) {
        for (SuspicionState s : campaign.suspicions) {
            if (s.source.equals(source)) {
                return s;
            }
        }
        return null;
    }

    /** Adds or replaces the campaign's suspicion on the state's source. */
    public static void putSuspicion(CampaignSummaryState campaign, SuspicionState state) {
        SuspicionState[] all = campaign.suspicions;
        for (int i = 0; i < all.length; i++) {
            if (all[i].source.equals(state.source)) {
                all[i] = state;
                return;
            }
        }
        SuspicionState[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = state;
        campaign.suspicions = grown;
    }
}
