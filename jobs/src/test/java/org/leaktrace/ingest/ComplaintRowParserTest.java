package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.ComplaintCategory;

import java.time.Instant;

class ComplaintRowParserTest {

    private final ComplaintRowParser parser = new ComplaintRowParser("CN");

    private static RowBuilder goodRow() {
        return RowBuilder.forColumns("complaints.csv", ComplaintRowParser.COLUMNS)
                .set("complaint_id", "c-7")
                .set("reporter", "13812345678")
                .set("reported_number", "+86 139 1234 5678")
                .set("reported_at", "2026-03-01T10:00:00+08:00")
                .set("category", "FRAUD")
                .set("text", "claimed to be the school, asked for fees");
    }

    private static Complaint.Builder expected() {
        return Complaint.newBuilder()
                .setComplaintId("c-7")
                .setReporter("+8613812345678")
                .setReportedNumber("+8613912345678")
                .setReportedAt(Instant.parse("2026-03-01T02:00:00Z"))
                .setCategory(ComplaintCategory.FRAUD)
                .setText("claimed to be the school, asked for fees");
    }

    @Test
    void goodRow_exactRecord() throws Exception {
        assertEquals(expected().build(), parser.parse(goodRow().build()));
    }

    @Test
    void emptyTextIsNull() throws Exception {
        assertEquals(expected().setText(null).build(), parser.parse(goodRow().set("text", "").build()));
    }

    @Test
    void categoryIgnoresCase() throws Exception {
        assertEquals(
                ComplaintCategory.SPAM_MARKETING,
                parser.parse(goodRow().set("category", "spam_marketing").build()).getCategory());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "complaint_id|''|empty complaint_id",
                "reporter|''|empty reporter",
                "reporter|'  '|empty reporter",
                "reporter|abc|unparseable number in reporter: 'abc' (letters in number)",
                "reported_number|''|empty reported_number",
                "reported_number|1|unparseable number in reported_number: '1' (too few digits (1,"
                    + " at least 3))",
                "reported_at|yesterday|bad reported_at 'yesterday'",
                "reported_at|2101-01-01T00:00:00+08:00|year 2101 out of range 1970..2100 in"
                    + " reported_at",
                "category|ANNOYING|unknown category 'ANNOYING'"
            })
    void badValue_exactReason(String column, String value, String reason) {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () -> parser.parse(goodRow().set(column, value).build()));
        assertEquals(reason, e.reason());
    }

    @Test
    void missingReporterColumn() {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () -> parser.parse(goodRow().absent("reporter").build()));
        assertEquals("missing column reporter", e.reason());
    }
}
