package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyBenchTest {

    @Test
    void latencyCountsFromTheFirstRecordWithTheAlertsEventTime() {
        long[] sentAt = {1_000, 1_001, 1_500, 0};
        Map<Long, Integer> first = Map.of(10L, 0, 20L, 2, 30L, 3);
        List<AlertTrace> seen = List.of(
                new AlertTrace("caller_alert", "", 10, 1_200, 1_300),
                new AlertTrace("leak_suspicion", "update 0", 20, 1_600, 2_100),
                new AlertTrace("caller_alert", "", 30, 1_700, 1_800),
                new AlertTrace("caller_alert", "", 99, 1_700, 1_800));
        assertArrayEquals(new long[] {300, 600}, LatencyBench.latencies(seen, first, sentAt),
                "an unsent record or an unknown event time is no sample");
    }

    @Test
    void lastSentByFindsTheFrontierOfWhatWasSent() {
        long[] sentAt = {1_000, 1_000, 1_200, 1_400, 0, 0};
        assertEquals(-1, LatencyBench.lastSentBy(sentAt, 999));
        assertEquals(1, LatencyBench.lastSentBy(sentAt, 1_000));
        assertEquals(2, LatencyBench.lastSentBy(sentAt, 1_399));
        assertEquals(3, LatencyBench.lastSentBy(sentAt, 5_000), "unsent records are beyond the frontier");
    }

    @Test
    void watermarkLagIsTheAgeOfTheFirstSentRecordBeyondIt() {
        long[] eventMillis = {100, 200, 200, 300};
        long[] sentAt = {1_000, 1_100, 1_100, 0};
        assertEquals(500, WatermarkProbe.lagMillis(150, 1_600, eventMillis, sentAt));
        assertEquals(600, WatermarkProbe.lagMillis(99, 1_600, eventMillis, sentAt));
        assertEquals(0, WatermarkProbe.lagMillis(200, 1_600, eventMillis, sentAt), "next record not sent yet");
        assertEquals(0, WatermarkProbe.lagMillis(300, 1_600, eventMillis, sentAt), "watermark past every record");
    }
}
