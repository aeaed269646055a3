package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class LateRecordCounterTest {
    private static final long T0 = Instant.parse("2026-03-01T09:15:00+08:00").toEpochMilli();

    @Test
    void countsRecordsAtOrBehindTheWatermarkAndStillPassesThem() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new LateRecordCounter<>(Types.STRING))) {
            h.processElement("before-any-watermark", T0 - 3_600_000);
            h.processWatermark(T0);
            h.processElement("on-time", T0 + 1);
            h.processElement("at-the-watermark", T0);
            h.processElement("an-hour-late", T0 - 3_600_000);

            assertEquals(List.of("before-any-watermark", "on-time", "at-the-watermark", "an-hour-late"),
                    h.extractOutputValues());
            assertEquals(2L, lateRecords(h));
        }
    }

    @Test
    void recordsWithoutTimestampAreNeverLate() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new LateRecordCounter<>(Types.STRING))) {
            h.processWatermark(T0);
            h.processElement(new StreamRecord<>("no-timestamp"));
            assertEquals(List.of("no-timestamp"), h.extractOutputValues());
            assertEquals(0L, lateRecords(h));
        }
    }

    @Test
    void lateMeansAtOrBehind() {
        assertTrue(LateRecordCounter.isLate(T0, T0));
        assertTrue(LateRecordCounter.isLate(T0 - 1, T0));
        assertFalse(LateRecordCounter.isLate(T0 + 1, T0));
        assertFalse(LateRecordCounter.isLate(T0, Long.MIN_VALUE));
    }

    private static long lateRecords(OneInputStreamOperatorTestHarness<String, String> h) {
        Accumulator<?, ?> acc = h.getEnvironment().getAccumulatorRegistry().getUserMap().get(ReplayJob.LATE_RECORDS);
        return acc == null ? 0L : ((Number) acc.getLocalValue()).longValue();
    }
}
