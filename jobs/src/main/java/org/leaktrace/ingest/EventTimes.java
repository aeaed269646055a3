package org.leaktrace.ingest;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The range of event times any input may carry, for records that arrive already typed (Kafka).
 *
 * <p>The CSV parsers check the year as written; a decoded Avro record has only an instant, and a
 * producer's placeholder ({@code 9999-12-31}) or an epoch-zero default must be rejected there too:
 * one such record would move its partition's watermark to the year 9999 and make every later
 * record late. The bounds are those of the CSV parsers.
 */
public final class EventTimes {

    private EventTimes() {}

    /**
     * Returns {@code time} if its UTC year is within 1970..2100, the CSV parsers' bounds.
     *
     * @throws InvalidRecordException naming {@code field} and the year otherwise
     */
    public static Instant checked(Instant time, String field) throws InvalidRecordException {
        if (time == null) {
            throw new InvalidRecordException("missing " + field);
        }
        long year = time.atOffset(ZoneOffset.UTC).getYear();
        if (year < RowValues.MIN_YEAR || year > RowValues.MAX_YEAR) {
            throw new InvalidRecordException(
                    "year " + year + " out of range " + RowValues.MIN_YEAR + ".." + RowValues.MAX_YEAR
                            + " in " + field);
        }
        return time;
    }
}
