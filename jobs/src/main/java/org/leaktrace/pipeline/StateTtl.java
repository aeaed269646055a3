package org.leaktrace.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The time-to-live every per-number state of the job uses: refreshed on write, expired values
 * never returned, swept one entry per state access.
 *
 * <p>Flink's default sweeps 5 entries of the whole state table on every state access, which was
 * about 19% of a replay's CPU (BENCHMARKS.md). Visibility does not depend on cleanup (expired
 * values are never returned), so sweeping 1 entry per access changes no result; a full sweep
 * still takes only (keys / accesses per second) seconds.
 */
public final class StateTtl {
    private StateTtl() {}

    /** State that lives {@code ttl} after its last write. */
    public static StateTtlConfig refreshedOnWrite(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .cleanupIncrementally(1, false)
                .build();
    }
}
