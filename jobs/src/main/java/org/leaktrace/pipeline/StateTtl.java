package org.leaktrace.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The time-to-live every per-number state of the job uses: refreshed on write, expired values
 * never returned, and cleaned without a step on every access.
 *
 * <p>Flink's default sweeps 5 entries of the whole state table on every state access, which was
 * about 19% of a replay's CPU; one entry per access was still 15 % of the touchpoint task's and
 * 12 % of the caller profile's (BENCHMARKS.md). Visibility does not depend on cleanup (expired
 * values are never returned, and a read clears them), so what cleanup is for is the keys nobody
 * reads again. On the heap, the operator sweeps those ({@link StateSweep}); full snapshots leave
 * expired values out; with RocksDB, compaction drops them too.
 */
public final class StateTtl {
    /** Entries RocksDB's compaction filter processes between two reads of the clock; Flink's default. */
    private static final long COMPACTION_ENTRIES_PER_CLOCK_READ = 1_000L;

    private StateTtl() {}

    /**
     * State that lives {@code ttl} after its last write. A value or list state that many keys
     * hold is given to {@link StateSweep} (or its function to {@link SweptKeyedProcessOperator});
     * one that is not stays on the heap past its TTL until it is read or the job restores.
     */
    public static StateTtlConfig refreshedOnWrite(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .disableCleanupInBackground()
                .cleanupFullSnapshot()
                .cleanupInRocksdbCompactFilter(COMPACTION_ENTRIES_PER_CLOCK_READ)
                .build();
    }
}
