package org.leaktrace.ingest;

import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.ComplaintCategory;

import java.util.Locale;

/**
 * Parses a row of the contract's {@code complaints.csv} into a {@link Complaint}.
 *
 * <p>Every column but {@code text} is required, as the contract has it: a row with an empty
 * {@code reporter} is a dead letter ("empty reporter"), not a complaint counted without one. Only
 * the FTC export names no reporter ({@link FtcDncRowParser}). The dead letter keeps the row and
 * its line, so an operator whose export leaves reporters out sees every such row and why.
 */
public final class ComplaintRowParser implements RowParser<Complaint> {

    private static final long serialVersionUID = 1L;

    /** The complaints.csv columns, in the order this parser reads them. */
    public static final String[] COLUMNS = {
        "complaint_id", "reporter", "reported_number", "reported_at", "category", "text"
    };

    private final String region;

    /**
     * @param region region assumed for numbers written without a country code
     */
    public ComplaintRowParser(String region) {
        this.region = region;
    }

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
        String complaintId = RowValues.required(row, 0, "complaint_id");
        // Required, as the contract has it: only the FTC export names no reporter.
        String reporter = RowValues.required(row, 1, "reporter");
        return Complaint.newBuilder()
                .setComplaintId(complaintId)
                .setReporter(RowValues.number(reporter, "reporter", region))
                .setReportedNumber(
                        RowValues.number(
                                RowValues.required(row, 2, "reported_number"),
                                "reported_number",
                                region))
                .setReportedAt(
                        RowValues.offsetTimestamp(
                                RowValues.required(row, 3, "reported_at"), "reported_at"))
                .setCategory(category(RowValues.required(row, 4, "category")))
                .setText(RowValues.optional(row, 5))
                .build();
    }

    private static ComplaintCategory category(String value) throws InvalidRecordException {
        try {
            return ComplaintCategory.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("unknown category '" + RowValues.quote(value) + "'");
        }
    }
}
