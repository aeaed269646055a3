package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.leaktrace.launcher.Args;

class ReplayBenchTest {

    private static BenchConfig bench(String... flags) {
        return BenchConfig.fromArgs(Args.parse("bench", flags, BenchConfig.FLAGS));
    }

    /** A RocksDB run of millions of subscribers needs more than Flink's local 128 MB of managed memory. */
    @Test
    void managedMemoryAskedForReachesTheLocalCluster() {
        Configuration conf = ReplayBench.flinkConfiguration(BenchMode.REPLAY_ROCKSDB, bench("--managed-memory", "2g"));
        assertEquals(MemorySize.parse("2g"), conf.get(TaskManagerOptions.MANAGED_MEMORY_SIZE));
        assertEquals("rocksdb", conf.getString("state.backend.type", null));
        assertEquals("none", conf.getString("restart-strategy.type", null), "a failing bench run must not retry");
    }

    @Test
    void withoutTheFlagFlinkKeepsItsLocalDefault() {
        for (BenchMode mode : List.of(BenchMode.REPLAY, BenchMode.STATE_ROCKSDB)) {
            Configuration conf = ReplayBench.flinkConfiguration(mode, bench());
            assertFalse(conf.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE), mode.cliName());
            assertEquals(mode.rocksDb() ? "rocksdb" : "hashmap", conf.getString("state.backend.type", null));
        }
    }
}
