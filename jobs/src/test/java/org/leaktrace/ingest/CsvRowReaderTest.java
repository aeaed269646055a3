package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class CsvRowReaderTest {

    private static List<CsvRowReader.Row> readAll(String text) throws IOException {
        return readAll(new CsvRowReader(new StringReader(text)));
    }

    private static List<CsvRowReader.Row> readAll(CsvRowReader reader) throws IOException {
        List<CsvRowReader.Row> rows = new ArrayList<>();
        for (CsvRowReader.Row row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }

    private static CsvRowReader.Row ok(long line, String raw, String... fields) {
        return new CsvRowReader.Row(line, raw, List.of(fields), null);
    }

    private static CsvRowReader.Row error(long line, String raw, String error) {
        return new CsvRowReader.Row(line, raw, List.of(), error);
    }

    @Test
    void plainRowsWithLineNumbers() throws IOException {
        assertEquals(
                List.of(ok(1, "a,b,c", "a", "b", "c"), ok(2, "1,,3", "1", "", "3")),
                readAll("a,b,c\n1,,3\n"));
    }

    @Test
    void quotedFieldsWithCommasAndDoubledQuotes() throws IOException {
        assertEquals(
                List.of(ok(1, "\"x, y\",\"say \"\"hi\"\"\",\"\"", "x, y", "say \"hi\"", "")),
                readAll("\"x, y\",\"say \"\"hi\"\"\",\"\"\n"));
    }

    @Test
    void quotedNewlinesKeepPhysicalLineNumbers() throws IOException {
        String text = "h1,h2\n\"two\nlines\",b\r\n\"three\r\nline\nfield\",c\nlast,d";
        assertEquals(
                List.of(
                        ok(1, "h1,h2", "h1", "h2"),
                        ok(2, "\"two\nlines\",b", "two\nlines", "b"),
                        ok(4, "\"three\r\nline\nfield\",c", "three\r\nline\nfield", "c"),
                        ok(7, "last,d", "last", "d")),
                readAll(text));
    }

    @Test
    void crlfLoneCrAndMissingFinalNewline() throws IOException {
        assertEquals(
                List.of(ok(1, "a,b", "a", "b"), ok(2, "c,d", "c", "d"), ok(3, "e,f", "e", "f")),
                readAll("a,b\r\nc,d\re,f"));
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        assertEquals(
                List.of(ok(1, "record_id,type", "record_id", "type"), ok(2, "r1,SMS", "r1", "SMS")),
                readAll("\uFEFFrecord_id,type\nr1,SMS\n"));
    }

    @Test
    void emptyLinesAreSkippedButCounted() throws IOException {
        assertEquals(List.of(ok(1, "a", "a"), ok(4, "b", "b")), readAll("a\n\n\r\nb\n\n"));
    }

    @Test
    void trailingCommaMeansTrailingEmptyField() throws IOException {
        assertEquals(List.of(ok(1, "a,", "a", "")), readAll("a,\n"));
    }

    @Test
    void emptyInput() throws IOException {
        assertEquals(List.of(), readAll(""));
        assertEquals(List.of(), readAll("\uFEFF"));
    }

    @Test
    void strayQuoteInUnquotedFieldSkipsToNextLine() throws IOException {
        assertEquals(
                List.of(
                        ok(1, "a,b", "a", "b"),
                        error(2, "x,ab\"c,d", "stray quote in unquoted field 2"),
                        ok(3, "e,f", "e", "f")),
                readAll("a,b\nx,ab\"c,d\ne,f\n"));
    }

    @Test
    void textAfterClosingQuoteSkipsToNextLine() throws IOException {
        assertEquals(
                List.of(
                        error(
                                1,
                                "\"ab\"c,d",
                                "unexpected character 'c' after closing quote in field 1"),
                        ok(2, "e,f", "e", "f")),
                readAll("\"ab\"c,d\ne,f\n"));
    }

    @Test
    void unclosedQuoteAtEndOfFileRecoversAtTheNextLine() throws IOException {
        String text = "h1,h2\nok,1\n\"broken,2\nlater,3\n\"quoted\",4\nlast,5\n";
        assertEquals(
                List.of(
                        ok(1, "h1,h2", "h1", "h2"),
                        ok(2, "ok,1", "ok", "1"),
                        // The open quote swallows lines 4 and 5 until the quote on line 5
                        // closes it and is followed by text; lines 4 and 5 are read again.
                        error(3, "\"broken,2", "unclosed quote in field 1"),
                        ok(4, "later,3", "later", "3"),
                        ok(5, "\"quoted\",4", "quoted", "4"),
                        ok(6, "last,5", "last", "5")),
                readAll(text));
    }

    @Test
    void unclosedQuoteInLastFieldOfLastLine() throws IOException {
        assertEquals(
                List.of(ok(1, "a,b", "a", "b"), error(2, "c,\"d", "unclosed quote in field 2")),
                readAll("a,b\nc,\"d"));
    }

    @Test
    void unclosedQuoteClosedOnALaterLineRecoversAtTheNextLine() throws IOException {
        // Line 2's open quote is "closed" by the quote on line 3, followed by y: line 2 is the
        // bad row, and line 3 is read again on its own (where the same quote opens a field that
        // the end of the file leaves open).
        assertEquals(
                List.of(
                        ok(1, "a,b", "a", "b"),
                        error(2, "\"x", "unclosed quote in field 1"),
                        error(3, "b,\"y", "unclosed quote in field 2"),
                        ok(4, "c,d", "c", "d")),
                readAll("a,b\n\"x\nb,\"y\nc,d\n"));
    }

    @Test
    void quoteOpenForTooManyLinesIsReportedBeforeEndOfFile() throws IOException {
        StringBuilder text = new StringBuilder("\"open,1\n");
        for (int i = 2; i <= 10; i++) {
            text.append("row").append(i).append(',').append(i).append('\n');
        }
        List<CsvRowReader.Row> rows =
                readAll(new CsvRowReader(new StringReader(text.toString()), 4, 1000));
        assertEquals(
                error(1, "\"open,1", "unclosed quote in field 1 (not closed within 4 lines)"),
                rows.get(0));
        assertEquals(10, rows.size());
        for (int i = 2; i <= 10; i++) {
            assertEquals(ok(i, "row" + i + "," + i, "row" + i, String.valueOf(i)), rows.get(i - 1));
        }
    }

    @Test
    void twoUnclosedQuotesInARowBothRecover() throws IOException {
        String text = "\"a\nb\n\"c\nd\n";
        assertEquals(
                List.of(
                        error(1, "\"a", "unclosed quote in field 1"),
                        ok(2, "b", "b"),
                        error(3, "\"c", "unclosed quote in field 1"),
                        ok(4, "d", "d")),
                readAll(text));
    }

    @Test
    void overlongUnquotedRowIsRejectedAndSkipped() throws IOException {
        String text = "a,b\n" + "x".repeat(50) + "\nc,d\n";
        List<CsvRowReader.Row> rows = readAll(new CsvRowReader(new StringReader(text), 64, 20));
        assertEquals(3, rows.size());
        assertEquals("row longer than 20 characters", rows.get(1).error());
        assertEquals(2, rows.get(1).line());
        assertEquals(ok(3, "c,d", "c", "d"), rows.get(2));
    }

    /**
     * Rows cut whole from the buffer are the rows read character by character. A reader handing
     * out one character at a time never leaves a whole row in the buffer, so it reads every row
     * the careful way; read whole, the same text has most of its rows cut out.
     */
    @Test
    void rowsCutFromTheBufferEqualRowsReadCharacterByCharacter() throws IOException {
        Random random = new Random(20261205L);
        String alphabet = "ab1,,,\"\n\r é";
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder(round % 5 == 0 ? "\uFEFF" : "");
            int length = random.nextInt(120);
            for (int i = 0; i < length; i++) {
                // Mostly plain rows, with now and then a quote or a lone CR among them.
                text.append(random.nextInt(4) == 0
                        ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : "abc,de,\n".charAt(random.nextInt(8)));
            }
            int maxRowChars = 1 + random.nextInt(30);
            String csv = text.toString();
            assertEquals(
                    readAll(new CsvRowReader(new OneCharAtATime(csv), 3, maxRowChars)),
                    readAll(new CsvRowReader(new StringReader(csv), 3, maxRowChars)),
                    csv);
        }
    }

    /** Rows on either side of the buffer's refills come out whole and on their own lines. */
    @Test
    void rowsAcrossBufferRefills() throws IOException {
        StringBuilder text = new StringBuilder();
        List<CsvRowReader.Row> expected = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            String raw = "row" + i + ",+8613800" + i + ",," + "x".repeat(i % 17);
            text.append(raw).append(i % 3 == 0 ? "\r\n" : "\n");
            expected.add(ok(i + 1, raw, raw.split(",", -1)));
        }
        List<CsvRowReader.Row> rows = readAll(text.toString());
        assertEquals(expected.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(expected.get(i), rows.get(i));
        }
    }

    /** A reader that hands out one character per read. */
    private static final class OneCharAtATime extends Reader {
        private final String text;
        private int next;

        OneCharAtATime(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] into, int offset, int length) {
            if (next >= text.length()) {
                return -1;
            }
            into[offset] = text.charAt(next++);
            return 1;
        }

        @Override
        public void close() {}
    }

    @Test
    void rowAccessors() throws IOException {
        CsvRowReader reader = new CsvRowReader(new StringReader("a\n"));
        CsvRowReader.Row row = reader.next();
        assertFalse(row.isError());
        assertNull(reader.next());
        assertNull(reader.next());
    }
}
