package org.leaktrace.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.leaktrace.pipeline.RecentMap;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;

/**
 * Fresh numbers that are not risky on their own, pooled by the sources their victims touched,
 * until a pool blames its source and its members go on as risky callers.
 *
 * <p>An operation rotating k numbers without a shared device, one call each in turn, makes about
 * {@code minCalls} × k calls before any one number is judged by its own calls, and only then do
 * its victims reach attribution. The caller stage hands on the cold contacts of fresh numbers
 * whose every call so far was cold ({@code EARLY_CONTACT}); here they are pooled per source with
 * the test of {@link SourceLinks}: each number's hits after its first, out of its victims after
 * the first, against the source's base rate. What picks the fresh numbers is their call shapes,
 * not their victims' sources, so the conditioning holds as it does for small campaigns.
 *
 * <p>A large source (a courier with a third of everyone) has most fresh numbers in its pool, so
 * the pool is kept as running sums ({@link SourceLinks.PoolSums}), moved by each contact for the
 * few sources its number hit, and only the numbers with two hits or more there, which alone can
 * be members, are listed. A contact costs the same whatever the pool's size.
 *
 * <p>Only the latest {@value #MAX_CANDIDATES} numbers to reach two hits on a source are listed
 * there: more than that within the window is a source so large that chance alone gives it that
 * many, and an operation working its list is among the latest.
 *
 * <p>Entries live for the window given to {@link #add} and {@link #sweep}: they are swept an hour
 * at a time, by the hour a number was first pooled. What stays is the first hour not yet swept.
 *
 * <p>The conditioned test pays one call per number: an operation rotating k numbers through a
 * list gives it nothing in its first k calls. So the early contacts of the last
 * {@value #SURGE_HOURS} hours are also counted whole ({@link #surge}): every early contact, and
 * per source those whose victim touched it. No number is chosen for its hits there, so all hits
 * count, the first too, against the source's base rate over all early contacts. Few fresh
 * numbers call only strangers, so a list being worked shows within a few calls; where many do
 * (a large operator's daily new numbers), the test loses power but not its validity, and the
 * conditioned one still holds.
 */
public final class EarlyPool {
    private static final long HOUR_MS = 3_600_000L;
    /** Numbers listed per source as possible members, the latest to reach two hits there. */
    static final int MAX_CANDIDATES = 256;
    private static final String SWEPT = "swept";
    /** Hours of early contacts the test without conditioning counts. */
    static final int SURGE_HOURS = 24;
    /**
     * Hits listed per source and hour for that test; further ones are not counted, which only
     * makes the test stricter (a courier's customers get hits from every fresh number).
     */
    static final int SURGE_HITS_PER_HOUR = 256;
    private static final String SURGE_SWEPT = "surge-swept";
    /** Sources whose surge window is kept at most; one not asked for longest is read again. */
    static final int MAX_WINDOWS = 4_096;
    /** Marks a listed hit as service-like: the victim touched the source shortly before the call. */
    private static final String SERVICE_LIKE = "~";

    /**
     * The early contacts of the last {@value #SURGE_HOURS} hours as they bear on one source: how
     * many there were, how many hit it (service-like ones among them), and the numbers that hit it.
     */
    public record Surge(int contacts, int hits, int serviceLike, List<String[]> listed) {
        /**
         * The numbers that hit it, in the order listed. Built when asked: a contact counts the
         * surge of every source its victim touched, and the set for each was 5 % of attribution
         * with 160 campaigns, where only a count with enough hits is tested.
         */
        public Set<String> callers() {
            Set<String> callers = new LinkedHashSet<>();
            for (String[] hour : listed) {
                for (String hit : hour) {
                    callers.add(hit.startsWith(SERVICE_LIKE) ? hit.substring(SERVICE_LIKE.length()) : hit);
                }
            }
            return callers;
        }
    }

    /**
     * A fresh number's early contacts, as it stands under one source; {@code inputs} oldest
     * first, only the latest with the number's profile.
     */
    public record Member(String caller, SourceLinks.Pooled pooled, List<VictimState> victims,
            List<AttributionInput> inputs) {}

    private final EvidenceTable<List<AttributionInput>> callers;
    private final EvidenceTable<int[]> sums;
    private final EvidenceTable<String[]> candidates;
    private final EvidenceTable<String[]> hours;
    private final EvidenceTable<Long> marks;
    private final SourceLinks links;
    private final int maxContacts;
    private final int maxTouches;
    private final long serviceWindowMs;
    /** Writes of {@code marks} so far, and the day's early contacts as counted after the last. */
    private long markWrites;
    private DayCount dayCount;

    /** The early contacts of the {@value #SURGE_HOURS} hours up to {@code hour}, counted after {@code writes} writes. */
    private record DayCount(long hour, long writes, int contacts) {}

    /**
     * Per source, its hits of the {@value #SURGE_HOURS} hours up to {@link #windowHour}, as read
     * once and followed through every write since. A contact asks for the surge of each source
     * its victim touched, and each ask read {@value #SURGE_HOURS} hours' lists: 6 % of
     * attribution with 160 campaigns. Emptied when the hour moves or a sweep removes hours.
     */
    private final Map<String, SurgeWindow> windows = new RecentMap<>(MAX_WINDOWS);
    private long windowHour = Long.MIN_VALUE;

    /**
     * @param callers early inputs per number, oldest first
     * @param sums per source, the pool's running {@link SourceLinks.PoolSums}
     * @param candidates per source, the numbers with at least two hits on it
     * @param hours numbers per hour they were first pooled, for the sweep; and per hour, the
     *     sources hit and each one's hits, for {@link #surge}
     * @param marks the first hour not yet swept, and early contacts per hour
     * @param maxContacts contacts kept per number; later ones are ignored
     * @param maxTouches touches counted per victim, as for a campaign's victims
     */
    public EarlyPool(EvidenceTable<List<AttributionInput>> callers, EvidenceTable<int[]> sums,
            EvidenceTable<String[]> candidates, EvidenceTable<String[]> hours, EvidenceTable<Long> marks,
            SourceLinks links, int maxContacts, int maxTouches, long serviceWindowMs) {
        this.callers = callers;
        this.sums = sums;
        this.candidates = candidates;
        this.hours = hours;
        this.marks = EvidenceTable.onWrite(marks, () -> markWrites++);
        this.links = links;
        this.maxContacts = maxContacts;
        this.maxTouches = maxTouches;
        this.serviceWindowMs = serviceWindowMs;
    }

    /** A pool in hash maps, outside Flink. */
    public static EarlyPool inMemory(SourceLinks links, int maxContacts, int maxTouches, long serviceWindowMs) {
        return new EarlyPool(EvidenceTable.inMemory(), EvidenceTable.inMemory(), EvidenceTable.inMemory(),
                EvidenceTable.inMemory(), EvidenceTable.inMemory(), links, maxContacts, maxTouches, serviceWindowMs);
    }

    /**
     * What an early contact moved: the sources its victim touched before the call (those the
     * count may now blame), and among them those on which the number now has two hits or more:
     * only there can it be a member, and so make the conditioned pool blame the source (none for
     * a victim the number had already called, or beyond {@code maxContacts}).
     */
    public record Added(List<String> twice, List<String> touched) {}

    /** Forgets numbers silent for {@code windowMs}, then adds a fresh number's early contact. */
    public Added add(AttributionInput input, long windowMs) throws Exception {
        VictimContact contact = input.getContact();
        sweep(contact.getTimeMs() - windowMs);
        String caller = contact.getCaller();
        VictimState victim = CampaignEvidence.victimState(
                contact.getVictim(), contact.getTimeMs(), contact.getTouches(), maxTouches);
        List<AttributionInput> known = callers.get(caller);
        List<AttributionInput> inputs = known == null ? new ArrayList<>() : new ArrayList<>(known);
        for (AttributionInput other : inputs) {
            if (other.getContact().getVictim().equals(contact.getVictim())) {
                return new Added(List.of(), List.of(victim.sources));
            }
        }
        if (inputs.size() >= maxContacts) {
            return new Added(List.of(), List.of(victim.sources));
        }
        List<VictimState> victims = victims(inputs);
        Map<String, SourceLinks.Pooled> before = standing(victims);
        if (!inputs.isEmpty()) {
            // A number handed on goes on with its latest profile, so only the latest is kept: a
            // profile is a good part of a stored contact, and the pool of attribution's state.
            int last = inputs.size() - 1;
            inputs.set(last, AttributionInput.newBuilder(inputs.get(last)).setRisk(null).build());
        }
        inputs.add(input);
        victims.add(victim);
        callers.put(caller, inputs);
        long hour = Math.floorDiv(contact.getTimeMs(), HOUR_MS);
        if (known == null) {
            append(hours, Long.toString(hour), caller);
        }
        if (marks.get(SWEPT) == null) {
            marks.put(SWEPT, hour);
        }
        Map<String, SourceLinks.Pooled> after = standing(victims);
        move(caller, before, after);
        recordSurge(caller, victim, hour);
        List<String> twice = new ArrayList<>();
        for (String source : victim.sources) {
            if (after.get(source).hits() >= 2) {
                twice.add(source);
            }
        }
        return new Added(twice, List.of(victim.sources));
    }

    /** The pool's sums under {@code source}. */
    public SourceLinks.PoolSums sums(String source) throws Exception {
        int[] s = sums.get(source);
        return s == null ? SourceLinks.PoolSums.EMPTY : new SourceLinks.PoolSums(s[0], s[1], s[2], s[3], s[4]);
    }

    /** The numbers listed with at least two hits on {@code source}, each with its standing there. */
    public List<Member> candidates(String source) throws Exception {
        String[] listed = candidates.get(source);
        List<Member> members = new ArrayList<>();
        for (String caller : listed == null ? new String[0] : listed) {
            List<AttributionInput> inputs = callers.get(caller);
            if (inputs != null) {
                List<VictimState> victims = victims(inputs);
                members.add(new Member(caller, standing(victims).get(source), victims, inputs));
            }
        }
        return members;
    }

    /** The early contacts of the {@value #SURGE_HOURS} hours up to {@code nowMs}, as they bear on {@code source}. */
    public Surge surge(String source, long nowMs) throws Exception {
        long now = Math.floorDiv(nowMs, HOUR_MS);
        int contacts = contacts(now);
        if (now != windowHour) {
            windows.clear();
            windowHour = now;
        }
        SurgeWindow window = windows.get(source);
        if (window == null) {
            window = new SurgeWindow();
            for (int slot = 0; slot < SURGE_HOURS; slot++) {
                window.read(slot, hours.get(hitsKey(source, now - SURGE_HOURS + 1 + slot)));
            }
            windows.put(source, window);
        }
        return window.surge(contacts);
    }

    /**
     * The early contacts of the {@value #SURGE_HOURS} hours up to {@code now}. A contact asks it
     * once for each source its victim touched, the same {@value #SURGE_HOURS} reads each time;
     * in RocksDB each is a round trip, so the count is kept until the marks are written.
     */
    private int contacts(long now) throws Exception {
        DayCount last = dayCount;
        if (last != null && last.hour() == now && last.writes() == markWrites) {
            return last.contacts();
        }
        int contacts = 0;
        for (long hour = now - SURGE_HOURS + 1; hour <= now; hour++) {
            Long n = marks.get(contactsKey(hour));
            contacts += n == null ? 0 : n.intValue();
        }
        dayCount = new DayCount(now, markWrites, contacts);
        return contacts;
    }

    /** Forgets the source's hits in the {@value #SURGE_HOURS} hours up to {@code nowMs}: they blamed it once. */
    public void clearSurge(String source, long nowMs) throws Exception {
        windows.remove(source);
        long now = Math.floorDiv(nowMs, HOUR_MS);
        for (long hour = now - SURGE_HOURS + 1; hour <= now; hour++) {
            hours.remove(hitsKey(source, hour));
        }
    }

    /**
     * The numbers of a surge still pooled here that work the source's list by their own victims:
     * at least half of them hit it, with the lift of a suspicion ({@link AttributionConfig#liftBar}),
     * and it is their strongest source. One hit can be enough, since the surge, not the number,
     * was tested; the strongest source keeps out a number of another operation working at the
     * same time whose victim was also the source's customer, which would join the two.
     */
    public List<Member> surgeMembers(Surge surge, String source, double p, AttributionConfig config,
            NestedSources.Sizes sizes, long population) throws Exception {
        List<Member> members = new ArrayList<>();
        for (String caller : surge.callers()) {
            List<AttributionInput> inputs = callers.get(caller);
            if (inputs == null) {
                continue;
            }
            List<VictimState> victims = victims(inputs);
            SourceLinks.Pooled pooled = standing(victims).get(source);
            if (pooled != null && 2 * pooled.hits() >= pooled.victims()
                    && LeakStatistics.lift(pooled.hits(), pooled.victims(), p) >= config.liftBar(p)
                    && source.equals(SourceLinks.strongest(victims, sizes, population, 1))) {
                members.add(new Member(caller, pooled, victims, inputs));
            }
        }
        return members;
    }

    /** Counts an early contact in its hour, and lists it under each source its victim touched before the call. */
    private void recordSurge(String caller, VictimState victim, long hour) throws Exception {
        Long swept = marks.get(SURGE_SWEPT);
        if (swept == null) {
            marks.put(SURGE_SWEPT, hour - SURGE_HOURS + 1);
        } else if (hour < swept) {
            return;
        }
        sweepSurge(hour - SURGE_HOURS + 1);
        Long n = marks.get(contactsKey(hour));
        marks.put(contactsKey(hour), n == null ? 1L : n + 1);
        for (int i = 0; i < victim.sources.length; i++) {
            String key = hitsKey(victim.sources[i], hour);
            String[] listed = hours.get(key);
            if (listed == null) {
                append(hours, sourcesKey(hour), victim.sources[i]);
                listed = new String[0];
            }
            if (listed.length < SURGE_HITS_PER_HOUR) {
                boolean service = serviceLike(victim, i);
                String[] grown = Arrays.copyOf(listed, listed.length + 1);
                grown[listed.length] = service ? SERVICE_LIKE + caller : caller;
                hours.put(key, grown);
                SurgeWindow window = windows.get(victim.sources[i]);
                long slot = hour - (windowHour - SURGE_HOURS + 1);
                if (window != null && slot >= 0 && slot < SURGE_HOURS) {
                    window.appended((int) slot, grown, service);
                }
            }
        }
    }

    /** Forgets the surge counts of the hours before {@code untilHour}. */
    private void sweepSurge(long untilHour) throws Exception {
        Long swept = marks.get(SURGE_SWEPT);
        if (swept == null || swept >= untilHour) {
            return;
        }
        windows.clear();
        for (long hour = swept; hour < untilHour; hour++) {
            marks.remove(contactsKey(hour));
            String[] sources = hours.get(sourcesKey(hour));
            for (String source : sources == null ? new String[0] : sources) {
                hours.remove(hitsKey(source, hour));
            }
            hours.remove(sourcesKey(hour));
        }
        marks.put(SURGE_SWEPT, untilHour);
    }

    /** One source's listed hits per hour of a surge's window, oldest first, with their counts. */
    private static final class SurgeWindow {
        private final String[][] byHour = new String[SURGE_HOURS][];
        private int hits;
        private int serviceLike;

        /** Fills an hour, as read from state; null when it has no hits. */
        void read(int slot, String[] listed) {
            byHour[slot] = listed;
            if (listed != null) {
                hits += listed.length;
                serviceLike += serviceLike(listed);
            }
        }

        /** Puts the hour's list grown by one hit, service-like or not, in place of the one there. */
        void appended(int slot, String[] grown, boolean service) {
            String[] was = byHour[slot];
            hits += grown.length - (was == null ? 0 : was.length);
            serviceLike += service ? 1 : 0;
            byHour[slot] = grown;
        }

        Surge surge(int contacts) {
            List<String[]> listed = new ArrayList<>();
            for (String[] hour : byHour) {
                if (hour != null) {
                    listed.add(hour);
                }
            }
            return new Surge(contacts, hits, serviceLike, listed);
        }

        private static int serviceLike(String[] listed) {
            int n = 0;
            for (String hit : listed) {
                n += hit.startsWith(SERVICE_LIKE) ? 1 : 0;
            }
            return n;
        }
    }

    private static String contactsKey(long hour) {
        return "contacts|" + hour;
    }

    private static String sourcesKey(long hour) {
        return "sources|" + hour;
    }

    private static String hitsKey(String source, long hour) {
        return "hits|" + hour + "|" + source;
    }

    /** Forgets a number and takes it out of its sources' pools: it goes on as risky, or fell silent. */
    public void remove(String caller) throws Exception {
        List<AttributionInput> inputs = callers.get(caller);
        if (inputs != null) {
            callers.remove(caller);
            move(caller, standing(victims(inputs)), Map.of());
        }
    }

    /**
     * Forgets the numbers first pooled in hours wholly before {@code sinceMs} that have been silent
     * since; a number still calling is looked at again in the hour of its last contact.
     */
    public void sweep(long sinceMs) throws Exception {
        // Surge counts go with the early contacts; this only bounds them while none arrives.
        sweepSurge(Math.floorDiv(sinceMs, HOUR_MS));
        Long swept = marks.get(SWEPT);
        long until = Math.floorDiv(sinceMs, HOUR_MS);
        if (swept == null || swept >= until) {
            return;
        }
        for (long hour = swept; hour < until; hour++) {
            String[] pooled = hours.get(Long.toString(hour));
            if (pooled == null) {
                continue;
            }
            hours.remove(Long.toString(hour));
            for (String caller : pooled) {
                List<AttributionInput> inputs = callers.get(caller);
                if (inputs == null) {
                    continue;
                }
                long last = lastMs(inputs);
                if (last < sinceMs) {
                    remove(caller);
                } else {
                    append(hours, Long.toString(Math.floorDiv(last, HOUR_MS)), caller);
                }
            }
        }
        marks.put(SWEPT, until);
    }

    /** Moves a number's part in the sums, and its listing, from {@code before} to {@code after}. */
    private void move(String caller, Map<String, SourceLinks.Pooled> before, Map<String, SourceLinks.Pooled> after)
            throws Exception {
        Set<String> touched = new LinkedHashSet<>(before.keySet());
        touched.addAll(after.keySet());
        for (String source : touched) {
            SourceLinks.Pooled was = before.get(source);
            SourceLinks.Pooled is = after.get(source);
            SourceLinks.PoolSums moved = sums(source)
                    .minus(was == null ? SourceLinks.PoolSums.EMPTY : links.part(was))
                    .plus(is == null ? SourceLinks.PoolSums.EMPTY : links.part(is));
            if (moved.campaigns() == 0) {
                sums.remove(source);
            } else {
                sums.put(source, new int[] {moved.campaigns(), moved.firstHits(), moved.hits(), moved.trials(),
                        moved.serviceLike()});
            }
            boolean listedBefore = was != null && was.hits() >= 2;
            boolean listedAfter = is != null && is.hits() >= 2;
            if (listedAfter && !listedBefore) {
                append(candidates, source, caller, MAX_CANDIDATES);
            } else if (listedBefore && !listedAfter) {
                drop(candidates, source, caller);
            }
        }
    }

    /** Per source its victims touched before their calls, the number's hits there out of all its victims. */
    private Map<String, SourceLinks.Pooled> standing(List<VictimState> victims) {
        Map<String, int[]> counts = new HashMap<>();
        for (VictimState v : victims) {
            for (int i = 0; i < v.sources.length; i++) {
                int[] c = counts.computeIfAbsent(v.sources[i], k -> new int[2]);
                c[0]++;
                c[1] += serviceLike(v, i) ? 1 : 0;
            }
        }
        Map<String, SourceLinks.Pooled> standing = new HashMap<>();
        counts.forEach((source, c) -> standing.put(source, new SourceLinks.Pooled(c[0], victims.size(), c[1])));
        return standing;
    }

    /** Whether the victim's touch {@code i} was within the service window before the call: the source's own follow-up. */
    private boolean serviceLike(VictimState v, int i) {
        return v.firstCallMs - v.lastTouchMs[i] <= serviceWindowMs;
    }

    private List<VictimState> victims(List<AttributionInput> inputs) {
        List<VictimState> victims = new ArrayList<>(inputs.size());
        for (AttributionInput input : inputs) {
            VictimContact c = input.getContact();
            victims.add(CampaignEvidence.victimState(c.getVictim(), c.getTimeMs(), c.getTouches(), maxTouches));
        }
        return victims;
    }

    private static long lastMs(List<AttributionInput> inputs) {
        long last = Long.MIN_VALUE;
        for (AttributionInput input : inputs) {
            last = Math.max(last, input.getContact().getTimeMs());
        }
        return last;
    }

    private static void append(EvidenceTable<String[]> table, String key, String caller) throws Exception {
        append(table, key, caller, Integer.MAX_VALUE);
    }

    /** Appends {@code caller} under {@code key} unless listed, keeping the latest {@code max}. */
    private static void append(EvidenceTable<String[]> table, String key, String caller, int max) throws Exception {
        String[] listed = table.get(key);
        if (listed == null) {
            table.put(key, new String[] {caller});
            return;
        }
        for (String known : listed) {
            if (known.equals(caller)) {
                return;
            }
        }
        int keep = Math.min(listed.length, max - 1);
        String[] grown = Arrays.copyOfRange(listed, listed.length - keep, listed.length + 1);
        grown[keep] = caller;
        table.put(key, grown);
    }

    private static void drop(EvidenceTable<String[]> table, String key, String caller) throws Exception {
        String[] listed = table.get(key);
        if (listed == null) {
            return;
        }
        String[] rest = Arrays.stream(listed).filter(c -> !c.equals(caller)).toArray(String[]::new);
        if (rest.length == 0) {
            table.remove(key);
        } else if (rest.length < listed.length) {
            table.put(key, rest);
        }
    }
}
