package org.leaktrace.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CSV file with a header and hands out its data rows with values in a requested column
 * order.
 *
 * <p>Shared by the Flink source ({@link CsvRowFormat}) and the client-side directory load ({@link
 * DirectoryFile}) so both see exactly the same rows and the same errors. Header names match without
 * regard to case or surrounding spaces. Every data row must have as many cells as the header: a row
 * with another count is shifted or cut, so no cell in it can be trusted.
 */
final class ColumnMappedRows implements Closeable {

    private final String file;
    private final String[] columns;
    private final CsvRowReader reader;

    private boolean headerRead;
    private int[] columnIndex;
    private int headerWidth;

    /** Set when the header itself is malformed: no data row can then be mapped. */
    private String headerProblem;

    ColumnMappedRows(String file, String[] columns, Reader in) {
        this.file = file;
        this.columns = columns.clone();
        this.reader = new CsvRowReader(in);
    }

    /** The next data row (possibly malformed), or null at the end of the file. */
    CsvRow next() throws IOException {
        if (!headerRead) {
            headerRead = true;
            CsvRowReader.Row header = reader.next();
            if (header == null) {
                return null;
            }
            if (header.isError()) {
                headerProblem = "no usable header (line " + header.line() + ")";
                return CsvRow.malformed(
                        file, header.line(), header.raw(), "unreadable header: " + header.error());
            }
            mapHeader(header.fields());
        }
        CsvRowReader.Row row = reader.next();
        if (row == null) {
            return null;
        }
        if (headerProblem != null) {
            return CsvRow.malformed(file, row.line(), row.raw(), headerProblem);
        }
        if (row.isError()) {
            return CsvRow.malformed(file, row.line(), row.raw(), row.error());
        }
        List<String> cells = row.fields();
        if (cells.size() != headerWidth) {
            return CsvRow.malformed(
                    file,
                    row.line(),
                    row.raw(),
                    "wrong column count: " + cells.size() + ", header has " + headerWidth);
        }
        String[] values = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = columnIndex[i] < 0 ? null : cells.get(columnIndex[i]);
        }
        return new CsvRow(file, row.line(), row.raw(), values, null);
    }

    private void mapHeader(List<String> names) {
        headerWidth = names.size();
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            positions.putIfAbsent(key(names.get(i)), i);
        }
        columnIndex = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            columnIndex[i] = positions.getOrDefault(key(columns[i]), -1);
        }
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
