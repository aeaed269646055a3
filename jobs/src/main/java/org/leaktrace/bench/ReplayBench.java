package org.leaktrace.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.leaktrace.ingest.ComplaintFormat;
import org.leaktrace.job.Environments;
import org.leaktrace.job.PseudonymKeySource;
import org.leaktrace.job.ReplayConfig;
import org.leaktrace.job.ReplayJob;
import org.leaktrace.pipeline.DetectionConfig;
import org.leaktrace.sim.WorldSimulator;

/** The full replay job over a world's files, with heap or RocksDB state. */
final class ReplayBench {
    private ReplayBench() {}

    static Measurement run(WorldInfo world, BenchMode mode, int parallelism, Path workDir) throws Exception {
        boolean rocksdb = mode == BenchMode.REPLAY_ROCKSDB;
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
        Configuration conf = Environments.failFast();
        conf.setString("state.backend.type", rocksdb ? "rocksdb" : "hashmap");
        double load = JobRuns.loadAverage();
        StreamExecutionEnvironment env = Environments.create(parallelism, conf);
        ReplayJob.build(env, cfg);
        double cpu = JobRuns.processCpuSeconds();
        JobExecutionResult r = env.execute("leaktrace-bench-" + mode.cliName());
        cpu = JobRuns.cpuSince(cpu);
        return new Measurement(mode, world, JobRuns.count(r, ReplayJob.RECORDS_READ), JobRuns.seconds(r),
                Runtime.getRuntime().availableProcessors(), JobRuns.count(r, ReplayJob.ALERTS_WRITTEN), -1, load, cpu);
    }
}
