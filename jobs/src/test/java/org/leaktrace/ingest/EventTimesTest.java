package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimesTest {

    @Test
    void acceptsTheCsvParsersRange() throws InvalidRecordException {
        Instant first = Instant.parse("1970-01-01T00:00:00Z");
        Instant last = Instant.parse("2100-12-31T23:59:59.999Z");
        assertEquals(first, EventTimes.checked(first, "start_time"));
        assertEquals(last, EventTimes.checked(last, "start_time"));
    }

    @Test
    void rejectsPlaceholdersAndEpochAccidents() {
        assertEquals("year 9999 out of range 1970..2100 in start_time",
                assertThrows(InvalidRecordException.class,
                        () -> EventTimes.checked(Instant.parse("9999-12-31T23:59:59Z"), "start_time")).reason());
        assertEquals("year 1969 out of range 1970..2100 in reported_at",
                assertThrows(InvalidRecordException.class,
                        () -> EventTimes.checked(Instant.EPOCH.minusMillis(1), "reported_at")).reason());
        assertEquals("missing start_time",
                assertThrows(InvalidRecordException.class, () -> EventTimes.checked(null, "start_time")).reason());
    }
}
