package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;

import java.time.Instant;

class CdrRowParserTest {

    private static final Instant START = Instant.parse("2026-03-01T01:15:00Z");

    private final CdrRowParser parser = new CdrRowParser("CN");

    private static RowBuilder goodRow() {
        return RowBuilder.forColumns("cdr.csv", CdrRowParser.COLUMNS)
                .set("record_id", "r-1")
                .set("type", "VOICE")
                .set("caller", "8613912345678")
                .set("callee", "138 1234 5678")
                .set("start_time", "2026-03-01T09:15:00+08:00")
                .set("duration_s", "42")
                .set("answered", "true")
                .set("caller_imei", "356938035643809")
                .set("cell_id", "460-00-1234-5678");
    }

    private static CallRecord.Builder expected() {
        return CallRecord.newBuilder()
                .setRecordId("r-1")
                .setType(CallType.VOICE)
                .setCaller("+8613912345678")
                .setCallee("+8613812345678")
                .setStartTime(START)
                .setDurationS(42)
                .setAnswered(true)
                .setCallerImei("356938035643809")
                .setCellId("460-00-1234-5678");
    }

    @Test
    void goodRow_exactRecord() throws Exception {
        assertEquals(expected().build(), parser.parse(goodRow().build()));
    }

    @Test
    void optionalColumnsMayBeEmptyOrAbsent() throws Exception {
        CallRecord want = expected().setCallerImei(null).setCellId(null).build();
        assertEquals(
                want, parser.parse(goodRow().set("caller_imei", "").set("cell_id", " ").build()));
        assertEquals(want, parser.parse(goodRow().absent("caller_imei").absent("cell_id").build()));
    }

    @Test
    void lenientButUnambiguousValues() throws Exception {
        CallRecord parsed =
                parser.parse(
                        goodRow()
                                .set("type", " sms ")
                                .set("answered", "FALSE")
                                .set("duration_s", "0")
                                .set("start_time", "2026-03-01T01:15:00Z")
                                .set("callee", "95588")
                                .build());
        assertEquals(
                expected()
                        .setType(CallType.SMS)
                        .setAnswered(false)
                        .setDurationS(0)
                        .setCallee("+8695588")
                        .build(),
                parsed);
    }

    @Test
    void serviceCodeCallerIsKept() throws Exception {
        assertEquals(
                "+861069012345678",
                parser.parse(goodRow().set("caller", "1069012345678").build()).getCaller());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "record_id|''|empty record_id",
                "type|FAX|unknown type 'FAX'",
                "caller|' '|empty caller",
                "callee|abc|unparseable number in callee: 'abc' (letters in number)",
                "callee|12|unparseable number in callee: '12' (too few digits (2, at least 3))",
                "start_time|2026-13-01T09:15:00+08:00|bad start_time '2026-13-01T09:15:00+08:00'",
                "start_time|2026-03-01T09:15:00|no UTC offset in start_time '2026-03-01T09:15:00'",
                "start_time|9999-01-01T00:00:00Z|year 9999 out of range 1970..2100 in start_time",
                "start_time|1969-12-31T23:59:59Z|year 1969 out of range 1970..2100 in start_time",
                "duration_s|-5|negative duration_s -5",
                "duration_s|4.5|bad duration_s '4.5'",
                "duration_s|99999999999|bad duration_s '99999999999'",
                "answered|yes|bad answered 'yes'"
            })
    void badValue_exactReason(String column, String value, String reason) {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () -> parser.parse(goodRow().set(column, value).build()));
        assertEquals(reason, e.reason());
    }

    @Test
    void missingRequiredColumn() {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () -> parser.parse(goodRow().absent("caller").build()));
        assertEquals("missing column caller", e.reason());
    }

    @Test
    void firstProblemInColumnOrderWins() {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () ->
                                parser.parse(
                                        goodRow()
                                                .set("type", "FAX")
                                                .set("duration_s", "-1")
                                                .build()));
        assertEquals("unknown type 'FAX'", e.reason());
    }

    @Test
    void longValuesAreCutInReasons() {
        String garbage = "x".repeat(100);
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () -> parser.parse(goodRow().set("type", garbage).build()));
        assertEquals("unknown type '" + "x".repeat(60) + "…'", e.reason());
    }
}
