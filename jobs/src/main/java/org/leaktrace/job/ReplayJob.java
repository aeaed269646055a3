package org.leaktrace.job;

import java.time.ZoneId;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.leaktrace.ingest.CallRecordSerializer;
import org.leaktrace.ingest.ComplaintFormat;
import org.leaktrace.ingest.DirectoryFile;
import org.leaktrace.ingest.DirectoryLoad;
import org.leaktrace.ingest.FileIngest;
import org.leaktrace.ingest.Ingested;
import org.leaktrace.ingest.LeakTraceWatermarks;
import org.leaktrace.pipeline.CountingMap;
import org.leaktrace.pipeline.LeakTracePipeline;
import org.leaktrace.pipeline.PipelineInputs;
import org.leaktrace.pipeline.PipelineOutputs;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.Organization;
import org.leaktrace.sink.AlertJson;
import org.leaktrace.sink.DeadLetterPseudonyms;
import org.leaktrace.sink.JsonLinesFileSink;
import org.leaktrace.sink.Pseudonymizer;
import org.leaktrace.sink.es.ElasticsearchAccess;
import org.leaktrace.sink.es.ElasticsearchConfig;
import org.leaktrace.sink.es.ElasticsearchSink;
import org.leaktrace.sink.es.LeakTraceDocuments;

/**
 * Replays contract files through the detection pipeline in event time.
 *
 * <p>Wiring only: file sources and their dead letters, watermarks, {@link LeakTracePipeline},
 * and the two JSON Lines sinks (plus the Elasticsearch sinks with {@code --es}). The directory is read in the client first so that every call is
 * judged against the full directory, whatever order the sources start in.
 */
public final class ReplayJob {
    public static final String RECORDS_READ = "records-read";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String ALERTS_WRITTEN = "alerts-written";
    public static final String SUSPICIONS_WRITTEN = "suspicions-written";
    public static final String LATE_RECORDS = "late-records";

    private ReplayJob() {}

    /** Adds the replay to {@code env}. */
    public static void build(StreamExecutionEnvironment env, ReplayConfig cfg) throws java.io.IOException {
        DirectoryLoad directory = DirectoryFile.read(cfg.organizations(), cfg.region());

        DataStream<CallRecord> calls;
        DataStream<DeadLetter> deadLetters;
        if (cfg.cdr() != null) {
            Ingested<CallRecord> cdr = FileIngest.calls(env, cfg.cdr(), cfg.region());
            calls = cdr.records();
            deadLetters = cdr.deadLetters();
        } else {
            calls = EmptyStreams.of(env, CallRecordSerializer.TYPE, "no-cdr");
            deadLetters = EmptyStreams.of(env, TypeInformation.of(DeadLetter.class), "no-cdr-dead-letters");
        }
        Ingested<Complaint> complaints =
                FileIngest.complaints(env, cfg.complaints(), cfg.region(), cfg.complaintsFormat());
        // One key for the alerts and the dead letters: a run without a configured key draws one.
        Pseudonymizer pseudonymizer = cfg.keys().pseudonymizer();
        DataStream<DeadLetter> subscribersRows = cfg.complaintsFormat() == ComplaintFormat.CONTRACT
                ? deadLetters.union(complaints.deadLetters())
                : deadLetters;
        deadLetters = subscribersRows
                .map(new DeadLetterPseudonyms(pseudonymizer, cfg.region())).returns(DeadLetter.class)
                .name("dead-letter-pseudonyms");
        if (cfg.complaintsFormat() != ComplaintFormat.CONTRACT) {
            // The FTC export names no subscriber: its rows hold businesses' numbers and area codes.
            deadLetters = deadLetters.union(complaints.deadLetters());
        }
        if (!directory.deadLetters().isEmpty()) {
            deadLetters = deadLetters.union(env.fromData(directory.deadLetters(), TypeInformation.of(DeadLetter.class))
                    .name("organizations-dead-letters"));
        }

        DataStream<CallRecord> timedCalls = calls
                .map(new CountingMap<CallRecord>(RECORDS_READ)).returns(CallRecordSerializer.TYPE).name("count-cdr")
                .assignTimestampsAndWatermarks(LeakTraceWatermarks.calls(
                        cfg.detection().outOfOrderness(), cfg.detection().idleness()))
                .uid("cdr-watermarks").name("cdr-watermarks")
                .process(new LateRecordCounter<>(CallRecordSerializer.TYPE)).name("count-late-cdr");
        DataStream<Complaint> timedComplaints = complaints.records()
                .map(new CountingMap<Complaint>(RECORDS_READ)).returns(Complaint.class).name("count-complaints")
                .assignTimestampsAndWatermarks(LeakTraceWatermarks.complaints(
                        cfg.detection().outOfOrderness(), cfg.detection().idleness()))
                .uid("complaints-watermarks").name("complaints-watermarks")
                .process(new LateRecordCounter<>(TypeInformation.of(Complaint.class))).name("count-late-complaints");
        // The whole directory is known up front in a replay; updates only happen in streaming.
        DataStream<Organization> noUpdates =
                EmptyStreams.of(env, TypeInformation.of(Organization.class), "no-directory-updates");

        PipelineOutputs out = LeakTracePipeline.build(
                new PipelineInputs(timedCalls, timedComplaints, noUpdates, directory.organizations()),
                cfg.detection(),
                pseudonymizer);

        ZoneId zone = cfg.zone();
        DataStream<String> suspicionLines = out.suspicions()
                .map(new CountingMap<>(SUSPICIONS_WRITTEN)).returns(out.suspicions().getType())
                .name("count-suspicions")
                .map(s -> AlertJson.suspicion(s, zone)).returns(Types.STRING).name("suspicion-json");
        DataStream<String> callerLines = out.callerAlerts()
                .map(a -> AlertJson.callerAlert(a, zone)).returns(Types.STRING).name("caller-alert-json");
        suspicionLines.union(callerLines)
                .map(new CountingMap<String>(ALERTS_WRITTEN)).returns(Types.STRING).name("count-alerts")
                .setParallelism(1)
                .sinkTo(new JsonLinesFileSink(cfg.out())).setParallelism(1)
                .uid("alerts-file-sink").name("alerts-file-sink");

        if (cfg.elasticsearch() != null) {
            addElasticsearchSinks(out, elasticsearchConfig(cfg), zone);
        }

        deadLetters
                .map(new CountingMap<DeadLetter>(DEAD_LETTERS)).returns(DeadLetter.class).name("count-dead-letters")
                .map(AlertJson::deadLetter).returns(Types.STRING).name("dead-letter-json")
                .setParallelism(1)
                .sinkTo(new JsonLinesFileSink(cfg.deadLetters())).setParallelism(1)
                .uid("dead-letters-file-sink").name("dead-letters-file-sink");
    }

    /** The sink settings for {@code --es URL}: defaults, API key from the environment. */
    static ElasticsearchConfig elasticsearchConfig(ReplayConfig cfg) {
        return ElasticsearchAccess.FROM_ENVIRONMENT.configFor(cfg.elasticsearch(), System::getenv);
    }

    /** Also indexes suspicions (with campaigns and evidence) and caller alerts into Elasticsearch. */
    static void addElasticsearchSinks(PipelineOutputs out, ElasticsearchConfig es, ZoneId zone) {
        out.suspicions()
                .sinkTo(new ElasticsearchSink<>(es, LeakTraceDocuments.suspicions(es.indexPrefix(), zone)))
                .uid("suspicions-elasticsearch-sink").name("suspicions-elasticsearch-sink");
        out.callerAlerts()
                .sinkTo(new ElasticsearchSink<>(es, LeakTraceDocuments.callerAlerts(es.indexPrefix(), zone)))
                .uid("caller-alerts-elasticsearch-sink").name("caller-alerts-elasticsearch-sink");
    }

    /** Runs a replay to completion, reporting progress, and returns its summary. */
    public static RunSummary run(ReplayConfig cfg, ProgressReporter progress) throws Exception {
        StreamExecutionEnvironment env = Environments.create(cfg.parallelism(), Environments.failFast());
        build(env, cfg);
        long started = System.nanoTime();
        JobClient client = env.executeAsync("leaktrace-replay");
        return progress.await(client, started);
    }
}
