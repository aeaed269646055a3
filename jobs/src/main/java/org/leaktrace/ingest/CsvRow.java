package org.leaktrace.ingest;

import java.util.Arrays;
import java.util.Objects;

/**
 * One data row of a CSV file, its values arranged in the columns a parser asked for.
 *
 * <p>Travels between operators by {@link CsvRowSerializer}; its public fields and no-argument
 * constructor also make it a Flink POJO, so a stream that names it by class still avoids Kryo.
 * {@code fields[i]} holds the value of the parser's i-th column: the empty string for an empty
 * cell, null when the file's header has no such column. The header itself is never emitted; it
 * only decides where each column is, so files may order columns freely and carry extra ones.
 */
public class CsvRow {

    /** File name the row came from, as dead letters name it (e.g. {@code cdr.csv.gz}). */
    public String file;

    /** 1-based physical line where the row starts. */
    public long line;

    /** The row's text as read. */
    public String raw;

    /** Values in the requested column order; empty for a malformed row. */
    public String[] fields;

    /** Why the row cannot be read as CSV (bad quoting, wrong column count), or null. */
    public String error;

    public CsvRow() {}

    public CsvRow(String file, long line, String raw, String[] fields, String error) {
        this.file = file;
        this.line = line;
        this.raw = raw;
        this.fields = fields;
        this.error = error;
    }

    /** A well-formed row. */
    public static CsvRow of(String file, long line, String raw, String... fields) {
        return new CsvRow(file, line, raw, fields, null);
    }

    /** A row that cannot be read as CSV. */
    public static CsvRow malformed(String file, long line, String raw, String error) {
        return new CsvRow(file, line, raw, new String[0], error);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CsvRow other)) {
            return false;
        }
        return line == other.line
                && Objects.equals(file, other.file)
                && Objects.equals(raw, other.raw)
                && Arrays.equals(fields, other.fields)
                && Objects.equals(error, other.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, line, raw, Arrays.hashCode(fields), error);
    }

    @Override
    public String toString() {
        return "CsvRow{file="
                + file
                + ", line="
                + line
                + ", fields="
                + Arrays.toString(fields)
                + (error == null ? "" : ", error=" + error)
                + '}';
    }
}
