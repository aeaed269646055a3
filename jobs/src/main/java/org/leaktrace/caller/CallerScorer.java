package org.leaktrace.caller;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The transparent caller score: a logistic of a weighted sum of features in [0, 1].
 *
 * <p>Unsolicited bulk calling shows as many short, cold, unanswered calls to many numbers, with
 * complaints and bursts. Legitimate heavy callers show the opposite on at least one axis that
 * spammers cannot fake cheaply: their callees answer and call back, or their calls follow the
 * callee's own recent contact with the organization they serve (the service window).
 */
public final class CallerScorer {
    /** Reason bits, in the order reasons are listed. */
    static final int FAN_OUT = 0;
    static final int SHORT_CALL_SHARE = 1;
    static final int COLD_SHARE = 2;
    static final int ANSWER_RATE = 3;
    static final int COMPLAINTS = 4;
    static final int COMPLAINTS_UNMATCHED = 5;
    static final int SIGNAL_BASE = 6;
    /** The reason bits that need only their feature's contribution. */
    private static final int[] FEATURE_REASONS = {FAN_OUT, SHORT_CALL_SHARE, COLD_SHARE, ANSWER_RATE};
    /**
     * Below this, {@code v * 100} is within 10^-8 of the exact product, far inside {@link
     * #TIE_MARGIN}, so rounding it in arithmetic cannot cross a tie the exact value does not.
     */
    private static final double MAX_ARITHMETIC_ROUNDING = 1e6;
    /** How near a half-hundredth a value is rounded through its decimal representation instead. */
    private static final double TIE_MARGIN = 1e-6;

    private CallerScorer() {}

    /** Scores {@code s} under {@code config}, with cold calls at full weight. */
    public static CallerAssessment assess(CallerState s, CallerConfig config) {
        return assess(s, config, 1.0);
    }

    /**
     * Scores {@code s} under {@code config}, the cold-call share weighing {@code coldWeight} of
     * its weight ({@link CallerConfig#coldWarmUp()}).
     */
    public static CallerAssessment assess(CallerState s, CallerConfig config, double coldWeight) {
        ScoreWeights w = config.weights();
        double calls = Math.max(1, s.calls);
        double answerRate = s.answered / calls;
        double shortShare = s.shortCalls / calls;
        double coldShare = s.coldCalls / calls;
        double serviceShare = s.serviceCalls / calls;
        double longShare = s.longCalls / calls;
        long distinct = s.distinctCallees();
        double reciprocity = Math.min(1.0, s.reciprocations / (double) Math.max(1, distinct));
        long complaints = (long) s.complaintsMatched + s.complaintsUnmatched;
        double fanOut = Math.min(1.0, Math.log10(1 + distinct) / Math.log10(w.fanOutSaturation()));
        double complaintFeature = Math.min(1.0, complaints / w.complaintsSaturation());

        double[] contribution = new double[SIGNAL_BASE + CallerState.SIGNALS.length];
        contribution[FAN_OUT] = w.fanOut() * fanOut;
        contribution[SHORT_CALL_SHARE] = w.shortCallShare() * shortShare;
        contribution[COLD_SHARE] = w.coldShare() * coldShare * coldWeight;
        contribution[ANSWER_RATE] = w.unanswered() * (1 - answerRate);
        contribution[COMPLAINTS] = w.complaints() * complaintFeature;
        double[] signalWeights = {w.shortCallBurst(), w.sequentialDialing(), w.complaintAfterCall(), w.sharedDevice()};
        for (int i = 0; i < signalWeights.length; i++) {
            contribution[SIGNAL_BASE + i] = s.hasSignal(i) ? signalWeights[i] : 0;
        }
        double z = w.bias() + w.reciprocity() * reciprocity + w.service() * serviceShare + w.longCalls() * longShare;
        for (double c : contribution) {
            z += c;
        }
        double score = 1 / (1 + Math.exp(-z));

        // Only the mask here: the reason texts are built when an assessment is sent, not for
        // every event of every caller (formatting them was ~2% of a replay's CPU).
        int mask = 0;
        double min = config.reasonMinContribution();
        for (int bit : FEATURE_REASONS) {
            if (contribution[bit] >= min) {
                mask |= 1 << bit;
            }
        }
        if (complaints > 0 && contribution[COMPLAINTS] >= min) {
            mask |= 1 << COMPLAINTS;
            if (s.complaintsUnmatched > 0) {
                mask |= 1 << COMPLAINTS_UNMATCHED;
            }
        }
        for (int i = 0; i < CallerState.SIGNALS.length; i++) {
            if (s.hasSignal(i) && contribution[SIGNAL_BASE + i] >= min) {
                mask |= 1 << (SIGNAL_BASE + i);
            }
        }
        return new CallerAssessment(score, mask, answerRate, shortShare, coldShare, serviceShare, reciprocity,
                distinct, complaints, s.complaintsUnmatched);
    }

    /** The reasons named by {@code a}'s mask, with their values, in bit order. */
    static List<String> reasons(CallerAssessment a) {
        int mask = a.reasonMask();
        List<String> reasons = new ArrayList<>();
        if (has(mask, FAN_OUT)) {
            reasons.add("fan_out:" + a.distinctCallees());
        }
        if (has(mask, SHORT_CALL_SHARE)) {
            reasons.add("short_call_share:" + twoDecimals(a.shortCallShare()));
        }
        if (has(mask, COLD_SHARE)) {
            reasons.add("cold_share:" + twoDecimals(a.coldShare()));
        }
        if (has(mask, ANSWER_RATE)) {
            reasons.add("answer_rate:" + twoDecimals(a.answerRate()));
        }
        if (has(mask, COMPLAINTS)) {
            reasons.add("complaints:" + a.complaints());
        }
        if (has(mask, COMPLAINTS_UNMATCHED)) {
            reasons.add("complaints_unmatched:" + a.complaintsUnmatched());
        }
        for (int i = 0; i < CallerState.SIGNALS.length; i++) {
            if (has(mask, SIGNAL_BASE + i)) {
                reasons.add(CallerState.SIGNALS[i]);
            }
        }
        return List.copyOf(reasons);
    }

    private static boolean has(int mask, int bit) {
        return (mask & (1 << bit)) != 0;
    }

    /**
     * Whether the caller counts as risky now: a high score over enough calls (its own, or its
     * shared device's pooled ones), or complaints enough on their own (a complaint-only feed sees
     * none of the calls).
     */
    public static boolean isRisky(CallerState s, CallerAssessment a, CallerConfig config) {
        boolean enoughCalls = s.calls >= config.minCalls() || s.hasSignal(CallerState.SHARED_DEVICE);
        return (a.score() >= config.riskThreshold() && enoughCalls)
                || a.complaints() >= config.minComplaintsAlone();
    }

    /**
     * {@code String.format(Locale.ROOT, "%.2f", v)} for finite {@code v}, without the Formatter.
     *
     * <p>Formatter rounds the shortest decimal representation ({@link Double#toString}) half up,
     * which is exactly this; it was ~7% of a replay's CPU because every caller event builds its
     * reasons (BENCHMARKS.md). Parsing that representation into a {@code BigDecimal} was still 8 %
     * of the caller profile's task, every cold call of a fresh number building its reasons, so a
     * share away from a tie is rounded in arithmetic: there the shortest representation and the
     * double itself round alike. Only a value within a millionth of a hundredth of a tie, where
     * whether the representation is the tie decides, is left to the {@code BigDecimal}.
     */
    static String twoDecimals(double v) {
        if (v >= 0 && v < MAX_ARITHMETIC_ROUNDING) {
            double hundredths = v * 100;
            double fraction = hundredths - Math.floor(hundredths);
            if (Math.abs(fraction - 0.5) > TIE_MARGIN) {
                long rounded = (long) Math.floor(hundredths + 0.5);
                long cents = rounded % 100;
                return (rounded / 100) + (cents < 10 ? ".0" : ".") + cents;
            }
        }
        return new BigDecimal(Double.toString(v)).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
