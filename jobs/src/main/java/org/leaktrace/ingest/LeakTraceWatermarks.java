package org.leaktrace.ingest;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.Organization;

import java.time.Duration;

/**
 * The watermark strategies of LeakTrace, one per input, so file replay and Kafka agree on event
 * time.
 *
 * <p>Calls and complaints arrive nearly in time order (minutes of disorder), hence bounded
 * out-of-orderness; idleness keeps a quiet partition or an idle parse subtask from holding back
 * every downstream operator.
 */
public final class LeakTraceWatermarks {

    private LeakTraceWatermarks() {}

    /** Event time of a call is its start time. */
    public static WatermarkStrategy<CallRecord> calls(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<CallRecord>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner(new CallStartTime())
                .withIdleness(idleness);
    }

    /** Event time of a complaint is when the complained-about call happened (or was reported). */
    public static WatermarkStrategy<Complaint> complaints(
            Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<Complaint>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner(new ComplaintReportedAt())
                .withIdleness(idleness);
    }

    /**
     * Directory records carry no time: they are facts that hold from the moment they are read.
     *
     * <p>They get timestamp 0 (the epoch; never {@code Long.MIN_VALUE}, which some operators treat
     * as "no timestamp") and the watermark is the maximum from the first periodic emission on. The
     * directory feeds broadcast state connected with the calls, and a two-input operator's event
     * time is the minimum of its inputs: a directory stream that emitted no watermark, or one tied
     * to timestamp 0, would freeze event time for every call forever, and idleness would only
     * release it after a timeout and re-freeze it on every update. Since the watermark is already
     * at the maximum, directory records count as late for event-time windows; nothing windows them,
     * they only update broadcast state, where lateness has no meaning.
     */
    public static WatermarkStrategy<Organization> organizations() {
        return WatermarkStrategy.<Organization>forGenerator(context -> new NeverHoldBack<>())
                .withTimestampAssigner(new DirectoryTime());
    }

    /** Timestamp assigner: the call's start time. */
    static final class CallStartTime implements SerializableTimestampAssigner<CallRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public long extractTimestamp(CallRecord call, long recordTimestamp) {
            return call.getStartTime().toEpochMilli();
        }
    }

    /** Timestamp assigner: the complaint's reported time. */
    static final class ComplaintReportedAt implements SerializableTimestampAssigner<Complaint> {
        private static final long serialVersionUID = 1L;

        @Override
        public long extractTimestamp(Complaint complaint, long recordTimestamp) {
            return complaint.getReportedAt().toEpochMilli();
        }
    }

    /** Timestamp assigner: the epoch for every directory record. */
    static final class DirectoryTime implements SerializableTimestampAssigner<Organization> {
        private static final long serialVersionUID = 1L;

        @Override
        public long extractTimestamp(Organization organization, long recordTimestamp) {
            return 0L;
        }
    }

    /** A generator whose watermark is always the end of time, so it never holds others back. */
    static final class NeverHoldBack<T> implements WatermarkGenerator<T> {

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }
}
