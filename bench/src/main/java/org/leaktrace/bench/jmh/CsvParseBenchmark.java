package org.leaktrace.bench.jmh;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import org.leaktrace.ingest.CdrRowParser;
import org.leaktrace.ingest.CsvRow;
import org.leaktrace.ingest.CsvRowReader;
import org.leaktrace.ingest.InvalidRecordException;
import org.leaktrace.schema.CallRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CSV ingest of cdr.csv rows: tokenizing alone ({@link CsvRowReader}), and tokenizing plus
 * {@link CdrRowParser} (timestamps, enums and two numbers normalized), per row.
 *
 * <p>The rows mimic the simulator's export: numbers in the four formats operators mix, offsets
 * on every timestamp, optional IMEI and cell.
 */
@State(Scope.Benchmark)
public class CsvParseBenchmark extends HotPathBenchmark {
    static final int ROWS = 10_000;

    private String csv;
    private final CdrRowParser parser = new CdrRowParser("CN");

    @Setup
    public void setUp() {
        csv = cdrCsv(ROWS);
    }

    /** A cdr.csv of {@code rows} rows, header first. */
    static String cdrCsv(int rows) {
        StringBuilder b = new StringBuilder(rows * 110);
        b.append(String.join(",", CdrRowParser.COLUMNS)).append('\n');
        String[] prefixes = {"+86", "", "0086", "86"};
        for (int i = 0; i < rows; i++) {
            String caller = prefixes[i % 4] + (13800000000L + (i * 7919L) % 99_999_999L);
            String callee = prefixes[(i + 1) % 4] + (13900000000L + (i * 104_729L) % 99_999_999L);
            b.append(String.format(Locale.ROOT, "R%08d,%s,%s,%s,2026-01-%02dT%02d:%02d:%02d+08:00,%d,%s,%s,%s%n",
                    i, i % 5 == 0 ? "SMS" : "VOICE", caller, callee, 5 + i % 20, i % 24, i % 60, (i * 7) % 60,
                    i % 5 == 0 ? 0 : i % 300, i % 3 != 0, i % 2 == 0 ? "86" + (1_000_000_000_000L + i) : "",
                    i % 2 == 0 ? "460-00-" + (i % 9000) : ""));
        }
        return b.toString();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void tokenize(Blackhole bh) throws IOException {
        try (CsvRowReader reader = new CsvRowReader(new StringReader(csv))) {
            for (CsvRowReader.Row row = reader.next(); row != null; row = reader.next()) {
                bh.consume(row);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void tokenizeAndParseCdr(Blackhole bh) throws IOException, InvalidRecordException {
        try (CsvRowReader reader = new CsvRowReader(new StringReader(csv))) {
            reader.next();
            for (CsvRowReader.Row row = reader.next(); row != null; row = reader.next()) {
                List<String> f = row.fields();
                CallRecord r = parser.parse(new CsvRow("cdr.csv", row.line(), row.raw(), f.toArray(new String[0]), null));
                bh.consume(r);
            }
        }
    }
}
