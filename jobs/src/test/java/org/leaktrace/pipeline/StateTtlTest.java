package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.junit.jupiter.api.Test;

class StateTtlTest {
    @Test
    void perNumberStateIsNeverReadExpiredAndTakesNoCleanupStepPerAccess() {
        StateTtlConfig ttl = StateTtl.refreshedOnWrite(Duration.ofDays(14));
        assertEquals(Duration.ofDays(14), ttl.getTimeToLive());
        assertEquals(StateTtlConfig.UpdateType.OnCreateAndWrite, ttl.getUpdateType());
        assertEquals(StateTtlConfig.StateVisibility.NeverReturnExpired, ttl.getStateVisibility());
        assertNull(ttl.getCleanupStrategies().getIncrementalCleanupStrategy(),
                "a step per access was 15 % of the touchpoint task; StateSweep reaches the keys instead");
        assertFalse(ttl.getCleanupStrategies().isCleanupInBackground());
        assertTrue(ttl.getCleanupStrategies().inFullSnapshot(), "heap snapshots leave expired values out");
        assertTrue(ttl.getCleanupStrategies().inRocksdbCompactFilter(), "RocksDB's compaction drops them");
    }
}
