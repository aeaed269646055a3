package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.DeadLetter;

/**
 * Adversarial CSV files (see {@link AdversarialCsv}: truncated and overlong rows, a 1.1 MB row,
 * control characters, invalid UTF-8, year 9999 and 1969, negative and 40-digit values, unbalanced
 * quotes) through the real file sources on a MiniCluster at parallelism 2: the job finishes, every
 * good row is a record and every bad row exactly one dead letter at its line with its reason.
 */
class FileIngestFuzzITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long SEED = 20260301L;

    @Test
    void adversarialCdrFileGzipped(@TempDir Path dir) throws Exception {
        AdversarialCsv.Generated file = new AdversarialCsv(SEED).cdr(3_000, true);
        Path cdr = dir.resolve("cdr.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cdr))) {
            out.write(file.bytes());
        }
        StreamExecutionEnvironment env = environment();
        Ingested<CallRecord> in = FileIngest.calls(env, cdr.toString(), "CN");
        check("seed " + SEED + " cdr.csv.gz", file,
                in.records().map(r -> "R" + r.getRecordId()).returns(Types.STRING), in.deadLetters());
    }

    @Test
    void adversarialComplaintsFile(@TempDir Path dir) throws Exception {
        AdversarialCsv.Generated file = new AdversarialCsv(SEED + 1).complaints(2_000, true);
        Path complaints = dir.resolve("complaints.csv");
        Files.write(complaints, file.bytes());
        StreamExecutionEnvironment env = environment();
        Ingested<Complaint> in = FileIngest.complaints(env, complaints.toString(), "CN", ComplaintFormat.CONTRACT);
        check("seed " + (SEED + 1) + " complaints.csv", file,
                in.records().map(r -> "R" + r.getComplaintId()).returns(Types.STRING), in.deadLetters());
    }

    private static void check(String where, AdversarialCsv.Generated file, DataStream<String> ids,
            DataStream<DeadLetter> deadLetters) throws Exception {
        DataStream<String> tagged = ids.union(deadLetters
                .map(d -> "D" + d.getLine() + "\u0001" + d.getRaw().length() + "\u0001" + d.getReason())
                .returns(Types.STRING));
        List<String> records = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        try (CloseableIterator<String> it = tagged.executeAndCollect("ingest-fuzz")) {
            while (it.hasNext()) {
                String v = it.next();
                if (v.startsWith("R")) {
                    records.add(v.substring(1));
                } else {
                    String[] parts = v.substring(1).split("\u0001", 3);
                    dead.add(DeadLetter.newBuilder().setSource("f").setLine(Long.parseLong(parts[0]))
                            .setRaw("x".repeat(Math.min(1, Integer.parseInt(parts[1])))).setReason(parts[2]).build());
                }
            }
        }
        System.err.println(where + ": " + records.size() + " records, " + dead.size() + " dead letters");
        CsvIngestFuzzTest.assertDeadLetters(where, file, dead);
        assertEquals(file.goodIds().stream().sorted().toList(), records.stream().sorted().toList(),
                where + ": every good row once");
    }

    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }
}
