package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.leaktrace.launcher.Args;

class BenchConfigTest {

    @Test
    void defaults() {
        BenchConfig d = BenchConfig.defaults();
        assertEquals(List.of(10_000, 20_000), d.subscribers());
        assertEquals(7, d.days());
        assertEquals(List.of(1L), d.seeds());
        assertEquals(List.of(BenchMode.FLOOR, BenchMode.REPLAY, BenchMode.REPLAY_ROCKSDB, BenchMode.KAFKA,
                BenchMode.LATENCY), d.modes());
        assertEquals(Path.of("leaktrace-bench"), d.out());
        assertEquals(Runtime.getRuntime().availableProcessors(), d.parallelism());
        assertEquals(5000, d.latencyRate());
        assertEquals(List.of(1000L, 250L), d.latencyCheckpoints());
        assertEquals(2000, d.kafkaCheckpointMillis());
        assertEquals(true, d.warmup());
        assertEquals(List.of(), d.campaigns(), "each world's own campaign count");
        assertEquals(List.of(0), d.campaignSettings());
        assertEquals(false, d.latencyWatermarks(), "watermark sampling costs CPU: asked for, never by default");
        assertEquals(List.of(DeliveryGuarantee.EXACTLY_ONCE, DeliveryGuarantee.AT_LEAST_ONCE), d.latencyDeliveries());
        assertNull(d.managedMemory(), "Flink's local default");
    }

    @Test
    void flagsOverrideDefaults() {
        BenchConfig c = BenchConfig.fromArgs(Args.parse("bench", new String[] {
            "--subscribers", "1000000, 10_000_000", "--days", "2", "--seeds", "1,2", "--modes", "floor,replay-rocksdb",
            "--out", "/tmp/b", "--parallelism", "1", "--latency-rate", "2500", "--latency-checkpoints", "200",
            "--kafka-checkpoint", "500", "--warmup", "false", "--campaigns", "10,40",
            "--latency-watermarks", "true", "--latency-delivery", "at-least-once",
            "--managed-memory", "4g"}, BenchConfig.FLAGS));
        assertEquals(List.of(1_000_000, 10_000_000), c.subscribers());
        assertEquals(2, c.days());
        assertEquals(List.of(1L, 2L), c.seeds());
        assertEquals(List.of(BenchMode.FLOOR, BenchMode.REPLAY_ROCKSDB), c.modes());
        assertEquals(Path.of("/tmp/b"), c.out());
        assertEquals(1, c.parallelism());
        assertEquals(2500, c.latencyRate());
        assertEquals(List.of(200L), c.latencyCheckpoints());
        assertEquals(500, c.kafkaCheckpointMillis());
        assertEquals(false, c.warmup());
        assertEquals(List.of(10, 40), c.campaigns());
        assertEquals(List.of(10, 40), c.campaignSettings());
        assertEquals(true, c.latencyWatermarks());
        assertEquals(List.of(DeliveryGuarantee.AT_LEAST_ONCE), c.latencyDeliveries());
        assertEquals(MemorySize.ofMebiBytes(4096), c.managedMemory());
    }

    @Test
    void badValuesAreUsageErrors() {
        for (String[] bad : List.of(
                new String[] {"--subscribers", "500"},
                new String[] {"--modes", "floor,warp"},
                new String[] {"--days", "0"},
                new String[] {"--latency-checkpoints", "5"},
                new String[] {"--seeds", "x"},
                new String[] {"--warmup", "maybe"},
                new String[] {"--latency-watermarks", "yes"},
                new String[] {"--latency-delivery", "none"},
                new String[] {"--latency-delivery", ","},
                new String[] {"--campaigns", "0"},
                new String[] {"--campaigns", "10,1001"},
                new String[] {"--managed-memory", "lots"},
                new String[] {"--managed-memory", "1m"})) {
            assertThrows(Args.UsageException.class,
                    () -> BenchConfig.fromArgs(Args.parse("bench", bad, BenchConfig.FLAGS)), String.join(" ", bad));
        }
        assertThrows(Args.UsageException.class,
                () -> Args.parse("bench", new String[] {"--subscriber", "1"}, BenchConfig.FLAGS));
    }

    @Test
    void everyModeHasACliName() {
        for (BenchMode m : BenchMode.values()) {
            assertEquals(m, BenchMode.fromCli(m.cliName().toUpperCase()));
        }
        assertEquals(Set.of("floor", "replay", "replay-rocksdb", "kafka", "kafka-rocksdb", "state", "state-rocksdb",
                        "latency"),
                java.util.Arrays.stream(BenchMode.values()).map(BenchMode::cliName)
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void rocksDbModesAreTheRocksDbOnes() {
        assertEquals(Set.of(BenchMode.REPLAY_ROCKSDB, BenchMode.KAFKA_ROCKSDB, BenchMode.STATE_ROCKSDB),
                java.util.Arrays.stream(BenchMode.values()).filter(BenchMode::rocksDb)
                        .collect(java.util.stream.Collectors.toSet()));
    }
}
