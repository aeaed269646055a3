package org.leaktrace.touch;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of touchpoint learning and source-size counting.
 *
 * @param maxTouches touches kept per subscriber; the least recently touched is evicted beyond
 *     this. Default 8: a subscriber deals with a handful of businesses in a TTL period, and state
 *     must stay small for tens of millions of subscribers.
 * @param serviceWindow a call within this time after the callee's last touch with a source is
 *     probably that source's service (courier, appointment); default 6 hours.
 * @param subscriberTtl per-subscriber state lives this long after its last write; default 60
 *     days, longer than a leaked list usually takes to be exploited.
 * @param contactBloomBits bits in each of the two generations of a subscriber's contact memory;
 *     default 256 (a multiple of 64).
 * @param contactBloomHashes hash functions of the contact memory; default 2.
 * @param contactBloomCapacity insertions after which the current generation becomes the
 *     previous one and a fresh one starts, so the memory never saturates; default 24 (false
 *     positive rate below 3% per generation).
 * @param sourceKinds which unregistered numbers are sources; default {@link SourceKinds#defaults()}.
 * @param sourceSizeFlushShare a source's pending customer delta is sent once it reaches this
 *     share of its count; default 0.01, so a 10M-subscriber replay sends thousands, not millions,
 *     of size updates.
 * @param sourceSizeFlushMinDelta pending delta that is always enough to send; default 1, so
 *     small sources are exact at once.
 * @param sourceSizeFlushInterval pending deltas below the threshold are sent this long (event
 *     time) after they started accumulating; default 1 hour.
 * @param hubMinCallers distinct numbers that must have called an unlisted mobile (answered, at
 *     least {@code hubMinCallSeconds}) before it counts as a business line, see {@link
 *     HubFunction}; default 30, three times what a person typically reaches over a month (a
 *     median of 10 distinct such callers in the simulated worlds, 23 at the 99.9th
 *     percentile), while a business line with 50 customers or more passes it.
 * @param hubMinCallSeconds shortest inbound call that counts towards {@code hubMinCallers};
 *     default 45 s: customers talk to a business for minutes, while a victim calling back a
 *     one-ring number hangs up within seconds.
 */
public record TouchConfig(
        int maxTouches,
        Duration serviceWindow,
        Duration subscriberTtl,
        int contactBloomBits,
        int contactBloomHashes,
        int contactBloomCapacity,
        SourceKinds sourceKinds,
        double sourceSizeFlushShare,
        long sourceSizeFlushMinDelta,
        Duration sourceSizeFlushInterval,
        int hubMinCallers,
        int hubMinCallSeconds)
        implements Serializable {

    public TouchConfig {
        if (maxTouches < 1 || maxTouches > 127) {
            throw new IllegalArgumentException("maxTouches must be in 1..127: " + maxTouches);
        }
        if (contactBloomBits < 64 || contactBloomBits % 64 != 0 || contactBloomBits > 64 * 255) {
            throw new IllegalArgumentException("contactBloomBits must be a multiple of 64 in 64..16320");
        }
        if (contactBloomHashes < 1 || contactBloomCapacity < 1) {
            throw new IllegalArgumentException("contact memory needs >= 1 hash and capacity >= 1");
        }
        if (sourceSizeFlushMinDelta < 1 || sourceSizeFlushShare < 0) {
            throw new IllegalArgumentException("source size flush thresholds must be positive");
        }
        if (hubMinCallers < 1 || hubMinCallers > HubFunction.MAX_MIN_CALLERS || hubMinCallSeconds < 0) {
            throw new IllegalArgumentException("hubMinCallers must be in 1.."
                    + HubFunction.MAX_MIN_CALLERS + " and hubMinCallSeconds >= 0");
        }
    }

    /** The same settings with other source kinds. */
    public TouchConfig withSourceKinds(SourceKinds other) {
        return new TouchConfig(maxTouches, serviceWindow, subscriberTtl, contactBloomBits, contactBloomHashes,
                contactBloomCapacity, other, sourceSizeFlushShare, sourceSizeFlushMinDelta, sourceSizeFlushInterval,
                hubMinCallers, hubMinCallSeconds);
    }

    /** The defaults documented on each component. */
    public static TouchConfig defaults() {
        return new TouchConfig(
                8,
                Duration.ofHours(6),
                Duration.ofDays(60),
                256,
                2,
                24,
                SourceKinds.defaults(),
                0.01,
                1,
                Duration.ofHours(1),
                30,
                45);
    }
}
