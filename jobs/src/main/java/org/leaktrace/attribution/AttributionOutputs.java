package org.leaktrace.attribution;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;

/** The two alert streams of the attribution stage. */
public record AttributionOutputs(
        DataStream<LeakSuspicion> suspicions, DataStream<CallerAlert> callerAlerts) {}
