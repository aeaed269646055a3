package org.leaktrace.pipeline;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;

/** What the detection pipeline produces, before any sink. */
public record PipelineOutputs(DataStream<CallerAlert> callerAlerts, DataStream<LeakSuspicion> suspicions) {}
