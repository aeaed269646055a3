package org.leaktrace.pipeline;

import java.time.Duration;
import org.leaktrace.attribution.AttributionConfig;
import org.leaktrace.caller.CallerConfig;
import org.leaktrace.touch.SourceKinds;
import org.leaktrace.touch.TouchConfig;

/**
 * Everything the detection pipeline needs to know, parsed once.
 *
 * <p>Each stage owns its own record so that its defaults are documented and tested next to the
 * code that uses them; this record only bundles them with the event-time bounds that every stage
 * shares.
 *
 * @param touch touchpoint learning (which numbers count as sources, state size and TTL)
 * @param caller caller scoring and the CEP patterns
 * @param attribution campaign linking, the significance test and emission
 * @param outOfOrderness how late a record may arrive behind the newest one and still be in order
 *     (default 10 minutes: exports carry minutes of disorder)
 * @param idleness after how long without records a source split stops holding back the
 *     watermark (default 1 minute)
 */
public record DetectionConfig(
        TouchConfig touch,
        CallerConfig caller,
        AttributionConfig attribution,
        Duration outOfOrderness,
        Duration idleness) {

    /**
     * Whether every keyed stage that acts on the order of its input takes it in event-time
     * order, so that a run gives the same alerts on every run and at any parallelism: true for
     * bounded runs (replay, backfill, the demo), false for a live stream, which takes inputs as
     * they come for latency. One setting, {@link AttributionConfig#eventTimeOrder()}, for
     * attribution and the caller stages alike.
     */
    public boolean eventTimeOrder() {
        return attribution.eventTimeOrder();
    }

    /** The same settings with other attribution settings. */
    public DetectionConfig withAttribution(AttributionConfig other) {
        return new DetectionConfig(touch, caller, other, outOfOrderness, idleness);
    }

    /**
     * The same settings with the source kinds of {@code region}'s numbering plan ({@link
     * SourceKinds#forRegion}): the region a run reads its numbers in is the one whose unlisted
     * businesses it can tell.
     */
    public DetectionConfig forRegion(String region) {
        return new DetectionConfig(touch.withSourceKinds(SourceKinds.forRegion(region)), caller, attribution,
                outOfOrderness, idleness);
    }

    /** The defaults every command starts from. */
    public static DetectionConfig defaults() {
        return new DetectionConfig(
                TouchConfig.defaults(),
                CallerConfig.defaults(),
                AttributionConfig.defaults(),
                Duration.ofMinutes(10),
                Duration.ofMinutes(1));
    }
}
