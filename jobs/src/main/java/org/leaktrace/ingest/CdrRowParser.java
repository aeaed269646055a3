package org.leaktrace.ingest;

import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;

import java.util.Locale;

/**
 * Parses a row of the contract's {@code cdr.csv} into a {@link CallRecord}.
 *
 * <p>Numbers are normalized with {@link PhoneNumbers} in the configured region. The first problem
 * in column order is the reason given; {@code caller_imei} and {@code cell_id} are optional and may
 * be missing from the header or empty.
 */
public final class CdrRowParser implements RowParser<CallRecord> {

    private static final long serialVersionUID = 1L;

    /** The cdr.csv columns, in the order this parser reads them. */
    public static final String[] COLUMNS = {
        "record_id",
        "type",
        "caller",
        "callee",
        "start_time",
        "duration_s",
        "answered",
        "caller_imei",
        "cell_id"
    };

    private final String region;

    /**
     * @param region region assumed for numbers written without a country code
     */
    public CdrRowParser(String region) {
        this.region = region;
    }

    @Override
    public String[] columns() {
        return COLUMNS.clone();
    }

    @Override
    public Class<CallRecord> recordClass() {
        return CallRecord.class;
    }

    @Override
    public CallRecord parse(CsvRow row) throws InvalidRecordException {
        return CallRecord.newBuilder()
                .setRecordId(RowValues.required(row, 0, "record_id"))
                .setType(callType(RowValues.required(row, 1, "type")))
                .setCaller(RowValues.number(RowValues.required(row, 2, "caller"), "caller", region))
                .setCallee(RowValues.number(RowValues.required(row, 3, "callee"), "callee", region))
                .setStartTime(
                        RowValues.offsetTimestamp(
                                RowValues.required(row, 4, "start_time"), "start_time"))
                .setDurationS(
                        RowValues.nonNegativeSeconds(
                                RowValues.required(row, 5, "duration_s"), "duration_s"))
                .setAnswered(RowValues.bool(RowValues.required(row, 6, "answered"), "answered"))
                .setCallerImei(RowValues.optional(row, 7))
                .setCellId(RowValues.optional(row, 8))
                .build();
    }

    private static CallType callType(String value) throws InvalidRecordException {
        switch (value.toUpperCase(Locale.ROOT)) {
            case "VOICE":
                return CallType.VOICE;
            case "SMS":
                return CallType.SMS;
            default:
                throw new InvalidRecordException("unknown type '" + RowValues.quote(value) + "'");
        }
    }
}
