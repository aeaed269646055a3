package org.leaktrace.caller;

import java.util.List;

/**
 * A caller's score with the features behind it and the reasons that pushed it up.
 *
 * @param score logistic of the weighted features, in [0, 1]
 * @param reasonMask one bit per reason: the features that added at least the configured
 *     contribution, to tell when a new reason appears
 * @param answerRate answered / calls
 * @param shortCallShare short or unanswered / calls
 * @param coldShare calls without prior contact / calls
 * @param serviceShare calls within a callee's service window / calls
 * @param reciprocity callbacks and acquaintance calls per distinct callee, at most 1
 * @param distinctCallees estimated distinct callees
 * @param complaints matched plus reporter-less complaints
 * @param complaintsUnmatched complaints that named no reporter or no call from this number
 */
public record CallerAssessment(
        double score,
        int reasonMask,
        double answerRate,
        double shortCallShare,
        double coldShare,
        double serviceShare,
        double reciprocity,
        long distinctCallees,
        long complaints,
        long complaintsUnmatched) {

    /** Names (with values) of the reasons in the mask, e.g. {@code fan_out:34}, {@code short_call_burst}. */
    public List<String> reasons() {
        return CallerScorer.reasons(this);
    }
}
