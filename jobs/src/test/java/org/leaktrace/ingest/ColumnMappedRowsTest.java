package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

class ColumnMappedRowsTest {

    private static final String[] COLUMNS = {"id", "number", "note"};

    private static List<CsvRow> read(String csv) throws IOException {
        List<CsvRow> rows = new ArrayList<>();
        try (ColumnMappedRows reader =
                new ColumnMappedRows("x.csv", COLUMNS, new StringReader(csv))) {
            for (CsvRow row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void columnsAreMappedByNameWhateverTheirOrder() throws IOException {
        assertEquals(
                List.of(CsvRow.of("x.csv", 2, "n1,7,95588", "7", "95588", "n1")),
                read("note , ID,Number\nn1,7,95588\n"));
    }

    @Test
    void extraColumnsAreIgnoredAndAbsentOnesAreNull() throws IOException {
        assertEquals(
                List.of(CsvRow.of("x.csv", 2, "7,zz,95588", "7", "95588", null)),
                read("id,extra,number\n7,zz,95588\n"));
    }

    @Test
    void wrongColumnCount() throws IOException {
        assertEquals(
                List.of(
                        CsvRow.malformed("x.csv", 2, "1,2", "wrong column count: 2, header has 3"),
                        CsvRow.of("x.csv", 3, "1,2,3", "1", "2", "3")),
                read("id,number,note\n1,2\n1,2,3\n"));
    }

    @Test
    void malformedRowKeepsItsLine() throws IOException {
        assertEquals(
                List.of(
                        CsvRow.malformed("x.csv", 2, "1,2\"x,3", "stray quote in unquoted field 2"),
                        CsvRow.of("x.csv", 3, "4,5,6", "4", "5", "6")),
                read("id,number,note\n1,2\"x,3\n4,5,6\n"));
    }

    @Test
    void unreadableHeaderMakesEveryRowADeadLetter() throws IOException {
        assertEquals(
                List.of(
                        CsvRow.malformed(
                                "x.csv",
                                1,
                                "id,num\"ber,note",
                                "unreadable header: stray quote in unquoted field 2"),
                        CsvRow.malformed("x.csv", 2, "1,2,3", "no usable header (line 1)")),
                read("id,num\"ber,note\n1,2,3\n"));
    }

    @Test
    void emptyFileAndHeaderOnlyFileHaveNoRows() throws IOException {
        assertEquals(List.of(), read(""));
        assertEquals(List.of(), read("id,number,note\n"));
    }
}
