package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundred() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // unsorted on purpose
        }
        Percentiles p = Percentiles.of(samples);
        assertEquals(50, p.percentile(50));
        assertEquals(99, p.percentile(99));
        assertEquals(100, p.percentile(100));
        assertEquals(1, p.percentile(0.5));
        assertEquals(100, p.max());
        assertEquals(100, p.count());
    }

    @Test
    void smallSamplesNeverInterpolate() {
        Percentiles p = Percentiles.of(new long[] {700, 100, 300});
        assertEquals(300, p.percentile(50));
        assertEquals(700, p.percentile(99));
        assertEquals(100, p.percentile(33));
    }

    @Test
    void sourceArrayIsLeftAlone() {
        long[] samples = {3, 1, 2};
        Percentiles.of(samples);
        assertEquals(3, samples[0]);
    }

    @Test
    void emptyOrOutOfRangeIsAnError() {
        assertThrows(IllegalStateException.class, () -> Percentiles.of(new long[0]).percentile(50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[] {1}).percentile(0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[] {1}).percentile(101));
    }
}
