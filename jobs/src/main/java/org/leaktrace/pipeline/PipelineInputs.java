package org.leaktrace.pipeline;

import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.Organization;

/**
 * The streams the detection pipeline reads, whatever they come from (files or Kafka).
 *
 * @param calls normalized call records with event timestamps and watermarks
 * @param complaints normalized complaints with event timestamps and watermarks
 * @param directoryUpdates changes to the organization directory while running (may be empty)
 * @param initialDirectory the directory as known at start, so that no call is judged before it
 */
public record PipelineInputs(
        DataStream<CallRecord> calls,
        DataStream<Complaint> complaints,
        DataStream<Organization> directoryUpdates,
        List<Organization> initialDirectory) {}
