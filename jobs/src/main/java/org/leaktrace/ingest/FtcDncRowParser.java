package org.leaktrace.ingest;

import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.ComplaintCategory;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Parses a row of the US FTC "Do Not Call Reported Calls" CSV into a {@link Complaint}.
 *
 * <p>The file describes the number complained about and where the consumer lives, but names no
 * complainant: {@code reporter} is always null, and such a complaint still counts against the
 * reported number. The consumer's city, state and area code are not carried over; the correlator
 * has no use for them and they narrow down who complained.
 *
 * <p>Numbers are US numbers by construction of the file, so they are always normalized in region
 * {@code US}, whatever region the rest of the run uses.
 *
 * <p>{@code reported_at} is {@code Violation_Date} (when the call happened) when present, else
 * {@code Created_Date} (when the complaint was filed, often days later): the correlator matches
 * complaints to calls in event time, and the call's time is the event. Both are US Eastern wall
 * clock times without an offset.
 *
 * <p>{@code complaint_id} is {@code "ftc-"} plus the row's line number: the file has no id, and the
 * line is stable for a given file.
 *
 * <p>Category: {@code FRAUD} when the subject names impersonation, a scam or fraud (the FTC subject
 * "Calls pretending to be government, businesses, or family and friends" is its imposter category);
 * every other subject, including none, is {@code SPAM_MARKETING}, since the file collects unwanted
 * sales calls. The text is the subject plus whether the call was a robocall.
 */
public final class FtcDncRowParser implements RowParser<Complaint> {

    private static final long serialVersionUID = 1L;

    /** The FTC file's columns, in the order this parser reads them. */
    public static final String[] COLUMNS = {
        "Company_Phone_Number",
        "Created_Date",
        "Violation_Date",
        "Consumer_City",
        "Consumer_State",
        "Consumer_Area_Code",
        "Subject",
        "Recorded_Message_Or_Robocall"
    };

    /** Numbers in the file are US numbers. */
    public static final String REGION = "US";

    /** Times in the file are US Eastern wall clock. */
    public static final ZoneId ZONE = ZoneId.of("America/New_York");

    /** Lower-case subject fragments that make a complaint {@code FRAUD}. */
    static final List<String> FRAUD_SUBJECTS =
            List.of("pretending to be", "imposter", "impostor", "scam", "fraud");

    private static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Override
    public String[] columns() {
        return COLUMNS.clone();
    }

    @Override
    public Class<Complaint> recordClass() {
        return Complaint.class;
    }

    @Override
    public Complaint parse(CsvRow row) throws InvalidRecordException {
        if (row.fields[0] == null) {
            throw new InvalidRecordException("missing column Company_Phone_Number");
        }
        String number = RowValues.optional(row, 0);
        if (number == null) {
            throw new InvalidRecordException("missing reported number");
        }
        String subject = RowValues.optional(row, 6);
        return Complaint.newBuilder()
                .setComplaintId("ftc-" + row.line)
                .setReporter(null)
                .setReportedNumber(RowValues.number(number, "Company_Phone_Number", REGION))
                .setReportedAt(reportedAt(row))
                .setCategory(category(subject))
                .setText(text(subject, RowValues.optional(row, 7)))
                .build();
    }

    private static Instant reportedAt(CsvRow row) throws InvalidRecordException {
        String violation = RowValues.optional(row, 2);
        if (violation != null) {
            return RowValues.zonedTimestamp(violation, "Violation_Date", TIME_FORMAT, ZONE);
        }
        if (row.fields[1] == null) {
            throw new InvalidRecordException("missing column Created_Date");
        }
        String created = RowValues.optional(row, 1);
        if (created == null) {
            throw new InvalidRecordException("empty Violation_Date and Created_Date");
        }
        return RowValues.zonedTimestamp(created, "Created_Date", TIME_FORMAT, ZONE);
    }

    static ComplaintCategory category(String subject) {
        if (subject != null) {
            String lower = subject.toLowerCase(Locale.ROOT);
            for (String fragment : FRAUD_SUBJECTS) {
                if (lower.contains(fragment)) {
                    return ComplaintCategory.FRAUD;
                }
            }
        }
        return ComplaintCategory.SPAM_MARKETING;
    }

    static String text(String subject, String robocall) {
        String flag;
        if ("Y".equalsIgnoreCase(robocall)) {
            flag = "robocall: yes";
        } else if ("N".equalsIgnoreCase(robocall)) {
            flag = "robocall: no";
        } else {
            flag = null;
        }
        if (subject == null) {
            return flag;
        }
        return flag == null ? subject : subject + "; " + flag;
    }
}
