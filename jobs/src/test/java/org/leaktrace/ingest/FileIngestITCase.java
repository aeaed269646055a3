package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.leaktrace.schema.CallType;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.DeadLetter;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/** Runs the file sources on a MiniCluster: gzip, column order, mixed numbers, broken rows. */
class FileIngestITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Instant T0 = Instant.parse("2026-03-01T09:15:00+08:00");

    /** The file's header: contract columns in another order, plus one the parser ignores. */
    private static final String[] HEADER = {
        "start_time",
        "record_id",
        "type",
        "caller",
        "callee",
        "duration_s",
        "answered",
        "cell_id",
        "caller_imei",
        "note"
    };

    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    /** Writes CSV text and remembers on which physical line each written row starts. */
    private static final class CdrFileWriter {
        private final StringBuilder text = new StringBuilder();
        private long nextLine = 1;

        long rawLine(String line) {
            long start = nextLine;
            text.append(line).append("\r\n");
            nextLine += 1 + line.chars().filter(c -> c == '\n').count();
            return start;
        }

        long call(
                String id,
                String type,
                String caller,
                String callee,
                Instant start,
                int duration,
                String note) {
            return rawLine(
                    String.join(
                            ",",
                            start.atOffset(ZoneOffset.ofHours(8)).toString(),
                            id,
                            type,
                            caller,
                            callee,
                            Integer.toString(duration),
                            Boolean.toString(duration > 0),
                            "\"460-00-42,7\"",
                            "",
                            note));
        }

        String text() {
            return text.toString();
        }
    }

    private static CallRecord record(
            String id, CallType type, String caller, String callee, Instant start, int duration) {
        return CallRecord.newBuilder()
                .setRecordId(id)
                .setType(type)
                .setCaller(caller)
                .setCallee(callee)
                .setStartTime(start)
                .setDurationS(duration)
                .setAnswered(duration > 0)
                .setCallerImei(null)
                .setCellId("460-00-42,7")
                .build();
    }

    private static DeadLetter deadLetter(long line, String reason, String raw) {
        return DeadLetter.newBuilder()
                .setSource("cdr.csv.gz")
                .setLine(line)
                .setReason(reason)
                .setRaw(raw)
                .build();
    }

    @Test
    void gzippedCdrFileGivesNormalizedRecordsAndExactDeadLetters(@TempDir Path dir)
            throws Exception {
        CdrFileWriter file = new CdrFileWriter();
        file.rawLine(String.join(",", HEADER));
        List<CallRecord> expectedRecords = new ArrayList<>();
        List<DeadLetter> expectedDead = new ArrayList<>();
        String victim = "+8613812345678";

        file.call("r1", "VOICE", "+8613912345678", "13812345678", T0, 12, "");
        expectedRecords.add(record("r1", CallType.VOICE, "+8613912345678", victim, T0, 12));
        file.call("r2", "SMS", "008613912345678", "8613812345678", T0.plusSeconds(60), 0, "");
        expectedRecords.add(
                record("r2", CallType.SMS, "+8613912345678", victim, T0.plusSeconds(60), 0));
        file.call(
                "r3",
                "VOICE",
                "\"010 8888 1234\"",
                "\"(+86) 138-1234-5678\"",
                T0.plusSeconds(120),
                30,
                "\"a, b\"");
        expectedRecords.add(
                record("r3", CallType.VOICE, "+861088881234", victim, T0.plusSeconds(120), 30));

        String abc = "2026-03-01T09:18+08:00,r4,VOICE,+8613912345678,abc,0,false,\"460-00-42,7\",,";
        expectedDead.add(
                deadLetter(
                        file.rawLine(abc),
                        "unparseable number in callee: 'abc' (letters in number)",
                        abc));

        file.call(
                "r5",
                "VOICE",
                "13912345678",
                "+86 138 1234 5678",
                T0.plusSeconds(240),
                5,
                "\"line one\nline two\"");
        expectedRecords.add(
                record("r5", CallType.VOICE, "+8613912345678", victim, T0.plusSeconds(240), 5));

        String short7 = "2026-03-01T09:20+08:00,r6,VOICE,13912345678,13812345678,0,false";
        expectedDead.add(
                deadLetter(file.rawLine(short7), "wrong column count: 7, header has 10", short7));

        String fax = "2026-03-01T09:21+08:00,r7,FAX,13912345678,13812345678,0,false,,,";
        expectedDead.add(deadLetter(file.rawLine(fax), "unknown type 'FAX'", fax));

        file.call("r8", "SMS", "1069012345678", "13812345678", T0.plusSeconds(420), 0, "");
        expectedRecords.add(
                record("r8", CallType.SMS, "+861069012345678", victim, T0.plusSeconds(420), 0));

        String negative = "2026-03-01T09:23+08:00,r9,VOICE,13912345678,13812345678,-5,true,,,";
        expectedDead.add(deadLetter(file.rawLine(negative), "negative duration_s -5", negative));

        String stray = "2026-03-01T09:24+08:00,r10,VOICE,139\"12345678,13812345678,0,false,,,";
        expectedDead.add(deadLetter(file.rawLine(stray), "stray quote in unquoted field 4", stray));

        file.call("r11", "VOICE", "95588", "13812345678", T0.plusSeconds(600), 40, "");
        expectedRecords.add(
                record("r11", CallType.VOICE, "+8695588", victim, T0.plusSeconds(600), 40));

        String year = "9999-03-01T09:26+08:00,r12,VOICE,13912345678,13812345678,0,false,,,";
        expectedDead.add(
                deadLetter(
                        file.rawLine(year),
                        "year 9999 out of range 1970..2100 in start_time",
                        year));

        String open = "2026-03-01T09:27+08:00,r13,VOICE,13912345678,\"13812345678,0,false,,,";
        expectedDead.add(deadLetter(file.rawLine(open), "unclosed quote in field 5", open));

        file.call("r14", "VOICE", "8613912345678", "138 1234 5678", T0.plusSeconds(780), 9, "");
        expectedRecords.add(
                record("r14", CallType.VOICE, "+8613912345678", victim, T0.plusSeconds(780), 9));

        Path cdr = dir.resolve("cdr.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cdr));
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            writer.write(file.text());
        }

        StreamExecutionEnvironment env = environment();
        Ingested<CallRecord> ingested = FileIngest.calls(env, cdr.toString(), "CN");
        Set<String> collected = collectTagged(ingested.records(), ingested.deadLetters());

        Set<String> expected = new HashSet<>();
        expectedRecords.forEach(r -> expected.add("R" + r));
        expectedDead.forEach(d -> expected.add("D" + d));
        assertEquals(expected, collected);
        assertEquals(expectedRecords.size() + expectedDead.size(), collected.size());
    }

    @Test
    void realFtcFileThroughTheFileSource() throws Exception {
        StreamExecutionEnvironment env = environment();
        Ingested<Complaint> ingested =
                FileIngest.complaints(
                        env, FtcDncFileTest.FILE.toString(), "CN", ComplaintFormat.FTC_DNC);
        DataStream<String> tagged =
                ingested.records()
                        .map(c -> "R")
                        .returns(Types.STRING)
                        .union(
                                ingested.deadLetters()
                                        .map(d -> "D" + d.getLine())
                                        .returns(Types.STRING));
        int records = 0;
        Set<Long> deadLines = new HashSet<>();
        try (CloseableIterator<String> it = tagged.executeAndCollect("ftc-ingest")) {
            while (it.hasNext()) {
                String value = it.next();
                if (value.equals("R")) {
                    records++;
                } else {
                    deadLines.add(Long.parseLong(value.substring(1)));
                }
            }
        }
        assertEquals(FtcDncFileTest.ROWS, records + deadLines.size());
        assertEquals(FtcDncFileTest.linesWithBadNumbers(), deadLines);
    }

    private static Set<String> collectTagged(
            DataStream<CallRecord> records, DataStream<DeadLetter> deadLetters) throws Exception {
        DataStream<String> tagged =
                records.map(r -> "R" + r)
                        .returns(Types.STRING)
                        .union(deadLetters.map(d -> "D" + d).returns(Types.STRING));
        Set<String> out = new HashSet<>();
        try (CloseableIterator<String> it = tagged.executeAndCollect("cdr-ingest")) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
