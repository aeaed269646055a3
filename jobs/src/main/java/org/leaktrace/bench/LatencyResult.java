package org.leaktrace.bench;

import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Ingest-to-alert latency of one streaming run at a fixed input rate.
 *
 * @param world the world produced
 * @param checkpointMillis checkpoint interval: exactly-once alerts become visible at checkpoints
 * @param delivery how the job wrote its alert topics ({@code alerts.delivery})
 * @param ratePerSecond the producer's target rate, records/s
 * @param recordsSent records produced
 * @param alertsSeen alert messages read back (read_committed) during the run
 * @param matched alerts whose event time names a produced record, i.e. latency samples
 * @param latencies latency samples in ms: alert seen by a read_committed consumer minus the
 *     wall-clock time the triggering record was handed to the producer
 * @param stateBytes size of the largest completed checkpoint, or -1 if none completed
 * @param heapDeltaBytes heap in use (after a full GC) with the world's state loaded minus the heap
 *     in use before the job started, or -1 when not measured
 */
public record LatencyResult(
        WorldInfo world, long checkpointMillis, DeliveryGuarantee delivery, double ratePerSecond, long recordsSent,
        long alertsSeen, long matched, Percentiles latencies, long stateBytes, long heapDeltaBytes) {

    public double stateBytesPerSubscriber() {
        return stateBytes < 0 ? Double.NaN : stateBytes / (double) world.subscribers();
    }

    public double heapBytesPerSubscriber() {
        return heapDeltaBytes < 0 ? Double.NaN : heapDeltaBytes / (double) world.subscribers();
    }
}
