package org.leaktrace.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.avro.specific.SpecificRecordBase;
import org.leaktrace.ingest.CsvRow;
import org.leaktrace.ingest.CsvRowReader;
import org.leaktrace.ingest.InvalidRecordException;
import org.leaktrace.ingest.RowParser;

/**
 * Reads a contract CSV file (plain or .gz) in the client, row by row, with the ingest parsers.
 *
 * <p>The producer side of Kafka streaming: the same reader and parsers as the replay, so a row
 * rejected by {@code replay} is rejected here for the same reason. Columns are found by header
 * name (case and surrounding spaces ignored); a row whose cell count differs from the header's is
 * rejected, as in the replay.
 */
public final class CsvRecords {

    /** A row that could not be read. */
    public record BadRow(String file, long line, String reason) {
        @Override
        public String toString() {
            return file + " line " + line + ": " + reason;
        }
    }

    private CsvRecords() {}

    /**
     * Reads every row of {@code file}, handing records to {@code records} and unreadable rows to
     * {@code badRows}.
     *
     * @return the number of data rows read (good and bad)
     * @throws IOException if the file cannot be opened or read
     */
    public static <T extends SpecificRecordBase> long read(
            Path file, RowParser<T> parser, Consumer<T> records, Consumer<BadRow> badRows) throws IOException {
        String name = file.getFileName().toString();
        String[] columns = parser.columns();
        long rows = 0;
        try (CsvRowReader reader = new CsvRowReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            CsvRowReader.Row header = reader.next();
            if (header == null) {
                return 0;
            }
            if (header.isError()) {
                badRows.accept(new BadRow(name, header.line(), "unreadable header: " + header.error()));
                return 0;
            }
            int[] index = columnIndex(header.fields(), columns);
            for (CsvRowReader.Row row = reader.next(); row != null; row = reader.next()) {
                rows++;
                if (row.isError()) {
                    badRows.accept(new BadRow(name, row.line(), row.error()));
                    continue;
                }
                List<String> cells = row.fields();
                if (cells.size() != header.fields().size()) {
                    badRows.accept(new BadRow(name, row.line(), "wrong column count: " + cells.size()
                            + ", header has " + header.fields().size()));
                    continue;
                }
                String[] values = new String[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    values[i] = index[i] < 0 ? null : cells.get(index[i]);
                }
                try {
                    records.accept(parser.parse(CsvRow.of(name, row.line(), row.raw(), values)));
                } catch (InvalidRecordException e) {
                    badRows.accept(new BadRow(name, row.line(), e.reason()));
                }
            }
        }
        return rows;
    }

    private static int[] columnIndex(List<String> header, String[] columns) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            positions.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        int[] index = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            index[i] = positions.getOrDefault(columns[i].toLowerCase(Locale.ROOT), -1);
        }
        return index;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
