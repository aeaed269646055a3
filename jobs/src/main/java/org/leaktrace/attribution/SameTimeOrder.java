package org.leaktrace.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;

/**
 * The order in which attribution applies inputs of one event time: source sizes first, by
 * source, then each caller's inputs together, by caller, each caller's in the order sent.
 *
 * <p>Inputs of one time come from many caller-profile and source-size subtasks, interleaved as
 * the network delivers them; applied in that order, a replay's campaigns and suspicions changed
 * from run to run. One caller's inputs all come from one subtask, in the order it sent them (a
 * risk before the contacts it releases), and the sort is stable, so that order is kept.
 */
final class SameTimeOrder {
    private static final Comparator<AttributionInput> ORDER =
            Comparator.comparingInt((AttributionInput in) -> in.getKind() == AttributionKind.SOURCE_SIZE ? 0 : 1)
                    .thenComparing(SameTimeOrder::groupKey);

    private SameTimeOrder() {}

    /** {@code inputs} in application order; the list given is not changed. */
    static List<AttributionInput> sorted(List<AttributionInput> inputs) {
        if (inputs.size() < 2) {
            return inputs;
        }
        List<AttributionInput> ordered = new ArrayList<>(inputs);
        ordered.sort(ORDER);
        return ordered;
    }

    private static String groupKey(AttributionInput in) {
        return switch (in.getKind()) {
            case SOURCE_SIZE -> in.getSize().getSource();
            case CALLER_RISK -> in.getRisk().getCaller();
            case CONTACT, EARLY_CONTACT -> in.getContact().getCaller();
        };
    }
}
