package org.leaktrace.attribution;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.schema.Organization;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.sink.Pseudonymizer;

/**
 * Campaign linking and leak attribution: cold contacts of risky callers and fresh numbers in,
 * leak suspicions and caller alerts out.
 */
public final class AttributionStage {
    /** uid and name of the operator. */
    public static final String OPERATOR_ID = "campaign-attribution";

    private AttributionStage() {}

    /**
     * Wires the stage.
     *
     * @param input cold contacts of risky callers, early contacts of fresh numbers, caller risk
     *     profiles and source sizes, with event-time timestamps and watermarks assigned (expiry
     *     runs on event time)
     * @param directoryUpdates directory changes, broadcast; {@code deleted=true} removes a number
     * @param initialDirectory the directory known at start, to name sources until updates arrive
     * @param pseudonymizer keyed pseudonyms for victims in the output
     */
    public static AttributionOutputs build(
            DataStream<AttributionInput> input,
            DataStream<Organization> directoryUpdates,
            List<Organization> initialDirectory,
            AttributionConfig config,
            Pseudonymizer pseudonymizer) {
        BroadcastStream<Organization> directory = directoryUpdates.broadcast(
                CampaignAttributionFunction.DIRECTORY_NUMBERS,
                CampaignAttributionFunction.DIRECTORY_ORGS);
        SingleOutputStreamOperator<LeakSuspicion> suspicions = input
                .keyBy(new CampaignAttributionFunction.ConstantKey(), Types.BYTE)
                .connect(directory)
                .process(new CampaignAttributionFunction(
                                config, pseudonymizer, List.copyOf(initialDirectory)),
                        new AvroTypeInfo<>(LeakSuspicion.class))
                .uid(OPERATOR_ID)
                .name(OPERATOR_ID)
                // One subtask on purpose: merging campaigns moves their evidence, which must all
                // live in one place; only the cold contacts of risky callers and of fresh numbers
                // whose every call was cold reach this operator.
                .setParallelism(1);
        // Keyed by alert id, every update of one alert takes the same path to a sink of any
        // parallelism, in the order it was made. Rebalanced, a number's alert under its own new
        // campaign could arrive after the one that moved it into the campaign it was merged with
        // a moment later, and stay as the last word in a file, a compacted topic or an index.
        return new AttributionOutputs(
                suspicions.keyBy(LeakSuspicion::getSuspicionId, Types.STRING),
                suspicions.getSideOutput(CampaignAttributionFunction.CALLER_ALERTS)
                        .keyBy(CallerAlert::getAlertId, Types.STRING));
    }
}
