package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.leaktrace.launcher.Args;

class LiveLatencyTest {

    @Test
    void defaults() {
        LiveLatency d = LiveLatency.defaults();
        assertEquals(Duration.ofMillis(200), d.complaintsIdleness());
        assertEquals(Duration.ofMillis(50), d.watermarkInterval());
        assertEquals(Duration.ofMillis(100), d.bufferTimeout());
    }

    @Test
    void keysOverrideDefaults() {
        Properties p = new Properties();
        p.setProperty("complaints.idleness", "1 s");
        p.setProperty("watermark.interval", "50 ms");
        p.setProperty("buffer.timeout", "10 ms");
        assertEquals(new LiveLatency(Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(10)),
                StreamingConfig.fromProperties(p).latency());
    }

    @Test
    void badValuesAreUsageErrors() {
        for (String[] bad : new String[][] {
            {"complaints.idleness", "0 ms"}, {"watermark.interval", "0 ms"}, {"buffer.timeout", "soon"}}) {
            Properties p = new Properties();
            p.setProperty(bad[0], bad[1]);
            assertThrows(Args.UsageException.class, () -> StreamingConfig.fromProperties(p), bad[0]);
        }
    }

    @Test
    void aLiveStreamLetsQuietComplaintsGoIdleSoonABoundedRunKeepsTheDetectionIdleness() {
        StreamingConfig live = StreamingConfig.defaults();
        assertEquals(Duration.ofMillis(200), StreamingJob.complaintsIdleness(live));
        assertEquals(live.detection().idleness(), StreamingJob.complaintsIdleness(live.withBounded(true)));
    }

    @Test
    void onlyALiveStreamGetsTheFlinkSettings() {
        Properties p = new Properties();
        p.setProperty("watermark.interval", "50 ms");
        p.setProperty("buffer.timeout", "10 ms");
        StreamingConfig live = StreamingConfig.fromProperties(p);
        Configuration conf = StreamingJob.flinkConfiguration(live);
        assertEquals("50 ms", conf.toMap().get("pipeline.auto-watermark-interval"));
        assertEquals("10 ms", conf.toMap().get("execution.buffer-timeout.interval"));
        Configuration bounded = StreamingJob.flinkConfiguration(live.withBounded(true));
        assertFalse(bounded.toMap().containsKey("pipeline.auto-watermark-interval"));
        assertFalse(bounded.toMap().containsKey("execution.buffer-timeout.interval"));
    }
}
