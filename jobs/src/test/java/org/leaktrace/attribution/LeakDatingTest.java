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
}
