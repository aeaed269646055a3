package org.leaktrace.caller;

import java.io.Serializable;

/**
 * Weights of the caller score, a logistic of {@code bias + sum(weight * feature)}.
 *
 * <p>Every feature is in [0, 1], so a weight reads as "how many log-odds this feature adds at
 * its strongest". Negative weights legitimise. The defaults put a caller with only short,
 * cold, unanswered calls at about 0.9 and make service calls or callbacks outweigh large
 * fan-out.
 *
 * @param bias log-odds with no evidence; default -6.
 * @param shortCallShare share of calls unanswered or shorter than the short-call limit; default 3.
 * @param coldShare share of calls to numbers with no prior contact; default 2.
 * @param unanswered 1 - answer rate; default 3.
 * @param fanOut log10(1 + distinct callees) / log10(fanOutSaturation), at most 1; default 1.5.
 * @param complaints complaints / complaintsSaturation, at most 1; default 3.
 * @param shortCallBurst 1 once a short-call burst pattern matched; default 1.5.
 * @param sequentialDialing 1 once sequential dialing matched; default 1.5.
 * @param complaintAfterCall 1 once a complaint followed a call from this number; default 1.5.
 * @param sharedDevice 1 once the number's device (IMEI) is shared by several numbers whose
 *     pooled cold calls score as risky (a SIM box); default 1.5.
 * @param reciprocity callbacks and acquaintance calls per distinct callee, at most 1; default -4.
 * @param service share of calls to callees whose touch with a source is within the service
 *     window (couriers, appointments); default -5, the strongest legitimising feature.
 * @param longCalls share of calls answered and talked for at least {@code longCallSeconds}; default
 *     -4. A conversation of minutes is what a list-working caller rarely gets and a call centre
 *     serving its own customers mostly does; without it such a centre whose first few calls went
 *     unanswered scored like a campaign at its fifth call.
 * @param fanOutSaturation distinct callees at which fan-out counts fully; default 100.
 * @param complaintsSaturation complaints at which the complaint feature counts fully; default 3.
 * @param longCallSeconds an answered call at least this long counts as a conversation; default 120.
 */
public record ScoreWeights(
        double bias,
        double shortCallShare,
        double coldShare,
        double unanswered,
        double fanOut,
        double complaints,
        double shortCallBurst,
        double sequentialDialing,
        double complaintAfterCall,
        double sharedDevice,
        double reciprocity,
        double service,
        double longCalls,
        double fanOutSaturation,
        double complaintsSaturation,
        int longCallSeconds)
        implements Serializable {

    /** The defaults documented on each component. */
    public static ScoreWeights defaults() {
        return new ScoreWeights(-6.0, 3.0, 2.0, 3.0, 1.5, 3.0, 1.5, 1.5, 1.5, 1.5, -4.0, -5.0, -4.0, 100, 3, 120);
    }
}
