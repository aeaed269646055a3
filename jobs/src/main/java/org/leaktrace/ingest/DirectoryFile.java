package org.leaktrace.ingest;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.Organization;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the organization directory in the client, before the job starts.
 *
 * <p>The directory is small (thousands of rows) and every call must be checked against all of it
 * from the first record on; loading it up front lets the job start with the full directory in
 * broadcast state instead of racing the directory stream against the calls. Rows go through the
 * same reader and parser as {@link FileIngest#organizations}, so both reject the same rows for the
 * same reasons.
 */
public final class DirectoryFile {

    private DirectoryFile() {}

    /**
     * Reads a contract {@code organizations.csv}, plain or gzip-compressed ({@code .gz}), from any
     * file system Flink knows.
     *
     * @throws IOException if the file cannot be opened or read (bad rows are dead letters instead)
     */
    public static DirectoryLoad read(String file, String region) throws IOException {
        Path path = new Path(file);
        OrganizationRowParser parser = new OrganizationRowParser(region);
        List<Organization> organizations = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        try (ColumnMappedRows rows =
                new ColumnMappedRows(
                        path.getName(),
                        parser.columns(),
                        new InputStreamReader(open(path), StandardCharsets.UTF_8))) {
            for (CsvRow row = rows.next(); row != null; row = rows.next()) {
                Organization organization =
                        ParseRowsFunction.parseOrDeadLetter(parser, row, deadLetters::add);
                if (organization != null) {
                    organizations.add(organization);
                }
            }
        }
        return new DirectoryLoad(organizations, deadLetters);
    }

    private static InputStream open(Path path) throws IOException {
        FileSystem fs = path.getFileSystem();
        InputStream in = fs.open(path);
        return path.getName().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
