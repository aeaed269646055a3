package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SourceArrivalsTest {
    private static final long T0 = Instant.parse("2026-03-01T09:15:00+08:00").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    @Test
    void pointsAccumulateAndInterpolate() {
        long[] s = SourceArrivals.add(null, T0, 10, 16);
        s = SourceArrivals.add(s, T0 + 10 * HOUR, 20, 16);
        assertArrayEquals(new long[] {T0, 10, T0 + 10 * HOUR, 30}, s);
        assertEquals(0, SourceArrivals.countAt(s, T0 - 1));
        assertEquals(10, SourceArrivals.countAt(s, T0));
        assertEquals(20, SourceArrivals.countAt(s, T0 + 5 * HOUR), 1e-9);
        assertEquals(30, SourceArrivals.countAt(s, T0 + 99 * HOUR));
        assertEquals(T0, SourceArrivals.timeOfCount(s, 4));
        assertEquals(T0 + 5 * HOUR, SourceArrivals.timeOfCount(s, 20));
        assertEquals(Long.MAX_VALUE, SourceArrivals.timeOfCount(s, 31));
    }

    @Test
    void aLateDeltaJoinsTheLastPointAndNothingIsLost() {
        long[] s = SourceArrivals.add(null, T0 + HOUR, 1, 16);
        s = SourceArrivals.add(s, T0, 2, 16);
        assertArrayEquals(new long[] {T0 + HOUR, 3}, s);
        assertArrayEquals(s, SourceArrivals.add(s, T0 + 2 * HOUR, 0, 16), "no growth, no point");
    }

    @Test
    void aFullSeriesKeepsEveryOtherPointAndTheLatestCount() {
        long[] s = null;
        for (int i = 1; i <= 9; i++) {
            s = SourceArrivals.add(s, T0 + i * HOUR, 1, 8);
        }
        assertEquals(5 * 2, s.length, "8 points halved to 4, then the 9th added");
        assertEquals(9, s[s.length - 1]);
        assertEquals(T0 + 9 * HOUR, s[s.length - 2]);
        for (int i = 2; i < s.length; i += 2) {
            assertEquals(s[i - 1] < s[i + 1], s[i - 2] < s[i], "ordered");
            assertEquals(s[i + 1], (s[i] - T0) / HOUR, "each kept count is exact");
        }
    }

    @Test
    void rejectsATooSmallCapacity() {
        assertThrows(IllegalArgumentException.class, () -> SourceArrivals.add(null, T0, 1, 1));
    }
}
