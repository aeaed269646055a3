package org.leaktrace.job;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Execution environments configured the way every LeakTrace job needs them.
 *
 * <p>Generic types are disabled so that a type silently falling back to Kryo fails at job
 * construction. No restart strategy is set here: a job submitted to a cluster follows the
 * cluster's, so a lost TaskManager means a restart from the last checkpoint; bounded runs ask
 * for none themselves ({@link #FAIL_FAST}). replays run in STREAMING mode over bounded sources because the detection
 * operators rely on arrival order and broadcast state, which batch mode would reorder by key.
 */
public final class Environments {
    /** For bounded runs (replays, tests, backfills): a failure ends the run at once instead of retrying. */
    public static final String FAIL_FAST = "restart-strategy.type";

    private Environments() {}

    /** Overrides that make a bounded run fail fast. */
    public static Configuration failFast() {
        Configuration conf = new Configuration();
        conf.setString(FAIL_FAST, "none");
        return conf;
    }

    /** The environment of the current context: a MiniCluster under {@code java -jar}, the cluster under {@code flink run}. */
    public static StreamExecutionEnvironment create(int parallelism, Configuration overrides) {
        Configuration conf = new Configuration();
        conf.setString("pipeline.generic-types", "false");
        conf.setString("execution.runtime-mode", RuntimeExecutionMode.STREAMING.name());
        // Progress lines read accumulators, which task managers report with their heartbeats.
        conf.setString("heartbeat.interval", "2000");
        conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(Math.max(1, parallelism)));
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.addAll(overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }
}
