package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.junit.jupiter.api.Test;

class StateTtlTest {
    @Test
    void perNumberStateIsSweptOneEntryPerAccessAndNeverReadExpired() {
        StateTtlConfig ttl = StateTtl.refreshedOnWrite(Duration.ofDays(14));
        assertEquals(Duration.ofDays(14), ttl.getTimeToLive());
        assertEquals(StateTtlConfig.UpdateType.OnCreateAndWrite, ttl.getUpdateType());
        assertEquals(StateTtlConfig.StateVisibility.NeverReturnExpired, ttl.getStateVisibility());
        StateTtlConfig.IncrementalCleanupStrategy incremental =
                ttl.getCleanupStrategies().getIncrementalCleanupStrategy();
        assertNotNull(incremental);
        assertEquals(1, incremental.getCleanupSize());
        assertFalse(incremental.runCleanupForEveryRecord());
    }

    @Test
    void sparseStateIsNeverReadExpiredButNotSweptIncrementally() {
        StateTtlConfig ttl = StateTtl.sparse(Duration.ofDays(14));
        assertEquals(Duration.ofDays(14), ttl.getTimeToLive());
        assertEquals(StateTtlConfig.StateVisibility.NeverReturnExpired, ttl.getStateVisibility());
        assertNull(ttl.getCleanupStrategies().getIncrementalCleanupStrategy(),
                "restarting the walk of a small table on every few accesses was 6% of a replay");
        assertFalse(ttl.getCleanupStrategies().isCleanupInBackground());
        assertTrue(ttl.getCleanupStrategies().inFullSnapshot());
    }
}
