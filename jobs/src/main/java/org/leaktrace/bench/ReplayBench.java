package org.leaktrace.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.leaktrace.ingest.ComplaintFormat;
import org.leaktrace.job.Environments;
import org.leaktrace.job.ProgressReporter;
import org.leaktrace.job.PseudonymKeySource;
import org.leaktrace.job.ReplayConfig;
import org.leaktrace.job.ReplayJob;
import org.leaktrace.pipeline.DetectionConfig;
import org.leaktrace.sim.WorldSimulator;

/**
 * The full replay job over a world's files, with heap or RocksDB state, and optionally
 * checkpoints whose per-operator sizes are measured; the CPU each task spent is read too
 * ({@link TaskCpu}).
 */
final class ReplayBench {
    static final long TASK_CPU_PERIOD_MS = 100;

    private ReplayBench() {}

    /** A timed replay without checkpoints or progress lines. */
    static StateResult run(WorldInfo world, BenchMode mode, BenchConfig bench) throws Exception {
        return run(world, mode, bench, 0, ProgressReporter.silent());
    }

    /**
     * A timed replay; with {@code checkpointMillis > 0} it checkpoints at that interval to
     * {@code workDir/checkpoints-MODE} and reports the largest checkpoint, per operator. {@code
     * progress} prints records so far while it runs, so a run of hours shows its rate as it goes.
     */
    static StateResult run(WorldInfo world, BenchMode mode, BenchConfig bench, long checkpointMillis,
            ProgressReporter progress) throws Exception {
        int parallelism = bench.parallelism();
        Path workDir = bench.out();
        Path out = workDir.resolve("alerts-" + mode.cliName() + "-" + world.subscribers() + "-s" + world.seed()
                + (world.campaignSetting() == 0 ? "" : "-c" + world.campaignSetting()));
        Files.createDirectories(out);
        ReplayConfig cfg = new ReplayConfig(
                world.dir().resolve(WorldSimulator.CDR).toString(),
                world.dir().resolve(WorldSimulator.COMPLAINTS).toString(),
                ComplaintFormat.CONTRACT,
                world.dir().resolve(WorldSimulator.ORGANIZATIONS).toString(),
                out.resolve("alerts.jsonl").toString(),
                out.resolve("alerts.dead-letters.jsonl").toString(),
                "CN",
                ZoneId.of("Asia/Shanghai"),
                parallelism,
                PseudonymKeySource.from(null),
                DetectionConfig.defaults());
        Configuration conf = flinkConfiguration(mode, bench);
        Path checkpoints = null;
        if (checkpointMillis > 0) {
            checkpoints = KafkaBench.freshDir(workDir.resolve("checkpoints-" + mode.cliName()));
            conf.setString("execution.checkpointing.storage", "filesystem");
            conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
            // A small world's replay can end within a poll of the sizer; a non-retained checkpoint
            // is deleted with the job, so the sizer's last scan would find nothing.
            conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        }
        double load = JobRuns.loadAverage();
        StreamExecutionEnvironment env = Environments.create(parallelism, conf);
        ReplayJob.build(env, cfg);
        if (checkpointMillis > 0) {
            env.enableCheckpointing(checkpointMillis);
        }
        double cpu = JobRuns.processCpuSeconds();
        JobExecutionResult r;
        long stateBytes = -1;
        StateBreakdown breakdown = null;
        List<StateBreakdown> series = List.of();
        List<StateSplit> splits = List.of();
        List<String> splitProblems = new ArrayList<>();
        Map<String, Double> cpuByTask;
        try (TaskCpu tasks = TaskCpu.watch(TASK_CPU_PERIOD_MS)) {
            if (checkpoints == null) {
                r = execute(env, mode, progress);
            } else {
                // Heap checkpoints are kept to be split by state; RocksDB's SST files are not split.
                Path keep = mode.rocksDb() ? null : KafkaBench.freshDir(workDir.resolve("checkpoints-"
                        + mode.cliName() + "-kept"));
                try (CheckpointSizer sizer = CheckpointSizer.watch(checkpoints, keep, 100)) {
                    r = execute(env, mode, progress);
                    sizer.close();
                    stateBytes = sizer.largestBytes();
                    breakdown = sizer.largestBreakdown();
                    series = sizer.series();
                    splits = sizer.splits(splitProblems);
                }
            }
            tasks.close();
            cpuByTask = tasks.secondsByTask();
        }
        cpu = JobRuns.cpuSince(cpu);
        Measurement m = new Measurement(mode, world, JobRuns.count(r, ReplayJob.RECORDS_READ), JobRuns.seconds(r),
                Runtime.getRuntime().availableProcessors(), JobRuns.count(r, ReplayJob.ALERTS_WRITTEN), stateBytes,
                load, cpu);
        return new StateResult(m, breakdown, series, cpuByTask, splits, splitProblems);
    }

    /** The local cluster's settings for {@code mode}: fail fast, its state backend, any managed memory asked for. */
    static Configuration flinkConfiguration(BenchMode mode, BenchConfig bench) {
        Configuration conf = Environments.failFast();
        conf.setString("state.backend.type", mode.rocksDb() ? Environments.ROCKSDB : "hashmap");
        if (bench.managedMemory() != null) {
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, bench.managedMemory());
        }
        return conf;
    }

    private static JobExecutionResult execute(StreamExecutionEnvironment env, BenchMode mode,
            ProgressReporter progress) throws Exception {
        return progress.awaitResult(env.executeAsync("leaktrace-bench-" + mode.cliName()), System.nanoTime());
    }
}
