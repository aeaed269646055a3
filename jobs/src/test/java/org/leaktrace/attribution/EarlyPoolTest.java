package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.Touch;

class EarlyPoolTest {
    private static final long T0 = Instant.parse("2026-02-03T10:00:00+08:00").toEpochMilli();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WINDOW = 7 * DAY;
    private static final String SCHOOL = "SCH-047";
    private static final String CLINIC = "CLN-002";
    private static final String A = "+8617000000001";
    private static final String B = "+8617000000002";
    private static final String C = "+8617000000003";
    private static final long POPULATION = 20_000;

    private final SourceLinks links = new SourceLinks(AttributionConfig.defaults());
    private final EarlyPool pool = EarlyPool.inMemory(links, 3, 64, 6 * HOUR);

    private static AttributionInput call(String caller, int victim, long timeMs, Touch... touches) {
        return Inputs.early(Inputs.contact(caller, SchoolListScenario.subscriber(victim), timeMs, null, null,
                List.of(touches)), 0.4);
    }

    private static Touch touch(String source, long firstMs) {
        return Inputs.touch(source, firstMs, firstMs);
    }

    private List<String> candidates(String source) throws Exception {
        return pool.candidates(source).stream().map(EarlyPool.Member::caller).toList();
    }

    @Test
    void aNumbersHitsBeforeItsCallsMoveThePoolsSums() throws Exception {
        assertEquals(List.of(), pool.add(call(A, 1, T0, touch(SCHOOL, T0 - 30 * DAY), touch(CLINIC, T0 + HOUR)),
                WINDOW).twice(), "one hit: not yet a possible member");
        assertEquals(new SourceLinks.PoolSums(1, 1, 0, 0, 0), pool.sums(SCHOOL));
        assertEquals(SourceLinks.PoolSums.EMPTY, pool.sums(CLINIC), "a touch after the call does not count");
        assertEquals(List.of(), pool.add(call(A, 1, T0 + HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW).twice(),
                "the same victim again");
        pool.add(call(A, 2, T0 + 2 * HOUR), WINDOW);
        assertEquals(new SourceLinks.PoolSums(1, 1, 0, 1, 0), pool.sums(SCHOOL), "a victim but the first is a trial");
        assertEquals(List.of(SCHOOL), pool.add(call(A, 3, T0 + 3 * HOUR, touch(SCHOOL, T0 - 2 * HOUR)), WINDOW).twice(),
                "a second hit");
        assertEquals(new SourceLinks.PoolSums(1, 1, 1, 2, 1), pool.sums(SCHOOL),
                "two hits of three victims, one touched within the service window");
        assertEquals(List.of(), pool.add(call(A, 4, T0 + 4 * HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW).twice(),
                "beyond the contacts kept per number");

        List<EarlyPool.Member> school = pool.candidates(SCHOOL);
        assertEquals(List.of(A), school.stream().map(EarlyPool.Member::caller).toList());
        assertEquals(new SourceLinks.Pooled(2, 3, 1), school.get(0).pooled());
        assertEquals(3, school.get(0).inputs().size());
        assertEquals(3, school.get(0).victims().size());
    }

    @Test
    void aNumberKeepsOnlyItsLatestProfile() throws Exception {
        AttributionInput first = Inputs.early(Inputs.contact(A, SchoolListScenario.subscriber(1), T0, null, null,
                List.of(touch(SCHOOL, T0 - 30 * DAY))), 0.3);
        AttributionInput second = Inputs.early(Inputs.contact(A, SchoolListScenario.subscriber(2), T0 + HOUR, null,
                null, List.of(touch(SCHOOL, T0 - 30 * DAY))), 0.4);
        pool.add(first, WINDOW);
        pool.add(second, WINDOW);

        List<AttributionInput> kept = pool.candidates(SCHOOL).get(0).inputs();
        assertEquals(2, kept.size());
        assertNull(kept.get(0).getRisk(), "the earlier contact's profile is not kept");
        assertEquals(second.getRisk(), kept.get(1).getRisk(), "the number goes on with its latest profile");
        assertEquals(List.of(first.getContact(), second.getContact()),
                kept.stream().map(AttributionInput::getContact).toList(), "every contact kept whole");
        assertEquals(0.3, first.getRisk().getScore(), "the input handed in is not changed");
    }

    @Test
    void theSumsAreThoseOfTheTestOverItsNumbers() throws Exception {
        pool.add(call(A, 1, T0, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(A, 2, T0 + HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 3, T0, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 4, T0 + HOUR), WINDOW);
        pool.add(call(B, 5, T0 + 2 * HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        List<SourceLinks.Pooled> numbers = List.of(new SourceLinks.Pooled(2, 2, 0), new SourceLinks.Pooled(2, 3, 0));
        assertEquals(links.test(numbers, 0.02, 10), links.test(pool.sums(SCHOOL), 0.02, 10));
    }

    @Test
    void aNumberHandedOnLeavesEveryPool() throws Exception {
        pool.add(call(A, 1, T0, touch(SCHOOL, T0 - 30 * DAY), touch(CLINIC, T0 - 30 * DAY)), WINDOW);
        pool.add(call(A, 2, T0 + HOUR, touch(SCHOOL, T0 - 30 * DAY), touch(CLINIC, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 3, T0, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        assertEquals(List.of(A), candidates(CLINIC));
        pool.remove(A);
        assertEquals(new SourceLinks.PoolSums(1, 1, 0, 0, 0), pool.sums(SCHOOL));
        assertEquals(List.of(), candidates(SCHOOL));
        assertEquals(SourceLinks.PoolSums.EMPTY, pool.sums(CLINIC));
        assertEquals(List.of(), candidates(CLINIC));
    }

    @Test
    void numbersSilentForTheWindowAreSweptAndOneStillCallingIsKept() throws Exception {
        pool.add(call(A, 1, T0, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(A, 2, T0 + HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 3, T0, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 4, T0 + 5 * DAY, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);

        pool.sweep(T0 + 2 * HOUR);
        assertEquals(List.of(B), candidates(SCHOOL), "A has been silent since, B called again");
        assertEquals(new SourceLinks.PoolSums(1, 1, 1, 1, 0), pool.sums(SCHOOL));
        pool.sweep(T0 + 6 * DAY);
        assertEquals(List.of(), candidates(SCHOOL));
        assertEquals(SourceLinks.PoolSums.EMPTY, pool.sums(SCHOOL));
    }

    @Test
    void aSourceListsOnlyItsLatestPossibleMembers() throws Exception {
        int numbers = EarlyPool.MAX_CANDIDATES + 2;
        for (int n = 0; n < numbers; n++) {
            String caller = String.format("+86171%08d", n);
            pool.add(call(caller, 2 * n, T0 + n, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
            pool.add(call(caller, 2 * n + 1, T0 + n + 1, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        }
        List<String> listed = candidates(SCHOOL);
        assertEquals(EarlyPool.MAX_CANDIDATES, listed.size());
        assertEquals(String.format("+86171%08d", 2), listed.get(0), "the first two dropped");
        assertEquals(numbers, pool.sums(SCHOOL).campaigns(), "the sums keep every number");
    }

    @Test
    void theLastDaysEarlyContactsAreCountedWholePerSource() throws Exception {
        pool.add(call(A, 1, T0, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(A, 2, T0 + HOUR, touch(CLINIC, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 3, T0 + 2 * HOUR, touch(SCHOOL, T0 + HOUR), touch(CLINIC, T0 + 3 * HOUR)), WINDOW);
        pool.add(call(B, 3, T0 + 3 * HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        assertSurge(3, 2, 1, Set.of(A, B), pool.surge(SCHOOL, T0 + 3 * HOUR),
                "every first hit counts, one within the service window; a repeat victim is no contact");
        assertSurge(3, 1, 0, Set.of(A), pool.surge(CLINIC, T0 + 3 * HOUR),
                "a touch after the call does not count");
        assertSurge(3, 0, 0, Set.of(), pool.surge("BNK-001", T0 + 3 * HOUR), "a source nobody hit");
        pool.remove(A);
        assertEquals(3, pool.surge(SCHOOL, T0 + 3 * HOUR).contacts(), "a number handed on still happened");
    }

    @Test
    void aClearedSurgeKeepsItsContactsButNotTheSourcesHits() throws Exception {
        pool.add(call(A, 1, T0, touch(SCHOOL, T0 - 30 * DAY), touch(CLINIC, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 2, T0 + HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.clearSurge(SCHOOL, T0 + HOUR);
        assertSurge(2, 0, 0, Set.of(), pool.surge(SCHOOL, T0 + HOUR), "cleared");
        assertEquals(1, pool.surge(CLINIC, T0 + HOUR).hits(), "another source's count stays");
        pool.add(call(A, 3, T0 + 2 * HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        assertSurge(3, 1, 0, Set.of(A), pool.surge(SCHOOL, T0 + 2 * HOUR), "counted anew");
    }

    @Test
    void theSurgeForgetsContactsOlderThanADay() throws Exception {
        pool.add(call(A, 1, T0, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 2, T0 + 20 * HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        assertEquals(2, pool.surge(SCHOOL, T0 + 23 * HOUR).hits());
        assertSurge(1, 1, 0, Set.of(B), pool.surge(SCHOOL, T0 + 25 * HOUR),
                "the first hour is out of the window");
        pool.sweep(T0 + 2 * DAY);
        assertSurge(0, 0, 0, Set.of(), pool.surge(SCHOOL, T0 + 21 * HOUR), "swept");
    }

    @Test
    void aSurgeMemberNeedsHalfItsVictimsOnTheSourceNotTwoHits() throws Exception {
        AttributionConfig config = AttributionConfig.defaults();
        pool.add(call(A, 1, T0, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 2, T0, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 3, T0 + HOUR), WINDOW);
        pool.add(call(B, 4, T0 + 2 * HOUR), WINDOW);
        pool.add(call(C, 5, T0 + 2 * HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(C, 6, T0 + 3 * HOUR, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        EarlyPool.Surge surge = pool.surge(SCHOOL, T0 + 3 * HOUR);
        // B hit it with one victim of three; at p = 0.2 the lift bar is 3, and A's one of one is 5.
        assertEquals(List.of(A, C), members(surge, 0.2));
        pool.remove(A);
        assertEquals(List.of(C), members(surge, 0.2), "a number handed on is no member again");
    }

    @Test
    void aSurgeMemberWhoseVictimTouchedASmallerSourceWorksThatList() throws Exception {
        pool.add(call(A, 1, T0, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        pool.add(call(B, 2, T0, touch(SCHOOL, T0 - 30 * DAY), touch(CLINIC, T0 - 30 * DAY)), WINDOW);
        assertEquals(List.of(A), members(pool.surge(SCHOOL, T0), 0.02),
                "B's one victim is rarer as the clinic's customer: another operation's number");
    }

    private List<String> members(EarlyPool.Surge surge, double p) throws Exception {
        Map<String, Long> sizes = Map.of(SCHOOL, Math.round(p * POPULATION), CLINIC, POPULATION / 200);
        return pool.surgeMembers(surge, SCHOOL, p, AttributionConfig.defaults(),
                        source -> sizes.getOrDefault(source, 0L), POPULATION).stream()
                .map(EarlyPool.Member::caller).sorted().toList();
    }

    @Test
    void aSourceHourListsAtMostItsCapOfHits() throws Exception {
        int numbers = EarlyPool.SURGE_HITS_PER_HOUR + 10;
        for (int n = 0; n < numbers; n++) {
            pool.add(call(String.format("+86171%08d", n), n, T0 + n, touch(SCHOOL, T0 - 30 * DAY)), WINDOW);
        }
        EarlyPool.Surge surge = pool.surge(SCHOOL, T0 + HOUR / 2);
        assertEquals(numbers, surge.contacts());
        assertEquals(EarlyPool.SURGE_HITS_PER_HOUR, surge.hits(), "hits beyond the cap are not counted");
    }

    @Test
    void aSurgeFollowedThroughItsWritesIsTheSurgeReadAfresh() throws Exception {
        EvidenceTable<List<AttributionInput>> callers = EvidenceTable.inMemory();
        EvidenceTable<int[]> sums = EvidenceTable.inMemory();
        EvidenceTable<String[]> candidates = EvidenceTable.inMemory();
        EvidenceTable<String[]> hours = EvidenceTable.inMemory();
        EvidenceTable<Long> marks = EvidenceTable.inMemory();
        EarlyPool followed = new EarlyPool(callers, sums, candidates, hours, marks, links, 3, 64, 6 * HOUR);
        List<String> sources = List.of(SCHOOL, CLINIC, "BNK-001", "+85223456789");
        Random random = new Random(11);
        long now = T0;
        long earlier = T0;
        for (int step = 0; step < 4_000; step++) {
            now += random.nextInt(4) * 20 * MINUTE;
            String caller = String.format("+86171%08d", random.nextInt(60));
            int action = random.nextInt(20);
            if (action < 16) {
                List<Touch> touches = new ArrayList<>();
                for (String source : sources) {
                    if (random.nextInt(3) == 0) {
                        touches.add(touch(source, now - random.nextInt(48) * HOUR));
                    }
                }
                followed.add(call(caller, random.nextInt(400), now, touches.toArray(Touch[]::new)), WINDOW);
            } else if (action < 18) {
                followed.clearSurge(sources.get(random.nextInt(sources.size())), now);
            } else {
                followed.remove(caller);
            }
            // Asked now, sometimes for an hour before, again and again while the writes go on
            // (and their sweeps): the window is kept for one hour at a time.
            if (random.nextInt(16) == 0) {
                earlier = now - random.nextInt(30) * HOUR;
            }
            long asked = random.nextInt(4) == 0 ? earlier : now;
            for (String source : sources) {
                EarlyPool.Surge kept = followed.surge(source, asked);
                EarlyPool.Surge fresh = new EarlyPool(callers, sums, candidates, hours, marks, links, 3, 64, 6 * HOUR)
                        .surge(source, asked);
                assertEquals(List.of(fresh.contacts(), fresh.hits(), fresh.serviceLike(), List.copyOf(fresh.callers())),
                        List.of(kept.contacts(), kept.hits(), kept.serviceLike(), List.copyOf(kept.callers())),
                        "step " + step + ", " + source);
            }
        }
    }

    /** A surge as counted: its contacts, hits, service-like hits and the numbers that hit. */
    private static void assertSurge(int contacts, int hits, int serviceLike, Set<String> callers,
            EarlyPool.Surge actual, String message) {
        assertEquals(List.of(contacts, hits, serviceLike, callers),
                List.of(actual.contacts(), actual.hits(), actual.serviceLike(), actual.callers()), message);
    }
}
