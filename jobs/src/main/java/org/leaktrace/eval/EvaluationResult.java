package org.leaktrace.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * How well a run's alerts match a simulated world's truth.
 *
 * @param suspicions               distinct suspicion ids
 * @param correctSuspicions        of those, how many name a leaked source bought by a campaign they share a caller with
 * @param precision                correct / suspicions (1.0 when there are none: nothing wrong was said)
 * @param pairs                    detectable (campaign, leaked source) pairs: the campaign made calls in the period
 * @param foundPairs               pairs named by a correct suspicion sharing a caller with the campaign
 * @param recall                   found / pairs (0 when there are no pairs)
 * @param callsBeforeDetection     median and max over found pairs
 * @param earliestPossibleCalls    median and max, over found pairs that reach it, of the call at which
 *                                 detection was first possible ({@link EarliestDetection}); empty when
 *                                 {@code evaluate} was not given the CDRs
 * @param leakTimeErrorDays        median and max |estimated − true leak time| in days, over found pairs with an estimate
 * @param legitimateInSuspicions   look-alike numbers named as callers of any suspicion, by kind
 * @param legitimateWithCallerAlerts look-alike numbers with a caller alert, by kind
 * @param callerAlerts             distinct callers with a caller alert
 * @param campaignCallersAlerted   campaign caller numbers with a caller alert
 * @param campaignCallers          campaign caller numbers in the truth
 * @param otherCallersAlerted      callers with a caller alert (at any time, even one withdrawn later) that are
 *                                 neither campaign numbers nor look-alikes: ordinary subscribers, as far as
 *                                 the truth says; the false alarms that {@code legitimateWithCallerAlerts}
 *                                 does not count
 * @param subscribers              the world's subscribers, the base of {@link #otherCallersAlertedShare()}
 * @param campaignsAlerted         truth campaigns with at least one caller alert
 * @param campaignsWhole           of those, how many have every alerted number in one LeakTrace campaign (each
 *                                 number's latest caller alert says which)
 * @param campaignPieces           median and max, over campaigns alerted, of the LeakTrace campaigns their
 *                                 alerted numbers are split into
 * @param joinedCampaigns          LeakTrace campaigns holding numbers of two or more truth campaigns (buyers of
 *                                 one list linked together)
 * @param distinctSourcesNamed     distinct sources (organization or number) named by suspicions
 * @param suspicionsEndedByMerge   of the suspicions, those whose last line says which goes on for them
 *                                 ({@code merged_into}: their campaign merged with another blamed on the
 *                                 same source); counted in {@code suspicions} still
 * @param unreadableLines          alert lines that were not JSON objects
 * @param pairDetails              one entry per detectable pair
 */
public record EvaluationResult(
        @JsonProperty("suspicions") int suspicions,
        @JsonProperty("correct_suspicions") int correctSuspicions,
        @JsonProperty("precision") double precision,
        @JsonProperty("pairs") int pairs,
        @JsonProperty("found_pairs") int foundPairs,
        @JsonProperty("recall") double recall,
        @JsonProperty("calls_before_detection") Stat callsBeforeDetection,
        @JsonProperty("earliest_possible_calls") Stat earliestPossibleCalls,
        @JsonProperty("leak_time_error_days") Stat leakTimeErrorDays,
        @JsonProperty("legitimate_in_suspicions") Map<String, List<String>> legitimateInSuspicions,
        @JsonProperty("legitimate_with_caller_alerts") Map<String, List<String>> legitimateWithCallerAlerts,
        @JsonProperty("caller_alerts") int callerAlerts,
        @JsonProperty("campaign_callers_alerted") int campaignCallersAlerted,
        @JsonProperty("campaign_callers") int campaignCallers,
        @JsonProperty("other_callers_alerted") int otherCallersAlerted,
        @JsonProperty("subscribers") int subscribers,
        @JsonProperty("campaigns_alerted") int campaignsAlerted,
        @JsonProperty("campaigns_whole") int campaignsWhole,
        @JsonProperty("campaign_pieces") Stat campaignPieces,
        @JsonProperty("joined_campaigns") int joinedCampaigns,
        @JsonProperty("distinct_sources_named") int distinctSourcesNamed,
        @JsonProperty("suspicions_ended_by_merge") int suspicionsEndedByMerge,
        @JsonProperty("unreadable_lines") int unreadableLines,
        @JsonProperty("pair_details") List<Pair> pairDetails) {

    /** Median and maximum of a sample; both null when the sample is empty. */
    public record Stat(
            @JsonProperty("count") int count,
            @JsonProperty("median") Double median,
            @JsonProperty("max") Double max) {
    }

    /**
     * One (campaign, leaked source) pair.
     *
     * @param detectedAt           event_time of the earliest line, of a correct suspicion of this source,
     *                             that names one of the campaign's callers (ISO), or null
     * @param callsBeforeDetection campaign calls and texts at or before detectedAt, or null
     * @param leakTimeErrorDays    |estimate − truth| in days from the detecting suspicion's final state, or null
     * @param earliestPossibleCalls campaign calls and texts up to the one that reached the
     *                             minimum of victims with an earlier contact with the source
     *                             ({@link EarliestDetection}); null without the CDRs or if never
     *                             reached
     */
    public record Pair(
            @JsonProperty("campaign_id") String campaignId,
            @JsonProperty("source") String source,
            @JsonProperty("campaign_events") int campaignEvents,
            @JsonProperty("found") boolean found,
            @JsonProperty("suspicion_id") String suspicionId,
            @JsonProperty("detected_at") String detectedAt,
            @JsonProperty("calls_before_detection") Long callsBeforeDetection,
            @JsonProperty("leak_time_error_days") Double leakTimeErrorDays,
            @JsonProperty("earliest_possible_calls") Long earliestPossibleCalls) {
    }

    /** {@code otherCallersAlerted} as a share of the world's subscribers (0 when unknown). */
    public double otherCallersAlertedShare() {
        return subscribers <= 0 ? 0.0 : otherCallersAlerted / (double) subscribers;
    }

    /** Look-alike numbers flagged in suspicions, all kinds together. */
    public int legitimateInSuspicionsTotal() {
        return legitimateInSuspicions.values().stream().mapToInt(List::size).sum();
    }

    /** Look-alike numbers with a caller alert, all kinds together. */
    public int legitimateWithCallerAlertsTotal() {
        return legitimateWithCallerAlerts.values().stream().mapToInt(List::size).sum();
    }
}
