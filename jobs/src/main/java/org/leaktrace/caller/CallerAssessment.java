package org.leaktrace.caller;

import java.util.List;

/**
 * A caller's score with the features behind it and the reasons that pushed it up.
 *
 * @param score logistic of the weighted features, in [0, 1]
 * @param reasons names (with values) of the features that added at least the configured
 *     contribution, e.g. {@code fan_out:34}, {@code short_call_burst}
 * @param reasonMask one bit per reason name, to tell when a new reason appears
 * @param answerRate answered / calls
 * @param shortCallShare short or unanswered / calls
 * @param coldShare calls without prior contact / calls
 * @param serviceShare calls within a callee's service window / calls
 * @param reciprocity callbacks and acquaintance calls per distinct callee, at most 1
 * @param distinctCallees estimated distinct callees
 * @param complaints matched plus reporter-less complaints
 */
public record CallerAssessment(
        double score,
        List<String> reasons,
        int reasonMask,
        double answerRate,
        double shortCallShare,
        double coldShare,
        double serviceShare,
        double reciprocity,
        long distinctCallees,
        long complaints) {}
