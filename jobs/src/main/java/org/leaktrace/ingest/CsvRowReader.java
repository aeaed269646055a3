package org.leaktrace.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A streaming RFC 4180 reader that never gives up on a file because of one bad row.
 *
 * <p>Fields may be quoted; quoted fields may hold commas, doubled quotes and line breaks. Rows end
 * with CRLF, LF or a lone CR. A UTF-8 byte order mark at the start is skipped, and so are empty
 * lines (exports often end with one). Every row carries the 1-based physical line where it starts
 * and its raw text, so a dead letter can point an operator at the exact place.
 *
 * <p>A malformed row comes back as an error row rather than an exception, and reading resumes at
 * the next physical line:
 *
 * <ul>
 *   <li>a quote inside an unquoted field, or text after a closing quote: the rest of that line is
 *       skipped;
 *   <li>a quote that is never closed: a streaming reader only learns this at the end of the file,
 *       when the quoted field runs past {@code maxLinesPerRow} lines or {@code maxRowChars}
 *       characters, or when a quote on a later line "closes" it and is followed by text. The row is
 *       reported with its first line as raw text, and everything it swallowed after that line is
 *       read again as ordinary rows, so the limits also bound how much text is held for re-reading.
 * </ul>
 */
public final class CsvRowReader implements Closeable {

    /** A quoted field spanning more lines than this is taken for an unclosed quote. */
    public static final int DEFAULT_MAX_LINES_PER_ROW = 64;

    /** A row longer than this many characters is rejected without being held in memory. */
    public static final int DEFAULT_MAX_ROW_CHARS = 1 << 20;

    /**
     * One row as read.
     *
     * @param line 1-based physical line where the row starts
     * @param raw the row's text without its final line break (for an unclosed quote, its first line
     *     only)
     * @param fields the unquoted field values; empty for an error row
     * @param error why the row is malformed, or null for a well-formed row
     */
    public record Row(long line, String raw, List<String> fields, String error) {

        public Row {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(fields, "fields");
        }

        public boolean isError() {
            return error != null;
        }
    }

    private static final int EOF = -1;
    private static final char BOM = '\uFEFF';

    private final Reader in;
    private final int maxLinesPerRow;
    private final int maxRowChars;
    /** Large enough that few rows straddle a refill and miss {@link #plainRowInBuffer}. */
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;

    /** Text already consumed that must be read again (after an unclosed quote). */
    private String replay;

    private int replayPosition;

    private boolean started;

    /** Physical line of the next character to be read. */
    private long nextLine = 1;

    public CsvRowReader(Reader in) {
        this(in, DEFAULT_MAX_LINES_PER_ROW, DEFAULT_MAX_ROW_CHARS);
    }

    public CsvRowReader(Reader in, int maxLinesPerRow, int maxRowChars) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxLinesPerRow < 1 || maxRowChars < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxLinesPerRow = maxLinesPerRow;
        this.maxRowChars = maxRowChars;
    }

    /** The next row, well-formed or not, or null at the end of the input. */
    public Row next() throws IOException {
        int c = firstCharOfRow();
        if (c == EOF) {
            return null;
        }
        Row plain = c == '"' ? null : plainRowInBuffer();
        return plain != null ? plain : readRow(c);
    }

    /**
     * The row just begun, cut from the buffer when it lies there whole, ends in a line break and
     * holds no quote; null otherwise, having consumed nothing more.
     *
     * <p>Nearly every row of a CDR export is such a row. Cut out, its text and fields are copied
     * once each; read character by character into two builders they were a tenth of a replay's
     * CPU samples. Anything else (a quote, a row at the end of the buffer or the file, a row
     * longer than {@code maxRowChars}, text read again after an unclosed quote) goes the careful
     * way, which gives the same row.
     */
    private Row plainRowInBuffer() throws IOException {
        if (replay != null) {
            // The row's first character came from the text being read again, not the buffer.
            return null;
        }
        int start = position - 1;
        int end = position;
        while (end < limit) {
            char ch = buffer[end];
            if (ch == '\n' || ch == '\r') {
                break;
            }
            if (ch == '"') {
                return null;
            }
            end++;
        }
        if (end >= limit || end - start > maxRowChars) {
            return null;
        }
        String raw = new String(buffer, start, end - start);
        List<String> fields = new ArrayList<>(16);
        int from = 0;
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == ',') {
                fields.add(raw.substring(from, i));
                from = i + 1;
            }
        }
        fields.add(raw.substring(from));
        long line = nextLine;
        position = end + 1;
        consumeLineBreak(buffer[end]);
        return new Row(line, raw, Collections.unmodifiableList(fields), null);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Skips the byte order mark and empty lines; returns the row's first character or EOF. */
    private int firstCharOfRow() throws IOException {
        int c = read();
        if (!started) {
            started = true;
            if (c == BOM) {
                c = read();
            }
        }
        while (c == '\n' || c == '\r') {
            consumeLineBreak(c);
            c = read();
        }
        return c;
    }

    private Row readRow(int first) throws IOException {
        final long startLine = nextLine;
        StringBuilder raw = new StringBuilder(128);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int linesInRow = 1;
        int fieldAtFirstBreak = 0;
        int c = first;
        while (true) {
            // At the start of a field.
            if (c == '"') {
                raw.append('"');
                // Quoted field: read to the closing quote.
                while (true) {
                    c = read();
                    if (c == EOF) {
                        return unclosedQuote(
                                startLine,
                                raw,
                                linesInRow > 1 ? fieldAtFirstBreak : fields.size() + 1,
                                "");
                    }
                    raw.append((char) c);
                    if (c == '"') {
                        int next = peek();
                        if (next == '"') {
                            raw.append((char) read());
                            field.append('"');
                            continue;
                        }
                        break;
                    }
                    field.append((char) c);
                    if (c == '\n' || (c == '\r' && peek() != '\n')) {
                        nextLine++;
                        linesInRow++;
                        if (linesInRow == 2) {
                            fieldAtFirstBreak = fields.size() + 1;
                        }
                        if (linesInRow > maxLinesPerRow) {
                            return unclosedQuote(
                                    startLine,
                                    raw,
                                    fieldAtFirstBreak,
                                    " (not closed within " + maxLinesPerRow + " lines)");
                        }
                    }
                    if (raw.length() > maxRowChars) {
                        return unclosedQuote(
                                startLine,
                                raw,
                                linesInRow > 1 ? fieldAtFirstBreak : fields.size() + 1,
                                " (not closed within " + maxRowChars + " characters)");
                    }
                }
                c = read();
                if (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    raw.append((char) c);
                    if (linesInRow > 1) {
                        // A quote left open on the first line, closed by one on a later line.
                        return unclosedQuote(startLine, raw, fieldAtFirstBreak, "");
                    }
                    return skipRestOfLine(
                            startLine,
                            raw,
                            "unexpected character '"
                                    + (char) c
                                    + "' after closing quote in field "
                                    + (fields.size() + 1));
                }
            } else {
                // Unquoted field: read to the next comma or line break.
                while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    raw.append((char) c);
                    if (c == '"') {
                        return skipRestOfLine(
                                startLine,
                                raw,
                                "stray quote in unquoted field " + (fields.size() + 1));
                    }
                    if (raw.length() > maxRowChars) {
                        return skipRestOfLine(
                                startLine, raw, "row longer than " + maxRowChars + " characters");
                    }
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                raw.append(',');
                c = read();
                continue;
            }
            if (c != EOF) {
                consumeLineBreak(c);
            }
            // The list is the row's own, built for it: wrapped, not copied (the copy was 2.3 % of a
            // replay's CPU samples).
            return new Row(startLine, raw.toString(), Collections.unmodifiableList(fields), null);
        }
    }

    /**
     * Reports an unclosed quote and arranges for everything after the row's first line to be read
     * again, from the line after the row's start.
     */
    private Row unclosedQuote(long startLine, StringBuilder raw, int fieldNumber, String detail) {
        String consumed = raw.toString();
        int firstBreak = indexOfLineBreak(consumed);
        String firstLine = firstBreak < 0 ? consumed : consumed.substring(0, firstBreak);
        if (firstBreak >= 0) {
            int restStart =
                    consumed.startsWith("\r\n", firstBreak) ? firstBreak + 2 : firstBreak + 1;
            String rest = consumed.substring(restStart);
            String pending = replay == null ? "" : replay.substring(replayPosition);
            replay = rest + pending;
            replayPosition = 0;
            nextLine = startLine + 1;
        }
        return new Row(
                startLine, firstLine, List.of(), "unclosed quote in field " + fieldNumber + detail);
    }

    /** Reports a malformed row and drops the rest of its current physical line. */
    private Row skipRestOfLine(long startLine, StringBuilder raw, String error) throws IOException {
        int c = read();
        while (c != '\n' && c != '\r' && c != EOF) {
            if (raw.length() <= maxRowChars) {
                raw.append((char) c);
            }
            c = read();
        }
        if (c != EOF) {
            consumeLineBreak(c);
        }
        return new Row(startLine, raw.toString(), List.of(), error);
    }

    /** Called with the first character of a line break; swallows the LF of a CRLF. */
    private void consumeLineBreak(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        nextLine++;
    }

    private static int indexOfLineBreak(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    private int read() throws IOException {
        if (replay != null) {
            if (replayPosition < replay.length()) {
                return replay.charAt(replayPosition++);
            }
            replay = null;
        }
        if (position >= limit && !fill()) {
            return EOF;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (replay != null && replayPosition < replay.length()) {
            return replay.charAt(replayPosition);
        }
        if (position >= limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            limit = 0;
            position = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
