package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.ComplaintCategory;
import org.leaktrace.schema.Organization;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

class LeakTraceWatermarksTest {

    private static final Instant T = Instant.parse("2026-03-01T09:15:00+08:00");

    @Test
    void callTimeIsStartTime() {
        CallRecord call = call(T);
        assertEquals(
                T.toEpochMilli(),
                new LeakTraceWatermarks.CallStartTime().extractTimestamp(call, -1L));
    }

    @Test
    void complaintTimeIsReportedAt() {
        Complaint complaint =
                Complaint.newBuilder()
                        .setComplaintId("c")
                        .setReportedNumber("+8613912345678")
                        .setReportedAt(T)
                        .setCategory(ComplaintCategory.FRAUD)
                        .build();
        assertEquals(
                T.toEpochMilli(),
                new LeakTraceWatermarks.ComplaintReportedAt().extractTimestamp(complaint, -1L));
    }

    @Test
    void directoryRecordsAreAtTheEpochAndNeverHoldTheWatermarkBack() {
        Organization org =
                Organization.newBuilder()
                        .setOrgId("SCH-047")
                        .setName("School")
                        .setCategory("SCHOOL")
                        .setNumber("+861088881234")
                        .build();
        assertEquals(
                0L, new LeakTraceWatermarks.DirectoryTime().extractTimestamp(org, Long.MIN_VALUE));

        WatermarkGenerator<Organization> generator = new LeakTraceWatermarks.NeverHoldBack<>();
        RecordingOutput output = new RecordingOutput();
        generator.onPeriodicEmit(output);
        generator.onEvent(org, 0L, output);
        generator.onPeriodicEmit(output);
        assertEquals(List.of(Long.MAX_VALUE, Long.MAX_VALUE), output.watermarks);
    }

    @Test
    void callStrategyHoldsBackByTheOutOfOrderness() {
        WatermarkStrategy<CallRecord> strategy =
                LeakTraceWatermarks.calls(Duration.ofMinutes(5), Duration.ofMinutes(1));
        CallRecord call = call(T);
        long timestamp =
                strategy.createTimestampAssigner(UnregisteredMetricsGroup::new)
                        .extractTimestamp(call, Long.MIN_VALUE);
        WatermarkGenerator<CallRecord> generator = strategy.createWatermarkGenerator(context());
        RecordingOutput output = new RecordingOutput();
        generator.onEvent(call, timestamp, output);
        generator.onPeriodicEmit(output);
        assertEquals(
                List.of(T.toEpochMilli() - Duration.ofMinutes(5).toMillis() - 1),
                output.watermarks);
    }

    /**
     * A Kafka partition (or file split) that goes quiet must not hold every window and timer
     * downstream at its last watermark: after the idleness it is marked idle, and its next record
     * makes it count again.
     */
    @Test
    void aQuietInputIsMarkedIdleAfterTheIdlenessAndCountsAgainOnItsNextRecord() {
        // Not at zero: the idleness timer reads a start time of 0 as "not started".
        ManualClock clock = new ManualClock(Duration.ofHours(1).toNanos());
        WatermarkGenerator<CallRecord> generator = LeakTraceWatermarks
                .calls(Duration.ofMinutes(5), Duration.ofMinutes(1))
                .createWatermarkGenerator(context(clock));
        RecordingOutput output = new RecordingOutput();
        generator.onEvent(call(T), T.toEpochMilli(), output);
        generator.onPeriodicEmit(output);
        // Probes run every 200 ms in a job; the first one that sees no new record starts the clock.
        generator.onPeriodicEmit(output);
        clock.advanceTime(Duration.ofSeconds(59));
        generator.onPeriodicEmit(output);
        assertEquals(0, output.idleMarks, "quiet for less than the idleness");

        clock.advanceTime(Duration.ofSeconds(2));
        generator.onPeriodicEmit(output);
        assertEquals(1, output.idleMarks, "quiet for longer than the idleness");

        int watermarksBefore = output.watermarks.size();
        Instant later = T.plus(Duration.ofMinutes(30));
        generator.onEvent(call(later), later.toEpochMilli(), output);
        generator.onPeriodicEmit(output);
        assertEquals(1, output.idleMarks);
        assertEquals(later.toEpochMilli() - Duration.ofMinutes(5).toMillis() - 1,
                output.watermarks.get(output.watermarks.size() - 1));
        assertEquals(watermarksBefore + 1, output.watermarks.size());
    }

    @Test
    void organizationStrategyIsAtTheEndOfTimeFromTheStart() {
        WatermarkGenerator<Organization> generator =
                LeakTraceWatermarks.organizations().createWatermarkGenerator(context());
        RecordingOutput output = new RecordingOutput();
        generator.onPeriodicEmit(output);
        assertEquals(List.of(Long.MAX_VALUE), output.watermarks);
    }

    private static WatermarkGeneratorSupplier.Context context() {
        return context(SystemClock.getInstance());
    }

    private static WatermarkGeneratorSupplier.Context context(RelativeClock clock) {
        return new WatermarkGeneratorSupplier.Context() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public RelativeClock getInputActivityClock() {
                return clock;
            }
        };
    }

    private static CallRecord call(Instant start) {
        return CallRecord.newBuilder()
                .setRecordId("r")
                .setType(CallType.VOICE)
                .setCaller("+8613912345678")
                .setCallee("+8613812345678")
                .setStartTime(start)
                .setDurationS(3)
                .setAnswered(false)
                .build();
    }

    private static final class RecordingOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        int idleMarks;

        @Override
        public void markIdle() {
            idleMarks++;
        }

        @Override
        public void markActive() {}
    }
}
