package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
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

    @Test
    void organizationStrategyIsAtTheEndOfTimeFromTheStart() {
        WatermarkGenerator<Organization> generator =
                LeakTraceWatermarks.organizations().createWatermarkGenerator(context());
        RecordingOutput output = new RecordingOutput();
        generator.onPeriodicEmit(output);
        assertEquals(List.of(Long.MAX_VALUE), output.watermarks);
    }

    private static WatermarkGeneratorSupplier.Context context() {
        return new WatermarkGeneratorSupplier.Context() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public RelativeClock getInputActivityClock() {
                return SystemClock.getInstance();
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

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }
}
