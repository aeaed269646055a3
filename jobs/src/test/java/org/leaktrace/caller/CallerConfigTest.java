package org.leaktrace.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallerConfigTest {

    @Test
    void defaults() {
        CallerConfig c = CallerConfig.defaults();
        assertEquals(30, c.shortCallSeconds());
        assertEquals(Duration.ofDays(3), c.complaintWindow());
        assertEquals(Duration.ofDays(1), c.complaintPatternWindow());
        assertEquals(Duration.ofDays(14), c.callerTtl());
        assertEquals(0.7, c.riskThreshold());
        assertEquals(5, c.minCalls());
        assertEquals(5, c.minComplaintsAlone());
        assertEquals(64, c.bufferedContacts());
        assertEquals(Duration.ofDays(3), c.bufferWindow());
        assertEquals(0.05, c.bufferMinScore());
        assertEquals(8, c.burstCalls());
        assertEquals(Duration.ofHours(1), c.burstWindow());
        assertEquals(5, c.sequentialCalls());
        assertEquals(10, c.sequentialMaxStep());
        assertEquals(0.05, c.materialScoreChange());
        assertEquals(0.5, c.reasonMinContribution());
        assertEquals(64, c.distinctExactLimit());
        assertEquals(1024, c.distinctBitmapBits());
        assertEquals(512, c.recentCalleeBits());
        assertEquals(3, c.sharedDeviceNumbers());
        assertEquals(64, c.numbersPerDevice());
        assertEquals(Duration.ofDays(1), c.coldWarmUp());
        assertEquals(8, c.earlyMaxCalls());
        assertEquals(Duration.ofDays(1), c.earlyFreshness());
        assertEquals(new ScoreWeights(-6.0, 3.0, 2.0, 3.0, 1.5, 3.0, 1.5, 1.5, 1.5, 1.5, -4.0, -5.0, -4.0, 100, 3, 120), c.weights());
    }

    @Test
    void coldCallsCountOnlyAfterTheWarmUp() {
        CallerConfig c = CallerConfig.defaults();
        long start = 1_000_000L;
        long day = Duration.ofDays(1).toMillis();
        assertEquals(0.0, c.coldWeight(start, start));
        assertEquals(0.0, c.coldWeight(start, start + day - 1));
        assertEquals(1.0, c.coldWeight(start, start + day));
        assertEquals(1.0, c.coldWeight(start, start + 30 * day));
        assertEquals(0.0, c.coldWeight(start, start - 60_000), "an event before the first one seen");
        assertEquals(1.0, c.withColdWarmUp(Duration.ZERO).coldWeight(start, start), "off");
        assertEquals(1.0, c.withColdWarmUp(Duration.ZERO).coldWeight(Long.MAX_VALUE, start), "off, nothing seen yet");
    }

    @Test
    void earlyPoolingIsOffAtZeroAndRejectsNegativeSettings() {
        CallerState fresh = CallerState.firstSeen(0);
        fresh.calls = 1;
        fresh.coldCalls = 1;
        assertTrue(CallerConfig.defaults().isEarly(fresh, 1.0, 0));
        assertFalse(CallerConfig.defaults().isEarly(fresh, 0.0, 0), "during the warm-up every call looks cold");
        assertFalse(CallerConfig.defaults().withEarlyPooling(0, Duration.ofDays(1)).isEarly(fresh, 1.0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> CallerConfig.defaults().withEarlyPooling(-1, Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class,
                () -> CallerConfig.defaults().withEarlyPooling(8, Duration.ofDays(-1)));
    }

    @Test
    void shortCalls() {
        CallerConfig c = CallerConfig.defaults();
        assertTrue(c.isShort(false, 0));
        assertTrue(c.isShort(true, 29));
        assertFalse(c.isShort(true, 30));
    }
}
