package org.leaktrace.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a UTF-8 CSV file with a header as {@link CsvRow}s, for {@code
 * FileSource.forRecordStreamFormat(format, new Path(file))}.
 *
 * <p>Not splittable: a quoted field may hold line breaks, so a reader starting in the middle of the
 * file cannot know where a row begins. On recovery Flink reopens the file and skips the rows
 * already emitted, which also reproduces their line numbers. Files ending in {@code .gz} are
 * decompressed by the file source before they reach this format.
 */
public final class CsvRowFormat extends SimpleStreamFormat<CsvRow> {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String[] columns;

    /**
     * @param file the file name dead letters will carry (the source cannot see the path)
     * @param columns the columns to extract, in the order {@link CsvRow#fields} will hold them
     */
    public CsvRowFormat(String file, String... columns) {
        this.file = file;
        this.columns = columns.clone();
    }

    @Override
    public Reader<CsvRow> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        ColumnMappedRows rows =
                new ColumnMappedRows(
                        file, columns, new InputStreamReader(stream, StandardCharsets.UTF_8));
        return new Reader<>() {
            @Override
            public CsvRow read() throws IOException {
                return rows.next();
            }

            @Override
            public void close() throws IOException {
                rows.close();
            }
        };
    }

    @Override
    public TypeInformation<CsvRow> getProducedType() {
        return CsvRowSerializer.TYPE;
    }
}
