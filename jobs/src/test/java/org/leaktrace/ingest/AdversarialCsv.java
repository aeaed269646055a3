package org.leaktrace.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generator of contract CSV files (cdr.csv, complaints.csv) that mix valid rows with
 * adversarial ones, and of what the ingest must make of them: the ids of the good rows, and for
 * each bad row its physical line and a fragment of its reason.
 *
 * <p>What counts as bad follows the contract and the parsers: wrong column count, unbalanced
 * quotes, a row over 1 MB, a missing or unparseable number (40 digits, control characters,
 * invalid UTF-8), a timestamp without offset or outside 1970..2100, a negative or non-integer
 * duration, an unknown type or category. Control characters and invalid UTF-8 in opaque or free
 * text cells (ids, cell ids, complaint text) are accepted: the decoder replaces invalid bytes with
 * U+FFFD and the outputs escape control characters. A duration up to 2^31-1 s is accepted: the
 * contract sets no upper bound and the pipeline only compares durations with thresholds.
 *
 * <p>Escaped quotes ({@code ""}) are never generated after an unclosed quote: the reader cannot
 * tell them from the end of a quoted field spanning lines (see RELIABILITY.md).
 */
final class AdversarialCsv {

    /** Written in a row's text where the file gets bytes that are not UTF-8. */
    private static final char INVALID_UTF8 = '\uE000';

    private static final Instant T0 = Instant.parse("2026-03-01T09:15:00+08:00");
    private static final char[] CONTROLS = {'\u0000', '\u0007', '\u001b', '\u007f'};

    /** A generated file and what the ingest must make of it. */
    record Generated(byte[] bytes, List<String> goodIds, Map<Long, String> badReasonByLine) {}

    private record Row(String text, String goodId, String reason) {}

    private final Random random;
    private int serial;

    AdversarialCsv(long seed) {
        this.random = new Random(seed);
    }

    /** A cdr.csv with {@code rows} data rows, one in about three bad; {@code huge} adds a 1.1 MB row. */
    Generated cdr(int rows, boolean huge) {
        return file(String.join(",", CdrRowParser.COLUMNS), rows, huge, true);
    }

    /** A complaints.csv, likewise. */
    Generated complaints(int rows, boolean huge) {
        return file(String.join(",", ComplaintRowParser.COLUMNS), rows, huge, false);
    }

    private Generated file(String header, int rows, boolean huge, boolean cdr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> goodIds = new ArrayList<>();
        Map<Long, String> bad = new LinkedHashMap<>();
        long line = 1;
        write(out, header + "\r\n");
        line++;
        int hugeAt = huge ? random.nextInt(rows) : -1;
        for (int i = 0; i < rows; i++) {
            Row row = i == hugeAt
                    ? hugeRow(cdr)
                    : random.nextInt(3) == 0 ? (cdr ? badCdr() : badComplaint()) : (cdr ? goodCdr() : goodComplaint());
            if (row.goodId() != null) {
                goodIds.add(row.goodId());
            } else {
                bad.put(line, row.reason());
            }
            String ending = switch (random.nextInt(8)) {
                case 0 -> "\r\n";
                case 1 -> "\r";
                default -> "\n";
            };
            write(out, row.text() + ending);
            line += 1 + row.text().chars().filter(c -> c == '\n').count();
        }
        return new Generated(out.toByteArray(), goodIds, bad);
    }

    // ---- cdr.csv ----

    private Row goodCdr() {
        String id = "r" + (++serial);
        String[] cells = cdrCells(id);
        switch (random.nextInt(6)) {
            case 0 -> cells[8] = "\"460-00-" + random.nextInt(999) + "\nsecond line\"";
            case 1 -> cells[7] = "imei" + CONTROLS[random.nextInt(CONTROLS.length)] + digits(8);
            case 2 -> cells[8] = "cell-" + INVALID_UTF8 + digits(3);
            case 3 -> {
                cells[5] = Integer.toString(Integer.MAX_VALUE);
                cells[6] = "true";
            }
            default -> { }
        }
        return new Row(String.join(",", cells), id, null);
    }

    private Row badCdr() {
        String[] cells = cdrCells("r" + (++serial));
        String reason;
        switch (random.nextInt(17)) {
            case 0 -> {
                cells = java.util.Arrays.copyOf(cells, 1 + random.nextInt(cells.length - 1));
                reason = "wrong column count: " + cells.length;
            }
            case 1 -> {
                cells = java.util.Arrays.copyOf(cells, cells.length + 1 + random.nextInt(3));
                java.util.Arrays.fill(cells, 9, cells.length, "extra");
                reason = "wrong column count: " + cells.length;
            }
            case 2 -> {
                cells[4] = cells[4].substring(0, 10) + CONTROLS[random.nextInt(CONTROLS.length)] + cells[4].substring(10);
                reason = "bad start_time";
            }
            case 3 -> {
                cells[2] = plainNumber();
                cells[2] = cells[2].substring(0, 5) + CONTROLS[random.nextInt(CONTROLS.length)] + cells[2].substring(5);
                reason = "unparseable number in caller";
            }
            case 4 -> {
                cells[3] = plainNumber();
                cells[3] = cells[3].substring(0, 4) + INVALID_UTF8 + cells[3].substring(4);
                reason = "unparseable number in callee";
            }
            case 5 -> {
                cells[4] = "9999" + cells[4].substring(4);
                reason = "year 9999 out of range";
            }
            case 6 -> {
                cells[4] = "1969-07-20T20:17:40Z";
                reason = "year 1969 out of range";
            }
            case 7 -> {
                cells[5] = "-" + (1 + random.nextInt(100_000));
                reason = "negative duration_s";
            }
            case 8 -> {
                cells[5] = digits(40);
                reason = "bad duration_s";
            }
            case 9 -> {
                cells[2] = "+" + digits(40);
                reason = "unparseable number in caller";
            }
            case 10 -> {
                cells[random.nextBoolean() ? 2 : 3] = random.nextBoolean() ? "" : "  ";
                reason = "empty call";
            }
            case 11 -> {
                cells[2] = plainNumber();
                cells[2] = cells[2].substring(0, 3) + "\"" + cells[2].substring(3);
                reason = "stray quote in unquoted field 3";
            }
            case 12 -> {
                cells[3] = "\"" + plainNumber();
                // Closed by the next quote on the line (cell_id's), if any: either reason is right.
                reason = "quote in field 4";
            }
            case 13 -> {
                cells[1] = "FAX";
                reason = "unknown type 'FAX'";
            }
            case 14 -> {
                cells[6] = "yes";
                reason = "bad answered 'yes'";
            }
            case 15 -> {
                cells[4] = cells[4].substring(0, 19);
                reason = "no UTC offset in start_time";
            }
            default -> {
                cells[5] = "12.5";
                reason = "bad duration_s '12.5'";
            }
        }
        return new Row(String.join(",", cells), null, reason);
    }

    private String[] cdrCells(String id) {
        boolean sms = random.nextInt(4) == 0;
        int duration = sms ? 0 : random.nextInt(900);
        return new String[] {
            id,
            sms ? "SMS" : random.nextBoolean() ? "VOICE" : "voice",
            number(),
            number(),
            time(),
            Integer.toString(duration),
            Boolean.toString(duration > 0),
            random.nextBoolean() ? "" : digits(15),
            random.nextBoolean() ? "" : "\"460-00-" + random.nextInt(999) + ",7\""
        };
    }

    // ---- complaints.csv ----

    private Row goodComplaint() {
        String id = "c" + (++serial);
        String[] cells = complaintCells(id);
        switch (random.nextInt(6)) {
            case 0 -> cells[5] = "";
            case 1 -> cells[5] = "\"called 3 times, said \nI won a prize\"";
            case 2 -> cells[5] = "text " + CONTROLS[random.nextInt(CONTROLS.length)] + " and " + INVALID_UTF8;
            case 3 -> cells[5] = "x".repeat(100_000);
            default -> { }
        }
        return new Row(String.join(",", cells), id, null);
    }

    private Row badComplaint() {
        String[] cells = complaintCells("c" + (++serial));
        String reason;
        switch (random.nextInt(9)) {
            case 0 -> {
                cells = java.util.Arrays.copyOf(cells, 2 + random.nextInt(3));
                reason = "wrong column count: " + cells.length;
            }
            case 1 -> {
                cells[2] = "";
                reason = "empty reported_number";
            }
            case 2 -> {
                cells[2] = digits(40);
                reason = "unparseable number in reported_number";
            }
            case 3 -> {
                cells[3] = "9999-12-31T23:59:59+08:00";
                reason = "year 9999 out of range";
            }
            case 4 -> {
                cells[4] = "ROBOCALL";
                reason = "unknown category 'ROBOCALL'";
            }
            case 5 -> {
                cells[1] = "139" + CONTROLS[random.nextInt(CONTROLS.length)] + digits(8);
                reason = "unparseable number in reporter";
            }
            case 6 -> {
                cells[5] = "\"never closed, " + digits(4);
                reason = "unclosed quote in field 6";
            }
            case 7 -> {
                cells[1] = random.nextBoolean() ? "" : "  ";
                reason = "empty reporter";
            }
            default -> {
                cells[3] = "yesterday";
                reason = "bad reported_at 'yesterday'";
            }
        }
        return new Row(String.join(",", cells), null, reason);
    }

    private String[] complaintCells(String id) {
        return new String[] {
            id,
            number(),
            number(),
            time(),
            new String[] {"FRAUD", "SPAM_MARKETING", "HARASSMENT", "OTHER", "fraud"}[random.nextInt(5)],
            random.nextBoolean() ? "" : "\"rude, pushy\""
        };
    }

    /** A row over the reader's 1 MB limit: a dead letter, whatever its cells say. */
    private Row hugeRow(boolean cdr) {
        String[] cells = cdr ? cdrCells("r" + (++serial)) : complaintCells("c" + (++serial));
        cells[0] = cells[0] + "x".repeat(CsvRowReader.DEFAULT_MAX_ROW_CHARS + 100_000);
        return new Row(String.join(",", cells), null, "row longer than");
    }

    /** With seconds always written, so cutting the offset off leaves a valid local time. */
    private String time() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                T0.plusSeconds(random.nextInt(86_400)).atOffset(ZoneOffset.ofHours(8)));
    }

    private String plainNumber() {
        return (random.nextBoolean() ? "138" : "139") + digits(8);
    }

    private String number() {
        String subscriber = (random.nextBoolean() ? "138" : "139") + digits(8);
        return switch (random.nextInt(7)) {
            case 0 -> "+86" + subscriber;
            case 1 -> "0086" + subscriber;
            case 2 -> "86" + subscriber;
            case 3 -> "\"" + subscriber.substring(0, 3) + " " + subscriber.substring(3, 7) + " " + subscriber.substring(7) + "\"";
            case 4 -> "95588";
            default -> subscriber;
        };
    }

    private String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        s.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        int from = 0;
        for (int i = text.indexOf(INVALID_UTF8); i >= 0; i = text.indexOf(INVALID_UTF8, from)) {
            out.writeBytes(text.substring(from, i).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0});
            from = i + 1;
        }
        out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
    }
}
