package org.leaktrace.caller;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of caller profiling, its patterns and the hand-off of victims to attribution.
 *
 * @param shortCallSeconds an answered call shorter than this is short; default 30 s.
 * @param complaintWindow a complaint is matched to a call from the reported number to the
 *     reporter at most this long before; default 3 days. In the FTC Do Not Call file 82% of
 *     complaints are filed within 3 days of the call (67% within one).
 * @param complaintPatternWindow the complaint-after-call pattern's window; default 1 day. The
 *     pattern keeps every cold call for this long, keyed by its callee, and was the largest item
 *     of checkpointed state at 3 days. A complaint filed later still counts as matched (the
 *     profile keeps its recent callees for {@code complaintWindow} in a Bloom filter of a fixed
 *     size); only the pattern's signal is not added.
 * @param callerTtl caller state lives this long after its last write; default 14 days.
 * @param riskThreshold a caller is risky at or above this score; default 0.7.
 * @param minCalls and only after this many calls; default 5.
 * @param minComplaintsAlone a number with at least this many complaints is risky even when none
 *     of its calls has been seen: complaint-only feeds (the FTC Do Not Call export) name the
 *     number but not the calls; default 5.
 * @param bufferedContacts cold contacts kept per caller while it is not yet risky; default 64.
 * @param bufferWindow and only those this recent; default 3 days.
 * @param bufferMinScore a caller scoring below this after at least {@code minCalls} calls keeps no
 *     buffered contacts (its buffer is dropped); default 0.05. Nearly every subscriber makes a
 *     cold call now and then, and the buffer held those for three days: at 20k subscribers after
 *     three weeks it was most of the caller profile's checkpoint. A caller with callbacks,
 *     conversations or service calls scores near zero and needs about four log-odds of new
 *     evidence (complaints, a pattern) to become risky; what it called before it looked
 *     suspicious is then not sent to attribution, what it calls after is. Before {@code minCalls}
 *     a score says little: a campaign number whose first call was answered for 40 s scores 0.02
 *     at that call.
 * @param burstCalls short or unanswered cold calls to distinct numbers that make a burst;
 *     default 8.
 * @param burstWindow within this time; default 1 hour. Also the window of sequential dialing.
 * @param sequentialCalls consecutive cold calls to numbers a small step apart that make
 *     sequential dialing; default 5.
 * @param sequentialMaxStep the largest step between consecutive dialled numbers; default 10.
 * @param materialScoreChange a risky caller's profile is re-sent when its score moved by at
 *     least this much (or gained a reason); default 0.05.
 * @param reasonMinContribution a feature is named as a reason when it adds at least this many
 *     log-odds; default 0.5.
 * @param distinctExactLimit distinct callees counted exactly up to this many, then estimated by
 *     linear counting; default 64.
 * @param distinctBitmapBits bits of the linear-counting bitmap; default 1024 (a multiple of 64).
 * @param recentCalleeBits bits of each of the two time generations of the recent-callee Bloom
 *     filter used to match complaints; default 512 (a multiple of 64).
 * @param sharedDeviceNumbers a device (IMEI) is shared once this many distinct numbers made cold
 *     calls from it; when the pooled cold calls of a shared device score as risky, each of its
 *     numbers gets the {@code shared_device} signal and counts as risky without waiting for
 *     {@code minCalls} of its own (a SIM box rotating 40 numbers would otherwise make 5 × 40
 *     calls before any of them is judged); default 3 (a dual-SIM phone has 2).
 * @param numbersPerDevice numbers remembered per device, to signal those that called before the
 *     device was judged; later ones are signalled at their next call; default 64.
 * @param coldWarmUp for this long after the caller stage first sees traffic with empty state,
 *     cold calls are not counted as evidence; default 1 day. Whether a call is cold (no earlier
 *     call between the two numbers) is read from contact memory, which is empty at a fresh start,
 *     so at first every call looks cold: on a simulated world's first morning an organization's
 *     call centre, calling its own customers from unlisted numbers, was alerted after 5–8 calls
 *     in two worlds of eight, hours before the callbacks that clear it (one of them after five
 *     unanswered calls, risky at any partial weight of cold calls). Short and unanswered calls,
 *     patterns and complaints still count. {@link Duration#ZERO} turns the warm-up off; a job
 *     restored from a checkpoint or savepoint keeps the time it first saw traffic.
 * @param earlyMaxCalls a number not yet risky on its own hands each cold contact to attribution
 *     for pooling by source ({@code EARLY_CONTACT}) while it has made at most this many calls,
 *     every one of them cold, none a conversation ({@code longCallSeconds}) and none called back,
 *     and is fresh (see {@code earlyFreshness}); default 8, 0 turns it off. An operation rotating
 *     k numbers without a shared device makes about {@code minCalls} × k calls before any one
 *     number is judged; pooled by the source their victims share, the numbers are judged together
 *     ({@link org.leaktrace.attribution.EarlyPool}).
 * @param earlyFreshness and first called this recently, after the cold warm-up; default 1 day. A
 *     list's numbers are new SIMs; an ordinary subscriber with a few cold calls in a row mostly
 *     has a history, and those without one are what the pooled test has to beat.
 * @param weights the score weights; default {@link ScoreWeights#defaults()}.
 */
public record CallerConfig(
        int shortCallSeconds,
        Duration complaintWindow,
        Duration complaintPatternWindow,
        Duration callerTtl,
        double riskThreshold,
        int minCalls,
        int minComplaintsAlone,
        int bufferedContacts,
        Duration bufferWindow,
        double bufferMinScore,
        int burstCalls,
        Duration burstWindow,
        int sequentialCalls,
        long sequentialMaxStep,
        double materialScoreChange,
        double reasonMinContribution,
        int distinctExactLimit,
        int distinctBitmapBits,
        int recentCalleeBits,
        int sharedDeviceNumbers,
        int numbersPerDevice,
        Duration coldWarmUp,
        int earlyMaxCalls,
        Duration earlyFreshness,
        ScoreWeights weights)
        implements Serializable {

    public CallerConfig {
        if (distinctBitmapBits < 64 || distinctBitmapBits % 64 != 0) {
            throw new IllegalArgumentException("distinctBitmapBits must be a positive multiple of 64");
        }
        if (recentCalleeBits < 64 || recentCalleeBits % 64 != 0) {
            throw new IllegalArgumentException("recentCalleeBits must be a positive multiple of 64");
        }
        if (burstCalls < 2 || sequentialCalls < 2 || bufferedContacts < 0 || minCalls < 1 || minComplaintsAlone < 1) {
            throw new IllegalArgumentException("pattern lengths must be >= 2, minCalls and minComplaintsAlone >= 1");
        }
        if (complaintWindow.isNegative() || complaintWindow.isZero()
                || complaintPatternWindow.isNegative() || complaintPatternWindow.isZero()) {
            throw new IllegalArgumentException("complaint windows must be positive");
        }
        if (complaintPatternWindow.compareTo(complaintWindow) > 0) {
            // A complaint past the pattern's window must still be matched by the profile.
            throw new IllegalArgumentException("complaintPatternWindow must not exceed complaintWindow");
        }
        if (bufferMinScore < 0 || bufferMinScore > 1) {
            throw new IllegalArgumentException("bufferMinScore must be in [0, 1]");
        }
        if (coldWarmUp.isNegative()) {
            throw new IllegalArgumentException("coldWarmUp must not be negative");
        }
        if (earlyMaxCalls < 0 || earlyFreshness.isNegative()) {
            throw new IllegalArgumentException("earlyMaxCalls and earlyFreshness must not be negative");
        }
        if (sharedDeviceNumbers < 2 || numbersPerDevice < 1) {
            throw new IllegalArgumentException("sharedDeviceNumbers must be >= 2, numbersPerDevice >= 1");
        }
    }

    /** The defaults documented on each component. */
    public static CallerConfig defaults() {
        return new CallerConfig(
                30,
                Duration.ofDays(3),
                Duration.ofDays(1),
                Duration.ofDays(14),
                0.7,
                5,
                5,
                64,
                Duration.ofDays(3),
                0.05,
                8,
                Duration.ofHours(1),
                5,
                10,
                0.05,
                0.5,
                64,
                1024,
                512,
                3,
                64,
                Duration.ofDays(1),
                8,
                Duration.ofDays(1),
                ScoreWeights.defaults());
    }

    /** The same settings with {@code coldWarmUp} set. */
    public CallerConfig withColdWarmUp(Duration warmUp) {
        return new CallerConfig(shortCallSeconds, complaintWindow, complaintPatternWindow, callerTtl,
                riskThreshold, minCalls, minComplaintsAlone, bufferedContacts, bufferWindow, bufferMinScore,
                burstCalls, burstWindow, sequentialCalls, sequentialMaxStep, materialScoreChange,
                reasonMinContribution, distinctExactLimit, distinctBitmapBits, recentCalleeBits,
                sharedDeviceNumbers, numbersPerDevice, warmUp, earlyMaxCalls, earlyFreshness, weights);
    }

    /** The same settings with early pooling set ({@code earlyMaxCalls} 0: off). */
    public CallerConfig withEarlyPooling(int maxCalls, Duration freshness) {
        return new CallerConfig(shortCallSeconds, complaintWindow, complaintPatternWindow, callerTtl,
                riskThreshold, minCalls, minComplaintsAlone, bufferedContacts, bufferWindow, bufferMinScore,
                burstCalls, burstWindow, sequentialCalls, sequentialMaxStep, materialScoreChange,
                reasonMinContribution, distinctExactLimit, distinctBitmapBits, recentCalleeBits,
                sharedDeviceNumbers, numbersPerDevice, coldWarmUp, maxCalls, freshness, weights);
    }

    /**
     * Whether a number not risky on its own hands its cold contact at {@code timeMs} to pooling
     * by source: see {@code earlyMaxCalls}.
     */
    boolean isEarly(CallerState s, double coldWeight, long timeMs) {
        return earlyMaxCalls > 0
                && coldWeight >= 1.0
                && s.calls <= earlyMaxCalls
                && s.coldCalls == s.calls
                && s.longCalls == 0
                && s.reciprocations == 0
                && timeMs - s.firstSeenMs <= earlyFreshness.toMillis();
    }

    /**
     * How much a cold call weighs at {@code timeMs} when traffic was first seen at {@code
     * historyStartMs}: nothing during {@code coldWarmUp}, fully after it.
     */
    public double coldWeight(long historyStartMs, long timeMs) {
        return coldWeight(coldWarmUpMs(), historyStartMs, timeMs);
    }

    /** {@link #coldWarmUp()} in milliseconds for {@link #coldWeight(long, long, long)}; -1 when it is off. */
    long coldWarmUpMs() {
        return coldWarmUp.isZero() ? -1 : coldWarmUp.toMillis();
    }

    /**
     * {@link #coldWeight(long, long)} with the warm-up given as {@link #coldWarmUpMs()}, for a caller
     * that converts it once: converting a duration on every call showed in profiles.
     */
    static double coldWeight(long coldWarmUpMs, long historyStartMs, long timeMs) {
        return coldWarmUpMs < 0 || timeMs - historyStartMs >= coldWarmUpMs ? 1.0 : 0.0;
    }

    /** Whether a call counts as short: unanswered, or answered for less than the limit. */
    public boolean isShort(boolean answered, int durationS) {
        return !answered || durationS < shortCallSeconds;
    }
}
