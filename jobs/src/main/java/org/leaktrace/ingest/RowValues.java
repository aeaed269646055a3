package org.leaktrace.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Reads single cells for the row parsers, each failure with the reason a dead letter carries.
 *
 * <p>Values are stripped of surrounding spaces: exports pad cells, and no value in the contract has
 * meaningful outer spaces.
 */
final class RowValues {

    /** Earliest year accepted in a timestamp; earlier ones are epoch-zero or typing accidents. */
    static final int MIN_YEAR = 1970;

    /** Latest year accepted in a timestamp; later ones are placeholders such as 9999. */
    static final int MAX_YEAR = 2100;

    /** Longest cell text quoted in a reason; the full row is in the dead letter anyway. */
    private static final int QUOTE_LIMIT = 60;

    private RowValues() {}

    /** A cell that must be present and non-blank. */
    static String required(CsvRow row, int index, String column) throws InvalidRecordException {
        String value = row.fields[index];
        if (value == null) {
            throw new InvalidRecordException("missing column " + column);
        }
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new InvalidRecordException("empty " + column);
        }
        return stripped;
    }

    /** A cell that may be absent from the header or empty: both mean null. */
    static String optional(CsvRow row, int index) {
        String value = row.fields[index];
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    /** A number, normalized to E.164. */
    static String number(String value, String column, String region) throws InvalidRecordException {
        try {
            return PhoneNumbers.normalize(value, region);
        } catch (InvalidRecordException e) {
            throw new InvalidRecordException(
                    "unparseable number in "
                            + column
                            + ": '"
                            + quote(value)
                            + "' ("
                            + e.reason()
                            + ")");
        }
    }

    /** An ISO-8601 timestamp with an offset, e.g. {@code 2026-03-01T09:15:00+08:00}. */
    static Instant offsetTimestamp(String value, String column) throws InvalidRecordException {
        Instant common = commonOffsetTimestamp(value);
        if (common != null) {
            return common;
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            if (isLocalDateTime(value)) {
                throw new InvalidRecordException(
                        "no UTC offset in " + column + " '" + quote(value) + "'");
            }
            throw new InvalidRecordException("bad " + column + " '" + quote(value) + "'");
        }
        checkYear(time.getYear(), column);
        return time.toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss} followed by {@code Z} or {@code ±HH:MM}, with
     * its local year in range; null for any other text, which {@link OffsetDateTime#parse} then
     * reads or explains.
     *
     * <p>Every CDR and complaint carries such a time, and java.time's formatter took half of the
     * parsing stage's time (a profile of 2026-12-04): this reads the shape exports write by hand
     * and gives exactly what the formatter would ({@code RowValuesTest}).
     */
    static Instant commonOffsetTimestamp(String s) {
        int n = s.length();
        if ((n != 20 && n != 25) || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int offsetSeconds = 0;
        if (n == 20) {
            if (s.charAt(19) != 'Z') {
                return null;
            }
        } else {
            char sign = s.charAt(19);
            int hours = digits(s, 20);
            int minutes = digits(s, 23);
            if ((sign != '+' && sign != '-') || s.charAt(22) != ':' || hours < 0 || minutes < 0
                    || minutes > 59 || hours * 60 + minutes > 18 * 60) {
                return null;
            }
            offsetSeconds = (sign == '-' ? -60 : 60) * (hours * 60 + minutes);
        }
        int year = digits(s, 0) * 100 + digits(s, 2);
        int month = digits(s, 5);
        int day = digits(s, 8);
        int hour = digits(s, 11);
        int minute = digits(s, 14);
        int second = digits(s, 17);
        if (digits(s, 0) < 0 || digits(s, 2) < 0 || year < MIN_YEAR || year > MAX_YEAR
                || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(
                epochDay * 86_400L + hour * 3_600L + minute * 60L + second - offsetSeconds);
    }

    /** The two decimal digits at {@code at}, or -1. */
    private static int digits(String s, int at) {
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        return a >= '0' && a <= '9' && b >= '0' && b <= '9' ? (a - '0') * 10 + (b - '0') : -1;
    }

    /**
     * A local timestamp in a given zone, parsed with {@code format}. In the autumn overlap the
     * earlier offset is taken; a time in the spring gap is moved forward by the gap's length
     * (java.time's defaults): neither can be resolved from the text alone.
     */
    static Instant zonedTimestamp(
            String value, String column, DateTimeFormatter format, ZoneId zone)
            throws InvalidRecordException {
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(value, format);
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException("bad " + column + " '" + quote(value) + "'");
        }
        checkYear(local.getYear(), column);
        return ZonedDateTime.of(local, zone).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void checkYear(int year, String column) throws InvalidRecordException {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new InvalidRecordException(
                    "year "
                            + year
                            + " out of range "
                            + MIN_YEAR
                            + ".."
                            + MAX_YEAR
                            + " in "
                            + column);
        }
    }

    private static boolean isLocalDateTime(String value) {
        try {
            LocalDateTime.parse(value);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** {@code true} or {@code false}, in any case. */
    static boolean bool(String value, String column) throws InvalidRecordException {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw new InvalidRecordException("bad " + column + " '" + quote(value) + "'");
    }

    /** A whole number of seconds, zero or more. */
    static int nonNegativeSeconds(String value, String column) throws InvalidRecordException {
        int seconds;
        try {
            seconds = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("bad " + column + " '" + quote(value) + "'");
        }
        if (seconds < 0) {
            throw new InvalidRecordException("negative " + column + " " + seconds);
        }
        return seconds;
    }

    /** The cell text as quoted in a reason, cut to a readable length. */
    static String quote(String value) {
        return value.length() <= QUOTE_LIMIT ? value : value.substring(0, QUOTE_LIMIT) + "…";
    }
}
