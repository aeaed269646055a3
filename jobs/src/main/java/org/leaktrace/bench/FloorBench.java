package org.leaktrace.bench;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.leaktrace.ingest.CallRecordSerializer;
import org.leaktrace.ingest.ComplaintFormat;
import org.leaktrace.ingest.FileIngest;
import org.leaktrace.job.Environments;
import org.leaktrace.job.ReplayJob;
import org.leaktrace.pipeline.CountingMap;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.sim.WorldSimulator;

/**
 * The floor: the replay's own file sources and parsers (CSV, timestamps, number normalization)
 * into discarding sinks, with the same record counter as the replay.
 *
 * <p>Whatever the full pipeline costs beyond this is detection, not I/O or parsing.
 */
final class FloorBench {
    private FloorBench() {}

    static Measurement run(WorldInfo world, int parallelism) throws Exception {
        double load = JobRuns.loadAverage();
        StreamExecutionEnvironment env = Environments.create(parallelism, Environments.failFast());
        var calls = FileIngest.calls(env, world.dir().resolve(WorldSimulator.CDR).toString(), "CN");
        var complaints = FileIngest.complaints(env, world.dir().resolve(WorldSimulator.COMPLAINTS).toString(), "CN",
                ComplaintFormat.CONTRACT);
        calls.records().map(new CountingMap<CallRecord>(ReplayJob.RECORDS_READ)).returns(CallRecordSerializer.TYPE)
                .name("count-cdr")
                .sinkTo(new DiscardingSink<>()).uid("discard-cdr").name("discard-cdr");
        complaints.records().map(new CountingMap<Complaint>(ReplayJob.RECORDS_READ)).returns(Complaint.class)
                .name("count-complaints")
                .sinkTo(new DiscardingSink<>()).uid("discard-complaints").name("discard-complaints");
        calls.deadLetters().union(complaints.deadLetters())
                .map(new CountingMap<DeadLetter>(ReplayJob.DEAD_LETTERS)).returns(DeadLetter.class)
                .name("count-dead-letters")
                .sinkTo(new DiscardingSink<>()).uid("discard-dead-letters").name("discard-dead-letters");
        double cpu = JobRuns.processCpuSeconds();
        JobExecutionResult r = env.execute("leaktrace-bench-floor");
        cpu = JobRuns.cpuSince(cpu);
        return new Measurement(BenchMode.FLOOR, world, JobRuns.count(r, ReplayJob.RECORDS_READ), JobRuns.seconds(r),
                Runtime.getRuntime().availableProcessors(), 0, -1, load, cpu);
    }
}
