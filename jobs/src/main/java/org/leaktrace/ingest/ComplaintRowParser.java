package org.leaktrace.ingest;

import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.ComplaintCategory;

import java.util.Locale;

/**
 * Parses a row of the contract's {@code complaints.csv} into a {@link Complaint}.
 *
 * <p>An empty {@code reporter} is accepted as null: a complaint without a reporter still counts
 * against the reported number (as for the FTC file), and dropping it would lose that evidence. A
 * reporter that is present but unparseable is rejected like any other bad number.
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
        if (row.fields[1] == null) {
            throw new InvalidRecordException("missing column reporter");
        }
        String reporter = RowValues.optional(row, 1);
        return Complaint.newBuilder()
                .setComplaintId(complaintId)
                .setReporter(
                        reporter == null ? null : RowValues.number(reporter, "reporter", region))
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
