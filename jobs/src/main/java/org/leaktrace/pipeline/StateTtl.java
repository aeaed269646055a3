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

    /**
     * State that few keys hold, living {@code ttl} after its last write: expired values are never
     * returned and are left out of full snapshots, but not swept incrementally.
     *
     * <p>Incremental cleanup walks the state's own table, and every access of a key, holding a
     * value or not, takes a step. On a table of a few entries the walk ends within a few steps and
     * starts over, and each start scans all of the subtask's key groups: the hub flag (a few
     * hundred numbers, read for every party event) spent 6% of a replay's CPU there (JFR,
     * BENCHMARKS.md). A flag that outlives its TTL stays on the heap until the next restore, a
     * few hundred booleans.
     */
    public static StateTtlConfig sparse(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .disableCleanupInBackground()
                .cleanupFullSnapshot()
                .build();
    }
}
