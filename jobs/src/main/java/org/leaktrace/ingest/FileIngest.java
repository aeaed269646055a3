package org.leaktrace.ingest;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.Organization;

/**
 * Bounded file sources for the replay pipeline: each turns one CSV file (plain or {@code .gz}) into
 * typed records plus dead letters.
 *
 * <p>A file is read by a single source subtask (a CSV file with quoted line breaks cannot be
 * split), and rows are then spread round-robin over the parsing subtasks, where the work is (number
 * normalization, timestamp parsing). Each parsing subtask sees a subsequence of the file, so the
 * file's near-time-order survives for the pipeline's bounded-out-of-orderness watermarks.
 *
 * <p>The records carry no timestamps or watermarks: the pipeline assigns them with {@link
 * LeakTraceWatermarks}, the same way for file and Kafka input.
 */
public final class FileIngest {

    public static final String CDR_SOURCE = "cdr-file-source";
    public static final String CDR_PARSE = "parse-cdr";
    public static final String COMPLAINTS_SOURCE = "complaints-file-source";
    public static final String COMPLAINTS_PARSE = "parse-complaints";
    public static final String ORGANIZATIONS_SOURCE = "organizations-file-source";
    public static final String ORGANIZATIONS_PARSE = "parse-organizations";

    private FileIngest() {}

    /** Calls and SMS from a contract {@code cdr.csv}. */
    public static Ingested<CallRecord> calls(
            StreamExecutionEnvironment env, String file, String region) {
        return ingest(env, file, new CdrRowParser(region), CDR_SOURCE, CDR_PARSE);
    }

    /**
     * Complaints from a contract {@code complaints.csv} or an FTC Do Not Call file. For {@link
     * ComplaintFormat#FTC_DNC} numbers are always read as US numbers and {@code region} is unused.
     */
    public static Ingested<Complaint> complaints(
            StreamExecutionEnvironment env, String file, String region, ComplaintFormat format) {
        return ingest(env, file, format.parser(region), COMPLAINTS_SOURCE, COMPLAINTS_PARSE);
    }

    /** Directory entries from a contract {@code organizations.csv}, all with deleted=false. */
    public static Ingested<Organization> organizations(
            StreamExecutionEnvironment env, String file, String region) {
        return ingest(
                env,
                file,
                new OrganizationRowParser(region),
                ORGANIZATIONS_SOURCE,
                ORGANIZATIONS_PARSE);
    }

    private static <T extends SpecificRecordBase> Ingested<T> ingest(
            StreamExecutionEnvironment env,
            String file,
            RowParser<T> parser,
            String sourceId,
            String parseId) {
        Path path = new Path(file);
        FileSource<CsvRow> source =
                FileSource.forRecordStreamFormat(
                                new CsvRowFormat(path.getName(), parser.columns()), path)
                        .build();
        DataStream<CsvRow> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), sourceId)
                        .uid(sourceId)
                        .name(sourceId)
                        .setParallelism(1);
        SingleOutputStreamOperator<T> records =
                rows.rebalance()
                        .process(new ParseRowsFunction<>(parser))
                        .uid(parseId)
                        .name(parseId);
        return new Ingested<>(records, records.getSideOutput(DeadLetters.TAG));
    }
}
