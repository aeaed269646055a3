package org.leaktrace.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.leaktrace.schema.internal.Touch;

/**
 * Everything a campaign's calls say about where its numbers came from.
 *
 * <p>Kept per victim (first call from the campaign, and the touches that preceded it) rather than
 * per source, because a merge must not count a victim twice and the earliest call decides which
 * touches "precede". Per-source counts are derived on demand ({@link #tally}); a few thousand
 * victims with a handful of touches each tally in microseconds.
 */
public final class CampaignEvidence {
    private final String campaignId;
    private long calls;
    private long firstCallMs = Long.MAX_VALUE;
    private long lastEventMs = Long.MIN_VALUE;
    private final Map<String, VictimState> victims = new LinkedHashMap<>();
    private final Map<String, SuspicionState> suspicions = new LinkedHashMap<>();

    public CampaignEvidence(String campaignId) {
        this.campaignId = campaignId;
    }

    public String campaignId() {
        return campaignId;
    }

    public long calls() {
        return calls;
    }

    /** Time of the campaign's first call, or {@code Long.MAX_VALUE} before any. */
    public long firstCallMs() {
        return firstCallMs;
    }

    public long lastEventMs() {
        return lastEventMs;
    }

    /** m: distinct victims tracked. */
    public int victimCount() {
        return victims.size();
    }

    public Collection<String> victims() {
        return List.copyOf(victims.keySet());
    }

    /**
     * Records one call.
     *
     * @param touches the victim's touchpoints; only those whose first touch precedes the call count
     * @return the sources whose evidence changed (empty when the victim was already known from an
     *     earlier call, or the campaign tracks its maximum of victims)
     */
    public Set<String> addContact(
            String victim, long callMs, List<Touch> touches, int maxVictims, int maxTouches) {
        calls++;
        firstCallMs = Math.min(firstCallMs, callMs);
        lastEventMs = Math.max(lastEventMs, callMs);
        VictimState known = victims.get(victim);
        if (known != null && known.firstCallMs <= callMs) {
            return Set.of();
        }
        if (known == null && victims.size() >= maxVictims) {
            return Set.of();
        }
        VictimState state = victimState(victim, callMs, touches, maxTouches);
        victims.put(victim, state);
        Set<String> changed = new java.util.LinkedHashSet<>(List.of(state.sources));
        if (known != null) {
            changed.addAll(List.of(known.sources));
        }
        return changed;
    }

    private static VictimState victimState(
            String victim, long callMs, List<Touch> touches, int maxTouches) {
        List<Touch> preceding = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
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

    /**
     * Takes over another campaign's evidence (it was merged into this one). A victim of both keeps
     * the earlier first call; a suspicion on the same source keeps the earlier detection and id.
     */
    public void absorb(CampaignEvidence other) {
        calls += other.calls;
        firstCallMs = Math.min(firstCallMs, other.firstCallMs);
        lastEventMs = Math.max(lastEventMs, other.lastEventMs);
        for (VictimState theirs : other.victims.values()) {
            VictimState ours = victims.get(theirs.victim);
            if (ours == null || theirs.firstCallMs < ours.firstCallMs) {
                victims.put(theirs.victim, theirs);
            }
        }
        for (SuspicionState theirs : other.suspicions.values()) {
            SuspicionState ours = suspicions.get(theirs.source);
            if (ours == null || theirs.firstDetectedMs < ours.firstDetectedMs) {
                if (ours != null) {
                    theirs.emissions = Math.max(theirs.emissions, ours.emissions);
                }
                suspicions.put(theirs.source, theirs);
            } else {
                ours.emissions = Math.max(theirs.emissions, ours.emissions);
            }
        }
    }

    /** Per candidate source, its hits; a hit is service-like if the last touch is recent. */
    public Map<String, SourceTally> tally(long serviceWindowMs) {
        Map<String, List<String>> hitVictims = new TreeMap<>();
        Map<String, long[]> firstTouches = new TreeMap<>();
        Map<String, Integer> service = new TreeMap<>();
        for (VictimState v : victims.values()) {
            for (int i = 0; i < v.sources.length; i++) {
                String source = v.sources[i];
                List<String> list = hitVictims.computeIfAbsent(source, s -> new ArrayList<>());
                list.add(v.victim);
                long[] times = firstTouches.computeIfAbsent(source, s -> new long[4]);
                if (list.size() > times.length) {
                    times = Arrays.copyOf(times, times.length * 2);
                    firstTouches.put(source, times);
                }
                times[list.size() - 1] = v.firstTouchMs[i];
                if (v.firstCallMs - v.lastTouchMs[i] <= serviceWindowMs) {
                    service.merge(source, 1, Integer::sum);
                }
            }
        }
        Map<String, SourceTally> result = new LinkedHashMap<>();
        hitVictims.forEach((source, list) -> result.put(source, new SourceTally(
                source, List.copyOf(list), service.getOrDefault(source, 0),
                Arrays.copyOf(firstTouches.get(source), list.size()))));
        return result;
    }

    public SuspicionState suspicion(String source) {
        return suspicions.get(source);
    }

    public void putSuspicion(SuspicionState state) {
        suspicions.put(state.source, state);
    }

    public Collection<SuspicionState> suspicions() {
        return List.copyOf(suspicions.values());
    }

    /** The stored form. */
    public CampaignEvidenceState toState() {
        CampaignEvidenceState state = new CampaignEvidenceState();
        state.campaignId = campaignId;
        state.calls = calls;
        state.firstCallMs = firstCallMs;
        state.lastEventMs = lastEventMs;
        state.victims = victims.values().toArray(new VictimState[0]);
        state.suspicions = suspicions.values().toArray(new SuspicionState[0]);
        return state;
    }

    /** Back from the stored form. */
    public static CampaignEvidence fromState(CampaignEvidenceState state) {
        CampaignEvidence evidence = new CampaignEvidence(state.campaignId);
        evidence.calls = state.calls;
        evidence.firstCallMs = state.firstCallMs;
        evidence.lastEventMs = state.lastEventMs;
        for (VictimState v : state.victims) {
            evidence.victims.put(v.victim, v);
        }
        for (SuspicionState s : state.suspicions) {
            evidence.suspicions.put(s.source, s);
        }
        return evidence;
    }
}
