package org.leaktrace.job;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.PredefinedOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Execution environments configured the way every LeakTrace job needs them.
 *
 * <p>Generic types are disabled so that a type silently falling back to Kryo fails at job
 * construction. No restart strategy is set here: a job submitted to a cluster follows the
 * cluster's, so a lost TaskManager means a restart from the last checkpoint; bounded runs ask
 * for none themselves ({@link #FAIL_FAST}). replays run in STREAMING mode over bounded sources because the detection
 * operators rely on arrival order and broadcast state, which batch mode would reorder by key.
 *
 * <p>Object reuse is on ({@link #OBJECT_REUSE}): a record passes between operators chained in one
 * task as the same object, where Flink would otherwise copy it through its serializer at every
 * hop. In a heap replay those copies were a tenth of the tasks' CPU samples (JFR, 2026-12-04),
 * three deep copies of every call record in the parse chain alone. It is safe because every
 * function here treats what it is handed as read-only and builds a new object for what it emits;
 * {@code ReplayDeterminismITCase} replays one world with and without copies and compares the
 * alerts line by line.
 *
 * <p>Whenever the state backend is RocksDB, the environment also gets {@link RocksDb#defaults()}
 * for every setting the job or the cluster does not set itself; this is the one place where
 * LeakTrace configures RocksDB (replay, {@code run}, bench, demo, soak).
 */
public final class Environments {
    /** For bounded runs (replays, tests, backfills): a failure ends the run at once instead of retrying. */
    public static final String FAIL_FAST = "restart-strategy.type";

    /** Hands records between chained operators without copying them; see the class comment. */
    public static final String OBJECT_REUSE = "pipeline.object-reuse";

    /** Value of {@code state.backend.type} that selects RocksDB. */
    public static final String ROCKSDB = "rocksdb";

    private Environments() {}

    /**
     * How LeakTrace runs RocksDB, chosen for its state shape: millions of small per-number values
     * read and rewritten on every record, few timers, large and slowly changing state.
     *
     * @param timerService where event-time timers live ({@code state.backend.rocksdb.timer-service.factory}):
     *     HEAP (default) keeps them on the JVM heap. The job's timers are few per key (CEP's
     *     one per caller with buffered events, attribution expiry; the touchpoint stage keeps no
     *     timers) while registering and firing them is on the per-record path; in RocksDB every
     *     one is a JNI write, read and delete. Heap timers are written in full into every
     *     checkpoint (raw keyed state), which stays small as long as timers are few. Flink's
     *     default is ROCKSDB
     * @param incrementalCheckpoints upload only the RocksDB files created since the last
     *     checkpoint ({@code execution.checkpointing.incremental}) (default true): state is large
     *     and most of it (idle subscribers, old callers) does not change between checkpoints, so a
     *     full snapshot would rewrite all of it every interval. Flink's default is false
     * @param managedMemory size RocksDB's block cache and write buffers from the slot's managed
     *     memory ({@code state.backend.rocksdb.memory.managed}) (default true, Flink's default,
     *     pinned so memory stays bounded by {@code taskmanager.memory.managed.fraction})
     * @param predefinedOptions RocksDB tuning profile ({@code state.backend.rocksdb.predefined-options})
     *     (default FLASH_SSD_OPTIMIZED: 4 background flush/compaction threads and no limit on open
     *     files, for the local SSDs DEPLOYMENT.md asks for). Flink's default is DEFAULT
     * @param bloomFilter a Bloom filter in every new SST file ({@code
     *     state.backend.rocksdb.use-bloom-filter}, 10 bits per key) (default true): nearly every
     *     record reads a number's value, and the first read of every new number finds nothing, so
     *     a read that would search each level's index and blocks for an absent key skips the
     *     files that cannot hold it. The RocksDB replay ran 25-64 % faster with it (three
     *     alternated pairs, BENCHMARKS.md); the filters take about 1.25 bytes per key of the
     *     managed memory. Flink's default is false
     */
    public record RocksDb(
            String timerService, boolean incrementalCheckpoints, boolean managedMemory, String predefinedOptions,
            boolean bloomFilter) {

        public RocksDb {
            if (!timerService.equals("HEAP") && !timerService.equals("ROCKSDB")) {
                throw new IllegalArgumentException("timer service must be HEAP or ROCKSDB, got '" + timerService + "'");
            }
            PredefinedOptions.valueOf(predefinedOptions);
        }

        /**
         * LeakTrace's RocksDB settings: heap timers, incremental checkpoints, managed memory, SSD
         * profile, Bloom filters.
         */
        public static RocksDb defaults() {
            return new RocksDb("HEAP", true, true, PredefinedOptions.FLASH_SSD_OPTIMIZED.name(), true);
        }

        /** These settings as Flink options. */
        public Configuration toConfiguration() {
            Configuration conf = new Configuration();
            conf.setString(RocksDBOptions.TIMER_SERVICE_FACTORY.key(), timerService);
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, incrementalCheckpoints);
            conf.set(RocksDBOptions.USE_MANAGED_MEMORY, managedMemory);
            conf.setString(RocksDBOptions.PREDEFINED_OPTIONS.key(), predefinedOptions);
            conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, bloomFilter);
            return conf;
        }

        /**
         * Adds these settings to {@code conf} where it selects RocksDB, leaving every setting it
         * already has (under its current or a deprecated key, e.g. {@code state.backend.incremental}
         * from a cluster's configuration) as it is. A configuration for the heap backend is left
         * unchanged.
         */
        public void applyTo(Configuration conf) {
            if (!ROCKSDB.equalsIgnoreCase(conf.get(StateBackendOptions.STATE_BACKEND))) {
                return;
            }
            if (!conf.contains(RocksDBOptions.TIMER_SERVICE_FACTORY)) {
                conf.setString(RocksDBOptions.TIMER_SERVICE_FACTORY.key(), timerService);
            }
            if (!conf.contains(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)) {
                conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, incrementalCheckpoints);
            }
            if (!conf.contains(RocksDBOptions.USE_MANAGED_MEMORY)) {
                conf.set(RocksDBOptions.USE_MANAGED_MEMORY, managedMemory);
            }
            if (!conf.contains(RocksDBOptions.PREDEFINED_OPTIONS)) {
                conf.setString(RocksDBOptions.PREDEFINED_OPTIONS.key(), predefinedOptions);
            }
            if (!conf.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)) {
                conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, bloomFilter);
            }
        }
    }

    /** Overrides that make a bounded run fail fast. */
    public static Configuration failFast() {
        Configuration conf = new Configuration();
        conf.setString(FAIL_FAST, "none");
        return conf;
    }

    /**
     * The environment of the current context: a MiniCluster under {@code java -jar}, the cluster under
     * {@code flink run}. With {@code state.backend.type: rocksdb} (in {@code overrides} or in the
     * cluster's configuration), {@link RocksDb#defaults()} fill in the RocksDB settings neither sets.
     */
    public static StreamExecutionEnvironment create(int parallelism, Configuration overrides) {
        Configuration conf = new Configuration();
        conf.setString("pipeline.generic-types", "false");
        conf.setString(OBJECT_REUSE, "true");
        conf.setString("execution.runtime-mode", RuntimeExecutionMode.STREAMING.name());
        // Progress lines read accumulators, which task managers report with their heartbeats.
        conf.setString("heartbeat.interval", "2000");
        conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(Math.max(1, parallelism)));
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.addAll(overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // The environment's configuration includes the cluster's under flink run, so a setting
        // from config.yaml or the FlinkDeployment is seen here and kept.
        Configuration effective = Configuration.fromMap(env.getConfiguration().toMap());
        Configuration rocksDb = effective.clone();
        RocksDb.defaults().applyTo(rocksDb);
        if (!rocksDb.toMap().equals(effective.toMap())) {
            env.configure(rocksDb);
        }
        env.setParallelism(parallelism);
        return env;
    }
}
