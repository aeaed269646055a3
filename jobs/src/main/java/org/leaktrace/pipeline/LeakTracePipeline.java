package org.leaktrace.pipeline;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.leaktrace.attribution.AttributionOutputs;
import org.leaktrace.attribution.AttributionStage;
import org.leaktrace.caller.CallerStage;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.sink.Pseudonymizer;

/**
 * The detection dataflow shared by every mode: replay, demo and Kafka streaming.
 *
 * <p>Touchpoints and caller risk run keyed by subscriber and caller; only the cold contacts of
 * risky callers, and of fresh numbers whose every call was cold, reach campaign linking and
 * attribution, which is what keeps the single global attribution operator cheap.
 */
public final class LeakTracePipeline {
    private LeakTracePipeline() {}

    public static PipelineOutputs build(PipelineInputs in, DetectionConfig config, Pseudonymizer pseudonymizer) {
        DataStream<AttributionInput> evidence = CallerStage.build(
                in.calls(),
                in.complaints(),
                in.directoryUpdates(),
                in.initialDirectory(),
                config.touch(),
                config.caller(),
                config.eventTimeOrder());
        AttributionOutputs out = AttributionStage.build(
                evidence, in.directoryUpdates(), in.initialDirectory(), config.attribution(), pseudonymizer);
        return new PipelineOutputs(out.callerAlerts(), out.suspicions());
    }
}
