package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowValuesTest {
    /** What an offset timestamp means: java.time's ISO parse, with the year in range. */
    private static Instant byTheFormatter(String value) {
        try {
            OffsetDateTime time = OffsetDateTime.parse(value);
            int year = time.getYear();
            return year < RowValues.MIN_YEAR || year > RowValues.MAX_YEAR ? null : time.toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Two digits, mostly in range, sometimes just past it, sometimes not digits. */
    private static String field(SplittableRandom random, int max) {
        int roll = random.nextInt(20);
        if (roll == 0) {
            return "x" + random.nextInt(10);
        }
        int value = roll == 1 ? max + 1 + random.nextInt(3) : random.nextInt(max + 1);
        return String.format("%02d", Math.min(value, 99));
    }

    private static String randomTimestamp(SplittableRandom random) {
        String year = random.nextInt(10) == 0
                ? String.valueOf(1960 + random.nextInt(160)) : String.valueOf(2020 + random.nextInt(10));
        String offset = switch (random.nextInt(5)) {
            case 0 -> "Z";
            case 1 -> "-" + field(random, 18) + ":" + field(random, 59);
            case 2 -> "+" + field(random, 18) + ":" + field(random, 59);
            case 3 -> "+08:00";
            default -> random.nextBoolean() ? "+08" : "+08:00:00";
        };
        return year + "-" + field(random, 12) + "-" + field(random, 31) + "T" + field(random, 23)
                + ":" + field(random, 59) + ":" + field(random, 59) + offset;
    }

    @Test
    void aCommonTimestampIsReadWithoutTheFormatterAndMeansWhatTheFormatterSays() throws Exception {
        String typical = "2026-03-01T09:15:00+08:00";
        assertNotNull(RowValues.commonOffsetTimestamp(typical), "the export's own shape takes the fast path");
        assertEquals(Instant.parse("2026-03-01T01:15:00Z"), RowValues.offsetTimestamp(typical, "start_time"));
        assertEquals(Instant.parse("2024-02-29T23:59:59Z"),
                RowValues.offsetTimestamp("2024-02-29T23:59:59Z", "start_time"));
        SplittableRandom random = new SplittableRandom(7);
        int fast = 0;
        for (int i = 0; i < 40_000; i++) {
            String value = randomTimestamp(random);
            Instant expected = byTheFormatter(value);
            if (RowValues.commonOffsetTimestamp(value) != null) {
                fast++;
            }
            if (expected == null) {
                assertNull(RowValues.commonOffsetTimestamp(value), value);
                assertThrows(InvalidRecordException.class, () -> RowValues.offsetTimestamp(value, "start_time"),
                        value);
            } else {
                assertEquals(expected, RowValues.offsetTimestamp(value, "start_time"), value);
            }
        }
        assertTrue(fast > 10_000, "most random timestamps took the fast path: " + fast);
    }

    @Test
    void timestampsOutsideTheCommonShapeStillReadAndFailAsBefore() throws Exception {
        assertNull(RowValues.commonOffsetTimestamp("2026-03-01T09:15:00.250+08:00"));
        assertEquals(Instant.parse("2026-03-01T01:15:00.250Z"),
                RowValues.offsetTimestamp("2026-03-01T09:15:00.250+08:00", "start_time"));
        assertEquals(Instant.parse("2026-03-01T01:15:00Z"),
                RowValues.offsetTimestamp("2026-03-01T09:15+08:00", "start_time"));
        InvalidRecordException noOffset = assertThrows(InvalidRecordException.class,
                () -> RowValues.offsetTimestamp("2026-03-01T09:15:00", "start_time"));
        assertEquals("no UTC offset in start_time '2026-03-01T09:15:00'", noOffset.reason());
        InvalidRecordException february = assertThrows(InvalidRecordException.class,
                () -> RowValues.offsetTimestamp("2026-02-30T09:15:00+08:00", "start_time"));
        assertEquals("bad start_time '2026-02-30T09:15:00+08:00'", february.reason());
        InvalidRecordException placeholder = assertThrows(InvalidRecordException.class,
                () -> RowValues.offsetTimestamp("9999-12-31T00:00:00+08:00", "start_time"));
        assertTrue(placeholder.reason().startsWith("year 9999 out of range"), placeholder.reason());
    }
}
