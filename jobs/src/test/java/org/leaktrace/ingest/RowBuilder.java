package org.leaktrace.ingest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link CsvRow} for a parser's columns, by column name, for parser tests. */
final class RowBuilder {

    private final String file;
    private final List<String> columns;
    private final Map<String, String> values = new LinkedHashMap<>();
    private long line = 2;

    private RowBuilder(String file, String[] columns) {
        this.file = file;
        this.columns = Arrays.asList(columns);
    }

    static RowBuilder forColumns(String file, String[] columns) {
        return new RowBuilder(file, columns);
    }

    RowBuilder set(String column, String value) {
        if (!columns.contains(column)) {
            throw new IllegalArgumentException("no column " + column);
        }
        values.put(column, value);
        return this;
    }

    /** Marks a column as absent from the file's header. */
    RowBuilder absent(String column) {
        return set(column, null);
    }

    RowBuilder line(long line) {
        this.line = line;
        return this;
    }

    CsvRow build() {
        String[] fields = new String[columns.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = values.getOrDefault(columns.get(i), "");
        }
        String raw = String.join(",", Arrays.stream(fields).map(f -> f == null ? "" : f).toList());
        return CsvRow.of(file, line, raw, fields);
    }
}
