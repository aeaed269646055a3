package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeakDatingTest {
    private static final long START = Instant.parse("2025-01-01T00:00:00+08:00").toEpochMilli();
    private static final long LEAK = Instant.parse("2026-01-29T00:00:00+08:00").toEpochMilli();
    private static final long FIRST_CALL = Instant.parse("2026-02-03T10:15:00+08:00").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private static long[] uniformBeforeLeak(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = START + (long) (random.nextDouble() * (LEAK - START));
        }
        return times;
    }

    @Test
    void evenlySpacedTouchesGiveTheNextStep() {
        long[] times = {START, START + 10 * DAY, START + 20 * DAY, START + 30 * DAY};
        LeakWindow window = LeakDating.defaults().estimate(times, START + 365 * DAY);
        assertEquals(START + 30 * DAY, window.earliestMs());
        assertEquals(START + 40 * DAY, window.estimatedMs());
        assertTrue(window.latestMs() >= window.estimatedMs());
        assertEquals(0, window.trimmed());
    }

    @Test
    void estimateBracketsTheTrueLeak() {
        int runs = 200;
        int covered = 0;
        double absoluteErrorDays = 0;
        for (long seed = 1; seed <= runs; seed++) {
            LeakWindow window = LeakDating.defaults().estimate(uniformBeforeLeak(60, seed),
                    FIRST_CALL);
            assertTrue(window.earliestMs() <= LEAK, "the latest victim touch precedes the leak");
            assertTrue(window.latestMs() <= FIRST_CALL);
            if (window.latestMs() >= LEAK) {
                covered++;
            }
            absoluteErrorDays += Math.abs(window.estimatedMs() - LEAK) / (double) DAY / runs;
        }
        // A 95% bound, clipped at the first call 5 days after the leak.
        assertTrue(covered >= 0.9 * runs, "covered " + covered);
        // Touches are 6.5 days apart on average; the estimate is off by about one spacing.
        assertTrue(absoluteErrorDays < 8, "mean error " + absoluteErrorDays + " days");
    }

    @Test
    void aFarLateTouchOfAPaddingVictimIsSetAside() {
        long[] genuine = uniformBeforeLeak(40, 7);
        long[] padded = java.util.Arrays.copyOf(genuine, 41);
        padded[40] = LEAK + 400 * DAY;
        LeakWindow clean = LeakDating.defaults().estimate(genuine, FIRST_CALL + 500 * DAY);
        LeakWindow robust = LeakDating.defaults().estimate(padded, FIRST_CALL + 500 * DAY);
        assertEquals(1, robust.trimmed());
        assertEquals(clean.earliestMs(), robust.earliestMs());
        assertEquals(clean.estimatedMs(), robust.estimatedMs());
        assertTrue(robust.earliestMs() <= LEAK);
    }

    @Test
    void joinersAfterTheStartUpBurstDateTheLeak() {
        // 30 existing customers first seen within the first week, then customers joining every
        // two days; the list was taken on day 15, between the joiners of day 14 and day 16.
        SplittableRandom random = new SplittableRandom(5);
        long[] times = new long[34];
        for (int i = 0; i < 30; i++) {
            times[i] = START + (long) (random.nextDouble() * 7 * DAY);
        }
        times[30] = START + 8 * DAY;
        times[31] = START + 10 * DAY;
        times[32] = START + 12 * DAY;
        times[33] = START + 14 * DAY;
        LeakWindow window = LeakDating.defaults().estimate(times, START + 19 * DAY);
        assertEquals(0, window.trimmed());
        assertEquals(START + 14 * DAY, window.earliestMs());
        assertEquals(START + 16 * DAY, window.estimatedMs());
        assertTrue(window.latestMs() >= START + 15 * DAY);
    }

    @Test
    void neverAfterTheFirstCall() {
        long[] times = {START, START + DAY, START + 2 * DAY};
        LeakWindow window = LeakDating.defaults().estimate(times, START + 2 * DAY + 1000);
        assertEquals(START + 2 * DAY + 1000, window.latestMs());
        assertTrue(window.estimatedMs() <= window.latestMs());
    }

    @Test
    void oneTouchGivesAWindowUpToTheFirstCall() {
        LeakWindow window = LeakDating.defaults().estimate(new long[] {LEAK}, FIRST_CALL);
        assertEquals(LEAK, window.earliestMs());
        assertEquals(LEAK, window.estimatedMs());
        assertEquals(FIRST_CALL, window.latestMs());
    }

    /** Arrivals one customer at a time, at the given times (sorted). */
    private static long[] arrivals(long[] times) {
        long[] sorted = times.clone();
        java.util.Arrays.sort(sorted);
        long[] series = null;
        for (long t : sorted) {
            series = SourceArrivals.add(series, t, 1, 4096);
        }
        return series;
    }

    @Test
    void laterCustomersWhoAreNeverCalledDateTheLeak() {
        // 400 customers, one every 6 hours; the list was taken on day 50 (customers 0..199) and a
        // campaign reached every fourth of them: about 3 uncalled customers, 18 hours, past the
        // latest victim.
        long[] customers = new long[400];
        for (int i = 0; i < customers.length; i++) {
            customers[i] = START + i * DAY / 4;
        }
        long leak = START + 50 * DAY;
        long[] victims = new long[50];
        for (int i = 0; i < victims.length; i++) {
            victims[i] = customers[4 * i];
        }
        LeakWindow window = LeakDating.defaults().estimate(victims, leak + 5 * DAY, arrivals(customers));
        assertEquals(customers[196], window.earliestMs());
        double f = 50 / 197.0;
        assertEquals(customers[196] + ((1 - f) / f + 0.5) * DAY / 4, window.estimatedMs(), 1000.0,
                "(1 - f) / f uncalled customers and half a gap past the latest victim");
        assertTrue(window.latestMs() >= leak, "the 95% bound covers the leak");
        assertTrue(window.latestMs() <= leak + 5 * DAY);
    }

    @Test
    void arrivalsBeatTheVictimsOwnSpacingOnAverage() {
        // Customers arrive at random; a campaign reaches a random fifth of the list. Dating from
        // every customer's arrival must err less than dating from the victims' last gaps.
        double byArrivals = 0;
        double bySpacing = 0;
        int covered = 0;
        int runs = 200;
        for (long seed = 1; seed <= runs; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            long[] customers = new long[300];
            for (int i = 0; i < customers.length; i++) {
                customers[i] = START + (long) (random.nextDouble() * 100 * DAY);
            }
            long leak = START + 60 * DAY;
            long[] listed = java.util.Arrays.stream(customers).filter(t -> t < leak).toArray();
            long[] victims = java.util.Arrays.stream(listed).filter(t -> random.nextDouble() < 0.2).toArray();
            if (victims.length < 3) {
                continue;
            }
            long firstCall = leak + 3 * DAY;
            LeakWindow a = LeakDating.defaults().estimate(victims, firstCall, arrivals(customers));
            LeakWindow b = LeakDating.defaults().estimate(victims, firstCall);
            byArrivals += Math.abs(a.estimatedMs() - leak) / (double) DAY / runs;
            bySpacing += Math.abs(b.estimatedMs() - leak) / (double) DAY / runs;
            if (a.earliestMs() <= leak && a.latestMs() >= leak) {
                covered++;
            }
        }
        assertTrue(byArrivals < bySpacing, byArrivals + " vs " + bySpacing + " days");
        assertTrue(covered >= 0.9 * runs, "the window covered the leak " + covered + " times of " + runs);
    }

    @Test
    void touchesAfterTheFirstCallAreCustomersFirstSeenLate() {
        long[] genuine = uniformBeforeLeak(40, 11);
        long[] withLate = java.util.Arrays.copyOf(genuine, 45);
        for (int i = 40; i < 45; i++) {
            withLate[i] = FIRST_CALL + (i - 39) * DAY;
        }
        LeakWindow clean = LeakDating.defaults().estimate(genuine, FIRST_CALL);
        LeakWindow window = LeakDating.defaults().estimate(withLate, FIRST_CALL);
        assertEquals(clean.estimatedMs(), window.estimatedMs());
        assertEquals(clean.trimmed() + 5, window.trimmed());
        LeakWindow none = LeakDating.defaults().estimate(new long[] {FIRST_CALL + DAY}, FIRST_CALL);
        assertEquals(new LeakWindow(FIRST_CALL, FIRST_CALL, FIRST_CALL, 0, 1), none);
    }

    @Test
    void withoutArrivalsTheVictimsSpacingDates() {
        long[] times = {START, START + 10 * DAY, START + 20 * DAY, START + 30 * DAY};
        assertEquals(LeakDating.defaults().estimate(times, START + 365 * DAY),
                LeakDating.defaults().estimate(times, START + 365 * DAY, null));
        assertEquals(LeakDating.defaults().estimate(times, START + 365 * DAY),
                LeakDating.defaults().estimate(times, START + 365 * DAY, new long[0]));
    }
}
