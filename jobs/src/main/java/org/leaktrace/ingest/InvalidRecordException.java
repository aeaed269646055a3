package org.leaktrace.ingest;

/**
 * An input value or row that cannot be turned into a record, with a human-readable reason.
 *
 * <p>Checked, so every caller decides where a bad record goes (usually a dead letter). Bad input is
 * routine in operators' exports, so the exception carries no stack trace: building one per rejected
 * row would cost more than parsing the row.
 */
public class InvalidRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String reason) {
        super(reason, null, false, false);
    }

    /** The reason, as written to the dead letter. */
    public String reason() {
        return getMessage();
    }
}
