package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.ComplaintCategory;

import java.time.Instant;

class FtcDncRowParserTest {

    private final FtcDncRowParser parser = new FtcDncRowParser();

    private static RowBuilder goodRow() {
        return RowBuilder.forColumns("ftc.csv", FtcDncRowParser.COLUMNS)
                .line(2)
                .set("Company_Phone_Number", "8052103404")
                .set("Created_Date", "2019-12-13 00:00:06")
                .set("Violation_Date", "2019-12-12 20:55:00")
                .set("Consumer_City", "SAN LUIS OBISPO")
                .set("Consumer_State", "California")
                .set("Consumer_Area_Code", "805")
                .set("Subject", "No Subject Provided")
                .set("Recorded_Message_Or_Robocall", "Y");
    }

    @Test
    void goodRow_exactRecord() throws Exception {
        assertEquals(
                Complaint.newBuilder()
                        .setComplaintId("ftc-2")
                        .setReporter(null)
                        .setReportedNumber("+18052103404")
                        // 20:55 Eastern Standard Time (UTC-5).
                        .setReportedAt(Instant.parse("2019-12-13T01:55:00Z"))
                        .setCategory(ComplaintCategory.SPAM_MARKETING)
                        .setText("No Subject Provided; robocall: yes")
                        .build(),
                parser.parse(goodRow().build()));
    }

    @Test
    void createdDateWhenNoViolationDate() throws Exception {
        assertEquals(
                Instant.parse("2019-12-13T05:00:06Z"),
                parser.parse(goodRow().set("Violation_Date", "").build()).getReportedAt());
    }

    @Test
    void summerTimeIsEasternDaylightTime() throws Exception {
        assertEquals(
                Instant.parse("2019-07-04T16:00:00Z"),
                parser.parse(goodRow().set("Violation_Date", "2019-07-04 12:00:00").build())
                        .getReportedAt());
    }

    @Test
    void numbersAreAlwaysUsNumbers() throws Exception {
        assertEquals(
                "+18052103404",
                parser.parse(goodRow().set("Company_Phone_Number", "+18052103404").build())
                        .getReportedNumber());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Calls pretending to be government, businesses, or family and friends|FRAUD",
                "Tech support scam|FRAUD",
                "Imposter|FRAUD",
                "Reducing your debt (credit cards, mortgage, student loans)|SPAM_MARKETING",
                "Dropped call or no message|SPAM_MARKETING",
                "No Subject Provided|SPAM_MARKETING",
                "''|SPAM_MARKETING"
            })
    void category(String subject, ComplaintCategory category) throws Exception {
        assertEquals(
                category, parser.parse(goodRow().set("Subject", subject).build()).getCategory());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Other|Y|Other; robocall: yes",
                "Other|N|Other; robocall: no",
                "Other|''|Other",
                "''|Y|robocall: yes"
            })
    void textIsSubjectAndRobocallFlag(String subject, String robocall, String text)
            throws Exception {
        assertEquals(
                text,
                parser.parse(
                                goodRow()
                                        .set("Subject", subject)
                                        .set("Recorded_Message_Or_Robocall", robocall)
                                        .build())
                        .getText());
    }

    @Test
    void noSubjectNoFlagNoText() throws Exception {
        assertNull(
                parser.parse(
                                goodRow()
                                        .set("Subject", "")
                                        .set("Recorded_Message_Or_Robocall", "")
                                        .build())
                        .getText());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Company_Phone_Number|''|missing reported number",
                "Company_Phone_Number|__________|unparseable number in Company_Phone_Number:"
                    + " '__________' (unexpected character '_')",
                "Company_Phone_Number|0|unparseable number in Company_Phone_Number: '0' (too few"
                    + " digits (1, at least 3))",
                "Violation_Date|2019-12-12T20:55:00|bad Violation_Date '2019-12-12T20:55:00'",
                "Violation_Date|9999-12-12 20:55:00|year 9999 out of range 1970..2100 in"
                    + " Violation_Date"
            })
    void badValue_exactReason(String column, String value, String reason) {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () -> parser.parse(goodRow().set(column, value).build()));
        assertEquals(reason, e.reason());
    }

    @Test
    void noDateAtAll() {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class,
                        () ->
                                parser.parse(
                                        goodRow()
                                                .set("Violation_Date", "")
                                                .set("Created_Date", "")
                                                .build()));
        assertEquals("empty Violation_Date and Created_Date", e.reason());
    }
}
