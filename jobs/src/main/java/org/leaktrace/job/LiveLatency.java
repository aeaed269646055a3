package org.leaktrace.job;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/**
 * Settings by which an unbounded streaming job keeps ingest-to-alert latency low; bounded runs
 * (backfills, tests, the demo) ignore them and keep the detection defaults.
 *
 * <p>Why each exists, measured with {@code bench --modes latency --latency-watermarks true}
 * (BENCHMARKS.md): a complaint is matched only when the watermark of every input of the caller
 * profile has passed its time, and a quiet complaints partition holds that watermark at its last
 * complaint until the next one arrives, which at the bench's pace was seconds; events and
 * watermarks also wait in network buffers and for the next periodic watermark.
 *
 * @param complaintsIdleness after how long without complaints a complaints partition stops
 *     holding back event time (default 200 ms; the check runs at each periodic watermark). A
 *     complaint arriving after the calls' watermark passed its time is late: the caller profile
 *     still counts it, the complaint-after-call pattern drops it. In a
 *     live stream complaints are reported after their calls and arrive as they are made, so this
 *     only matters while the job catches up on a backlog in which the complaints partition
 *     delivers more than this much later than the calls; bounded runs use the detection idleness
 *     (1 min) instead
 * @param watermarkInterval how often sources emit watermarks, Flink's
 *     {@code pipeline.auto-watermark-interval} (default 50 ms; Flink's is 200 ms): every call
 *     waits in the touchpoints' reorder buffer for the next watermark, on average half of this,
 *     and so does every event-time operator after it; a watermark is a few bytes per channel
 * @param bufferTimeout longest time a record waits in a network buffer before it is sent, Flink's
 *     {@code execution.buffer-timeout.interval} (default 100 ms, Flink's default)
 */
public record LiveLatency(Duration complaintsIdleness, Duration watermarkInterval, Duration bufferTimeout) {

    public LiveLatency {
        if (complaintsIdleness.isNegative() || complaintsIdleness.isZero()) {
            throw new IllegalArgumentException("complaints.idleness must be positive");
        }
        if (watermarkInterval.isNegative() || watermarkInterval.isZero()) {
            throw new IllegalArgumentException("watermark.interval must be positive");
        }
        if (bufferTimeout.isNegative()) {
            throw new IllegalArgumentException("buffer.timeout must not be negative");
        }
    }

    public static LiveLatency defaults() {
        return new LiveLatency(Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(100));
    }

    /** Writes the Flink settings among these into {@code conf}. */
    void applyTo(Configuration conf) {
        conf.setString("pipeline.auto-watermark-interval", watermarkInterval.toMillis() + " ms");
        conf.setString("execution.buffer-timeout.interval", bufferTimeout.toMillis() + " ms");
    }
}
